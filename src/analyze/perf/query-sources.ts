// The query checks (perf.n-plus-one, perf.queries-per-request, perf.slow-query) judge two sources: pg_stat_statements
// deltas per load window (--database-url) and production traces (--traces). Findings from both count; the check is
// skipped only when neither could judge, with both reasons.
import type { EvidenceFacts } from '../../facts/evidence.js';
import type { DatabaseFacts } from '../../facts/pgstats.js';
import type { FindingDraft } from '../../types.js';
import { NO_LOAD_WINDOWS, routeLoadsOf, statStatementsMissing } from './database-routes.js';
import type { RouteQueryLoad } from './query-findings.js';

export interface QuerySources {
  /** From the load windows; `routes` is null when the load stage did not run with the database. */
  fromDatabase(database: DatabaseFacts, routes: RouteQueryLoad[] | null): FindingDraft[] | null;
  fromTraces(evidence: EvidenceFacts): FindingDraft[];
}

export function judgeQuerySources(database: DatabaseFacts | undefined, evidence: EvidenceFacts | undefined, judge: QuerySources): FindingDraft[] | { inputMissing: string } {
  const reasons: string[] = [];
  const drafts: FindingDraft[] = [];
  let judged = false;
  const missing = statStatementsMissing(database);
  if (database && !missing) {
    const fromDb = judge.fromDatabase(database, routeLoadsOf(database));
    if (fromDb === null) reasons.push(NO_LOAD_WINDOWS);
    else {
      judged = true;
      drafts.push(...fromDb);
    }
  } else reasons.push(missing ?? 'no database facts');
  if (evidence?.traces) {
    judged = true;
    drafts.push(...judge.fromTraces(evidence));
  } else reasons.push('no production traces (--traces FILE, OTLP JSON) to read queries per request from');
  return judged ? drafts : { inputMissing: reasons.join('; or ') };
}

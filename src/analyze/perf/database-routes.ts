// The database facts in the neutral shapes of query-findings.ts, and the reason the query checks cannot judge.
import type { DatabaseFacts } from '../../facts/pgstats.js';
import type { RouteQueryLoad, RouteQueryStat } from './query-findings.js';

const SOURCE = 'pg_stat_statements';

/** "(1) line (2) line": the fix lines in order (postgresql.conf and restart first, then CREATE EXTENSION). */
export function fixSteps(lines: readonly string[]): string {
  return lines.length === 1 ? (lines[0] as string) : lines.map((l, i) => `(${i + 1}) ${l}`).join(' ');
}

/** Why the pg_stat_statements-based checks are skipped, with the lines that fix it; null when they can judge. */
export function statStatementsMissing(database: DatabaseFacts | undefined): string | null {
  if (!database)
    return 'no database facts: give --database-url (or database.urlEnv in the config) to measure queries per route (when one was given, the database collector failed: see the db checks)';
  const s = database.statStatements;
  if (s.problem) return `${s.problem}; fix: ${fixSteps(s.fix)}`;
  return null;
}

/** Per-route loads from the load windows, or null when the load stage did not run with the database. */
export function routeLoadsOf(database: DatabaseFacts): RouteQueryLoad[] | null {
  if (database.routes === null) return null;
  return database.routes.map((w) => ({
    route: w.route,
    queriesPerRequest: w.queriesPerRequest,
    requests: w.requestsSent,
    source: SOURCE,
    statements: w.statements.map(
      (s): RouteQueryStat => ({
        route: w.route,
        fingerprint: s.fingerprint,
        query: s.query,
        callsPerRequest: w.requestsSent > 0 ? s.calls / w.requestsSent : null,
        meanMs: s.meanMs,
        calls: s.calls,
        rowsPerCall: s.calls > 0 ? s.rows / s.calls : null,
        source: SOURCE,
      }),
    ),
  }));
}

/** Statements since the last statistics reset, not tied to a route. */
export function databaseWideStats(database: DatabaseFacts): RouteQueryStat[] {
  return database.topStatements.map((s) => ({ route: null, fingerprint: s.fingerprint, query: s.query, callsPerRequest: null, meanMs: s.meanMs, calls: s.calls, source: SOURCE }));
}

export const NO_LOAD_WINDOWS = 'no load windows: per-route query counts need the load stage to run with --database-url (launchready load --database-url URL)';

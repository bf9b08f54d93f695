import { fixSteps, routeLoadsOf, statStatementsMissing } from '../../analyze/perf/database-routes.js';
import { queryReadsTable, suggestIndex } from '../../analyze/sql/suggest-index.js';
import { defineCheck, notApplicable } from '../define.js';

const SEQ_SCAN_MIN_ROWS = 10_000;
const SEQ_SCAN_MAX_SHARE = 0.05;

export default defineCheck(
  {
    id: 'db.seq-scan-heavy',
    title: 'Large tables are read through indexes',
    failureTitle: 'A large table is read by sequential scans',
    requires: ['database'],
    fix: 'Index the columns the scanning queries filter on (CREATE INDEX CONCURRENTLY), or make those queries use an existing index.',
    docs: {
      why: `A sequential scan reads the whole table: on a table with ${SEQ_SCAN_MIN_ROWS.toLocaleString('en-US')}+ rows it costs time and cache on every call and grows with the data. PgHero's rule: more than ${SEQ_SCAN_MAX_SHARE * 100}% of the table's scans are sequential (pg_stat_user_tables, since the statistics were last reset). With pg_stat_statements the finding names the queries (and the routes, when the load stage ran) that filter the table and the index they need.`,
      fix: 'Create the suggested index without blocking writes: `CREATE INDEX CONCURRENTLY IF NOT EXISTS events_account_id_idx ON events (account_id);` (equality columns first, then one range column), then confirm with `EXPLAIN (ANALYZE, BUFFERS)` that the query uses it. A scan that must read most rows (a report) belongs in a background job or a summary table instead.',
      references: [
        'https://github.com/ankane/pghero',
        'https://www.postgresql.org/docs/current/monitoring-stats.html#MONITORING-PG-STAT-ALL-TABLES-VIEW',
        'https://www.postgresql.org/docs/current/indexes-multicolumn.html',
      ],
    },
  },
  ({ database }) => {
    const large = database.tables.filter((t) => t.rows >= SEQ_SCAN_MIN_ROWS);
    if (large.length === 0) return notApplicable(`no table with ${SEQ_SCAN_MIN_ROWS}+ rows`);
    const statsMissing = statStatementsMissing(database);
    const routes = routeLoadsOf(database) ?? [];
    const routeStatements = routes.flatMap((r) => r.statements).sort((a, b) => (b.meanMs ?? 0) * b.calls - (a.meanMs ?? 0) * a.calls);
    const wide = [...database.topStatements];
    return large
      .filter((t) => t.seqScan > 0 && t.seqScan / (t.seqScan + t.idxScan) > SEQ_SCAN_MAX_SHARE)
      .map((t) => {
        const name = t.schema === 'public' ? t.table : `${t.schema}.${t.table}`;
        const reading = routeStatements.filter((s) => queryReadsTable(s.query, t.schema, t.table));
        const queries = [...reading.map((s) => s.query), ...wide.filter((s) => queryReadsTable(s.query, t.schema, t.table)).map((s) => s.query)];
        const suggestion = suggestIndex(queries, t.schema, t.table, t.columns);
        const indexedAlready = suggestion !== null && t.indexedLeadingColumns.includes(suggestion.columns[0] as string);
        const fromQuery = suggestion ? reading.find((s) => s.query === suggestion.query) : undefined;
        const routesReading = [...new Set(reading.map((s) => s.route).filter((r): r is string => r !== null))];
        const share = Math.round((t.seqScan / (t.seqScan + t.idxScan)) * 1000) / 10;
        return {
          target: name,
          title: `${name} (${t.rows.toLocaleString('en-US')} rows) is read by sequential scans in ${share}% of scans`,
          evidence: {
            table: name,
            rows: t.rows,
            seqScanPct: share,
            seqScan: t.seqScan,
            idxScan: t.idxScan,
            seqTupRead: t.seqTupRead,
            sizeBytes: t.sizeBytes,
            // the route spending the most time on the table (the report's top-3 ties findings to routes by evidence.route)
            route: routesReading[0] ?? null,
            routes: routesReading,
            query: suggestion?.query ?? queries[0] ?? null,
            callsPerRequest: fromQuery?.callsPerRequest === null || fromQuery === undefined ? null : Math.round(fromQuery.callsPerRequest * 100) / 100,
            meanMs: fromQuery?.meanMs ?? null,
            suggestedIndex: suggestion && !indexedAlready ? suggestion.statement : null,
            statsSince: database.statsResetAt ?? 'the cluster was created (never reset)',
            ...(statsMissing ? { queriesUnknown: statsMissing } : {}),
          },
          fix:
            suggestion && !indexedAlready
              ? `${suggestion.statement}  -- from: ${suggestion.query}`
              : suggestion
                ? `An index on ${suggestion.columns[0]} exists but the planner does not use it for ${suggestion.query}: EXPLAIN (ANALYZE, BUFFERS) it; a multicolumn index (${suggestion.columns.join(', ')}) or fresh statistics (ANALYZE ${name}) may be needed.`
                : `Find the queries that scan ${name} (${statsMissing ? `enable pg_stat_statements: ${fixSteps(database.statStatements.fix)}` : 'pg_stat_statements, EXPLAIN'}) and index the columns they filter on with CREATE INDEX CONCURRENTLY.`,
        };
      });
  },
);

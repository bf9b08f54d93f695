import { traceSlowQueryFindings } from '../../analyze/evidence-findings.js';
import { databaseWideStats } from '../../analyze/perf/database-routes.js';
import { SLOW_QUERY_MS, slowQueryDrafts } from '../../analyze/perf/query-findings.js';
import { judgeQuerySources } from '../../analyze/perf/query-sources.js';
import { defineCheck } from '../define.js';

export default defineCheck(
  {
    id: 'perf.slow-query',
    title: `Queries average under ${SLOW_QUERY_MS} ms`,
    failureTitle: `A query averages more than ${SLOW_QUERY_MS} ms`,
    requires: [],
    optional: ['database', 'evidence'],
    fix: 'EXPLAIN (ANALYZE, BUFFERS) the query with real parameters and add the index its filter or sort needs; select fewer rows; move heavy reports off the request path.',
    docs: {
      why: `A query whose mean execution time exceeds ${SLOW_QUERY_MS} ms holds a connection that long on every call: at 10x traffic the pool runs dry and every route waits. Measured per route over each load window when the load stage ran with --database-url, else over everything pg_stat_statements recorded since its last reset.`,
      fix: 'Run `EXPLAIN (ANALYZE, BUFFERS)` on the query with representative parameters. A Seq Scan over many rows under a filter needs an index (`CREATE INDEX CONCURRENTLY ... ON table (filter columns)`); a big sort needs an index on the sort columns; a report that reads much of a table belongs in a background job or a materialised view.',
      references: ['https://www.postgresql.org/docs/current/using-explain.html', 'https://www.postgresql.org/docs/current/pgstatstatements.html'],
    },
  },
  ({ database, evidence }) =>
    judgeQuerySources(database, evidence, {
      fromDatabase: (database, routes) => slowQueryDrafts(routes === null ? databaseWideStats(database) : routes.flatMap((r) => r.statements)),
      fromTraces: (evidence) => traceSlowQueryFindings(evidence),
    }),
);

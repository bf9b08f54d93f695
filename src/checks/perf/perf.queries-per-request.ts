import { traceQueriesPerRequestFindings } from '../../analyze/evidence-findings.js';
import { QUERIES_PER_REQUEST_LIMIT, queriesPerRequestDrafts } from '../../analyze/perf/query-findings.js';
import { judgeQuerySources } from '../../analyze/perf/query-sources.js';
import { defineCheck } from '../define.js';

export default defineCheck(
  {
    id: 'perf.queries-per-request',
    title: `Routes average at most ${QUERIES_PER_REQUEST_LIMIT} queries per request`,
    failureTitle: `A route averages more than ${QUERIES_PER_REQUEST_LIMIT} queries per request`,
    requires: [],
    optional: ['database', 'evidence'],
    fix: 'Batch the queries (one query for a list and its related rows), cache what does not change per request, and drop repeated lookups.',
    docs: {
      why: `Every query is a round trip to the database and holds a pooled connection. A route that averages more than ${QUERIES_PER_REQUEST_LIMIT} queries per request multiplies its latency by the round-trip time and exhausts the connection pool early under load. Transaction control and session settings (BEGIN, COMMIT, SET, SHOW) are not counted.`,
      fix: 'Look at the route’s top queries in the finding: load related rows in one query (`WHERE key = ANY($1)`, a JOIN, or the ORM’s eager loading), cache per-request lookups (current user, settings, feature flags) once per request, and move counts and aggregates into one query.',
      references: ['https://www.postgresql.org/docs/current/pgstatstatements.html'],
    },
  },
  ({ database, evidence }) =>
    judgeQuerySources(database, evidence, {
      fromDatabase: (_, routes) => (routes === null ? null : queriesPerRequestDrafts(routes)),
      fromTraces: (evidence) => traceQueriesPerRequestFindings(evidence),
    }),
);

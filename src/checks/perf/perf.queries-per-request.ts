import { NO_LOAD_WINDOWS, routeLoadsOf, statStatementsMissing } from '../../analyze/perf/database-routes.js';
import { QUERIES_PER_REQUEST_LIMIT, queriesPerRequestDrafts } from '../../analyze/perf/query-findings.js';
import { defineCheck, inputMissing } from '../define.js';

export default defineCheck(
  {
    id: 'perf.queries-per-request',
    title: `Routes average at most ${QUERIES_PER_REQUEST_LIMIT} queries per request`,
    failureTitle: `A route averages more than ${QUERIES_PER_REQUEST_LIMIT} queries per request`,
    requires: [],
    optional: ['database'],
    fix: 'Batch the queries (one query for a list and its related rows), cache what does not change per request, and drop repeated lookups.',
    docs: {
      why: `Every query is a round trip to the database and holds a pooled connection. A route that averages more than ${QUERIES_PER_REQUEST_LIMIT} queries per request multiplies its latency by the round-trip time and exhausts the connection pool early under load. Transaction control and session settings (BEGIN, COMMIT, SET, SHOW) are not counted.`,
      fix: 'Look at the route’s top queries in the finding: load related rows in one query (`WHERE key = ANY($1)`, a JOIN, or the ORM’s eager loading), cache per-request lookups (current user, settings, feature flags) once per request, and move counts and aggregates into one query.',
      references: ['https://www.postgresql.org/docs/current/pgstatstatements.html'],
    },
  },
  ({ database }) => {
    const missing = statStatementsMissing(database);
    if (missing || !database) return inputMissing(missing ?? 'no database facts');
    const routes = routeLoadsOf(database);
    if (routes === null) return inputMissing(NO_LOAD_WINDOWS);
    return queriesPerRequestDrafts(routes);
  },
);

import { traceNPlusOneFindings } from '../../analyze/evidence-findings.js';
import { N_PLUS_ONE_MIN_CALLS, nPlusOneDrafts } from '../../analyze/perf/query-findings.js';
import { judgeQuerySources } from '../../analyze/perf/query-sources.js';
import { defineCheck } from '../define.js';

export default defineCheck(
  {
    id: 'perf.n-plus-one',
    title: 'No route runs the same query once per row (N+1)',
    failureTitle: 'A route runs the same query once per row (N+1)',
    requires: [],
    optional: ['database', 'evidence'],
    fix: 'Load the related rows in one query (WHERE key = ANY($1), a JOIN, or the ORM’s eager loading) instead of one query per row.',
    docs: {
      why: `An N+1 route runs one query for a list and then one more per row: ${N_PLUS_ONE_MIN_CALLS} or more calls of the same normalised query per request, or as many calls per request as rows the route's list query returned (so the count grows with the data). Each call is a network round trip and a planner pass, so the route gets slower with every row and its database load grows with traffic times rows; it is usually the first thing to break at 10x traffic.`,
      fix: 'Fetch the related rows for all parents at once: `SELECT ... FROM posts WHERE author_id = ANY($1)` with the array of ids, or a JOIN. In an ORM use eager loading: Rails `includes(:posts)` / `preload`, Django `select_related` / `prefetch_related`, Prisma `include: { posts: true }`, SQLAlchemy `selectinload`, Sequelize `include`, TypeORM `relations`. Measured with `--database-url` during the load stage (pg_stat_statements deltas per route window, see docs/perf-postgres.md).',
      references: [
        'https://www.postgresql.org/docs/current/pgstatstatements.html',
        'https://guides.rubyonrails.org/active_record_querying.html#eager-loading-associations',
        'https://docs.djangoproject.com/en/stable/ref/models/querysets/#prefetch-related',
      ],
    },
  },
  ({ database, evidence }) =>
    judgeQuerySources(database, evidence, {
      fromDatabase: (_, routes) => (routes === null ? null : nPlusOneDrafts(routes)),
      fromTraces: traceNPlusOneFindings,
    }),
);

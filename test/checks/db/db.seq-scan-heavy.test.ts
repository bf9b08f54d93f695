import check from '../../../src/checks/db/db.seq-scan-heavy.ts';
import { checkTester } from '../../support/check-tester.ts';
import { NOT_PRELOADED, routeWindow, statement, table, withDatabase } from '../../support/database-facts.ts';

const EVENTS_COLUMNS = ['id', 'account_id', 'kind', 'created_at'];
const FILTER = statement('SELECT count(*)::int AS n FROM events WHERE account_id = $1 AND created_at > $2', 30, 40, '9');

checkTester(check, {
  pass: [
    { name: 'exactly 5% sequential', facts: withDatabase({ tables: [table('events', 200_000, 5, 95, EVENTS_COLUMNS)] }) },
    { name: 'a small table scanned sequentially', facts: withDatabase({ tables: [table('events', 200_000, 0, 10, EVENTS_COLUMNS), table('settings', 9_999, 500, 0)] }) },
  ],
  fail: [
    {
      name: 'a route filters the large table: equality then range column suggested, the route named',
      facts: withDatabase({
        tables: [table('events', 200_000, 40, 10, EVENTS_COLUMNS)],
        routes: [routeWindow('GET /events', 30, [FILTER]), routeWindow('GET /clean', 30, [statement('SELECT id FROM authors WHERE id = $1', 30, 0.1)])],
      }),
      findings: [
        {
          target: 'events',
          evidence: {
            seqScanPct: 80,
            route: 'GET /events',
            routes: ['GET /events'],
            callsPerRequest: 1,
            meanMs: 40,
            suggestedIndex: 'CREATE INDEX CONCURRENTLY IF NOT EXISTS events_account_id_created_at_idx ON events (account_id, created_at);',
          },
          fix: /^CREATE INDEX CONCURRENTLY IF NOT EXISTS events_account_id_created_at_idx ON events \(account_id, created_at\);/,
        },
      ],
    },
    {
      name: 'catalog only with a join alias, from statements since reset',
      facts: withDatabase({
        tables: [table('events', 200_000, 40, 10, EVENTS_COLUMNS)],
        topStatements: [statement('SELECT e.id, a.name FROM events e JOIN accounts a ON a.id = e.account_id WHERE e.kind = $1', 100, 20)],
      }),
      findings: [{ target: 'events', evidence: { routes: [], suggestedIndex: 'CREATE INDEX CONCURRENTLY IF NOT EXISTS events_kind_idx ON events (kind);' } }],
    },
    {
      name: 'without pg_stat_statements: still judged from the statistics views, the fix says how to find the queries',
      facts: withDatabase({ statStatements: NOT_PRELOADED, tables: [table('events', 200_000, 40, 10, EVENTS_COLUMNS)] }),
      findings: [{ target: 'events', evidence: { suggestedIndex: null }, fix: /shared_preload_libraries = 'pg_stat_statements'/ }],
    },
  ],
  notApplicable: [{ name: 'no table with 10,000+ rows', facts: withDatabase({ tables: [table('settings', 50, 10, 0)] }) }],
});

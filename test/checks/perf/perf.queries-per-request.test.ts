import check from '../../../src/checks/perf/perf.queries-per-request.ts';
import { checkTester } from '../../support/check-tester.ts';
import { NOT_PRELOADED, routeWindow, statement, withDatabase } from '../../support/database-facts.ts';

checkTester(check, {
  pass: [
    { name: 'exactly 20 queries per request', facts: withDatabase({ routes: [routeWindow('GET /dashboard', 10, [statement('SELECT * FROM widgets WHERE id = $1', 200, 0.2)])] }) },
  ],
  fail: [
    {
      name: '31 queries per request, the most frequent named',
      facts: withDatabase({
        routes: [
          routeWindow('GET /dashboard', 10, [statement('SELECT * FROM widgets WHERE id = $1', 300, 0.2, '7'), statement('SELECT * FROM users WHERE id = $1', 10, 0.1, '8')]),
          routeWindow('GET /health', 10, [statement('SELECT $1', 10, 0.01)]),
        ],
      }),
      findings: [
        {
          target: 'GET /dashboard',
          evidence: { queriesPerRequest: 31, limit: 20, requests: 10 },
          fix: /SELECT \* FROM widgets WHERE id = ANY\(\$1\)/,
        },
      ],
    },
  ],
  notRun: [
    { name: 'pg_stat_statements missing', status: 'skipped', facts: withDatabase({ statStatements: NOT_PRELOADED }) },
    { name: 'no load windows', status: 'skipped', facts: withDatabase() },
  ],
});

import check from '../../../src/checks/perf/perf.slow-query.ts';
import { checkTester } from '../../support/check-tester.ts';
import { NOT_PRELOADED, routeWindow, statement, withDatabase } from '../../support/database-facts.ts';

checkTester(check, {
  pass: [
    {
      name: 'a route whose queries average 100 ms or less',
      facts: withDatabase({ routes: [routeWindow('GET /report', 5, [statement('SELECT sum(total) FROM orders', 5, 100)])] }),
    },
    { name: 'catalog only: statements since reset under 100 ms', facts: withDatabase({ topStatements: [statement('SELECT * FROM orders WHERE id = $1', 1000, 3)] }) },
  ],
  fail: [
    {
      name: 'a query averaging 240 ms in a route window',
      facts: withDatabase({
        routes: [
          routeWindow('GET /report', 5, [statement('SELECT sum(total) FROM orders WHERE created_at > $1', 10, 240, '55')]),
          routeWindow('GET /fast', 5, [statement('SELECT 1', 5, 0.01)]),
        ],
      }),
      findings: [
        {
          target: 'GET /report',
          evidence: { route: 'GET /report', meanMs: 240, callsPerRequest: 2, calls: 10, query: 'SELECT sum(total) FROM orders WHERE created_at > $1' },
          fix: /EXPLAIN \(ANALYZE, BUFFERS\) SELECT sum/,
        },
      ],
    },
    {
      name: 'catalog only: a statement since the last reset',
      facts: withDatabase({ topStatements: [statement('SELECT * FROM events WHERE account_id = $1', 900, 150.5)] }),
      findings: [{ target: 'database', evidence: { route: null, meanMs: 150.5, callsPerRequest: null } }],
    },
  ],
  notRun: [{ name: 'pg_stat_statements missing', status: 'skipped', facts: withDatabase({ statStatements: NOT_PRELOADED }) }],
});

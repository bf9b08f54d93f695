import check from '../../../src/checks/perf/perf.n-plus-one.ts';
import { checkTester } from '../../support/check-tester.ts';
import { NOT_PRELOADED, routeWindow, statement, withDatabase } from '../../support/database-facts.ts';
import { nPlusOneOrdersRoute, withTraces } from '../../support/evidence-facts.ts';
import { factsWith } from '../../support/facts.ts';

const LIST = statement('SELECT id, name FROM authors ORDER BY id LIMIT $1', 20, 0.2, '101');
const PER_ROW = statement('SELECT id, title FROM posts WHERE author_id = $1 ORDER BY id', 200, 0.4, '202');

checkTester(check, {
  pass: [
    {
      name: 'each query once or twice per request',
      facts: withDatabase({ routes: [routeWindow('GET /authors/1', 20, [statement('SELECT id, name FROM authors WHERE id = $1', 40, 0.1)])] }),
    },
    { name: 'a query 4 times per request (under 5)', facts: withDatabase({ routes: [routeWindow('GET /a', 10, [statement('SELECT 1 FROM t WHERE id = $1', 40, 0.1)])] }) },
    {
      name: 'a query twice per request next to a list of 5 rows (no match)',
      facts: withDatabase({
        routes: [
          routeWindow('GET /b', 10, [{ ...statement('SELECT id FROM teams LIMIT $1', 10, 0.2, '1'), rows: 50 }, statement('SELECT * FROM settings WHERE k = $1', 20, 0.1, '3')]),
        ],
      }),
    },
  ],
  fail: [
    {
      name: 'the list, then one query per listed row',
      facts: withDatabase({
        routes: [routeWindow('GET /authors', 20, [PER_ROW, LIST]), routeWindow('GET /authors/1', 20, [statement('SELECT id FROM authors WHERE id = $1', 20, 0.1)])],
      }),
      findings: [
        {
          target: 'GET /authors',
          evidence: {
            route: 'GET /authors',
            callsPerRequest: 10,
            queriesPerRequest: 11,
            meanMs: 0.4,
            query: 'SELECT id, title FROM posts WHERE author_id = $1 ORDER BY id',
            fingerprint: '202',
          },
          fix: /SELECT id, title FROM posts WHERE author_id = ANY\(\$1\) ORDER BY id/,
          title: /10 times per request/,
        },
      ],
    },
    {
      name: 'fewer than 5 calls, but one per row the list returned (grows with the rows)',
      facts: withDatabase({
        routes: [
          routeWindow('GET /teams', 10, [
            { ...statement('SELECT id FROM teams LIMIT $1', 10, 0.2, '1'), rows: 30 },
            { ...statement('SELECT * FROM members WHERE team_id = $1', 30, 0.3, '2'), rows: 90 },
          ]),
        ],
      }),
      findings: [{ target: 'GET /teams', evidence: { callsPerRequest: 3, rule: 'once per listed row', listQuery: 'SELECT id FROM teams LIMIT $1', rowsListed: 3 } }],
    },
    {
      name: 'a literal left in the text is masked',
      facts: withDatabase({ routes: [routeWindow('GET /orders', 10, [statement("SELECT * FROM items WHERE order_id = $1 AND note = 'secret customer note'", 80, 1)])] }),
      findings: [{ target: 'GET /orders', evidence: { query: "SELECT * FROM items WHERE order_id = $1 AND note = '?'", callsPerRequest: 8 } }],
    },
    {
      name: 'from production traces alone (no database facts)',
      facts: factsWith({
        evidence: withTraces([nPlusOneOrdersRoute()]),
      }),
      findings: [{ target: 'GET /api/orders', evidence: { medianPerRequest: 12, query: 'SELECT * FROM order_items WHERE order_id = ?' } }],
    },
  ],
  notRun: [
    { name: 'neither pg_stat_statements nor traces: skipped with both reasons', status: 'skipped', facts: factsWith({}) },
    { name: 'pg_stat_statements not preloaded: skipped with the fix', status: 'skipped', facts: withDatabase({ statStatements: NOT_PRELOADED }) },
    { name: 'catalog only (the load stage did not run)', status: 'skipped', facts: withDatabase({ routes: null }) },
    { name: 'the collector failed', status: 'skipped', facts: factsWith({ database: { error: { code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:5432' } } }) },
  ],
});

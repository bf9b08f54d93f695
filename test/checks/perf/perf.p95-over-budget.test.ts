import check from '../../../src/checks/perf/perf.p95-over-budget.ts';
import { checkTester } from '../../support/check-tester.ts';
import { accessRoute, withAccessLog } from '../../support/evidence-facts.ts';
import { factsWith } from '../../support/facts.ts';
import { loadFacts, measuredRoute, refusedRoute } from '../../support/load-facts.ts';

checkTester(check, {
  pass: [
    {
      name: 'every route within budget',
      facts: factsWith({ load: loadFacts([measuredRoute({ path: '/api/orders', p95Ms: 120 }), measuredRoute({ path: '/r', kind: 'report', p95Ms: 790 })]) }),
    },
    { name: 'exactly at the budget', facts: factsWith({ load: loadFacts([measuredRoute({ path: '/api/orders', p95Ms: 300 })]) }) },
  ],
  fail: [
    {
      name: 'a read over 300 ms',
      facts: factsWith({ load: loadFacts([measuredRoute({ path: '/api/orders', p95Ms: 450 }), measuredRoute({ path: '/ok', p95Ms: 20 })]) }),
      findings: [{ target: 'GET /api/orders', severity: 'high', evidence: { p95Ms: 450, budgetMs: 300, overBudget: '1.5x' }, title: /p95 450 ms is over its 300 ms budget/ }],
    },
    {
      name: 'over twice the budget is a blocker',
      facts: factsWith({ load: loadFacts([measuredRoute({ path: '/api/reports/monthly', kind: 'report', p95Ms: 1700 })]) }),
      findings: [{ target: 'GET /api/reports/monthly', severity: 'blocker', evidence: { budgetMs: 800 } }],
    },
    {
      name: 'a configured budget',
      facts: factsWith({
        load: loadFacts([measuredRoute({ path: '/health', kind: 'health', budgetMs: 50, p95Ms: 60 }), refusedRoute('/elsewhere', 'DNS', 'x.test does not resolve')]),
      }),
      findings: [{ target: 'GET /health', evidence: { budgetMs: 50 } }],
    },
    {
      name: 'from a production access log alone (no load test)',
      facts: factsWith({ evidence: withAccessLog([accessRoute('GET', '/api/orders/:id', 700), accessRoute('GET', '/fast', 20)]) }),
      findings: [{ target: 'GET /api/orders/:id', severity: 'blocker', evidence: { source: 'production', p95Ms: 700, budgetMs: 300 } }],
    },
    {
      name: 'the load test and the access log both count',
      facts: factsWith({
        load: loadFacts([measuredRoute({ path: '/api/orders', p95Ms: 450 })]),
        evidence: withAccessLog([accessRoute('GET', '/api/search', 400)]),
      }),
      findings: [
        { target: 'GET /api/search', evidence: { source: 'production' } },
        { target: 'GET /api/orders', evidence: { p95Ms: 450 } },
      ],
    },
  ],
  notRun: [
    { name: 'every route refused by the loopback gate (needs --yes)', facts: factsWith({ load: loadFacts([refusedRoute('/api/orders')]) }), status: 'skipped' },
    { name: 'every route refused by DNS', facts: factsWith({ load: loadFacts([refusedRoute('/api/orders', 'DNS', 'x does not resolve')]) }), status: 'error' },
    { name: 'no load facts', facts: factsWith({}, {}, { load: 'no routes configured' }), status: 'skipped' },
  ],
});

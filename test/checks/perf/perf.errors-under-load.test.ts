import check from '../../../src/checks/perf/perf.errors-under-load.ts';
import { checkTester } from '../../support/check-tester.ts';
import { factsWith } from '../../support/facts.ts';
import { loadFacts, measuredRoute, refusedRoute } from '../../support/load-facts.ts';

checkTester(check, {
  pass: [
    { name: 'no errors', facts: factsWith({ load: loadFacts([measuredRoute({ path: '/api/orders' })]) }) },
    { name: 'exactly 1% (2 of 200) is not more than 1%', facts: factsWith({ load: loadFacts([measuredRoute({ path: '/api/orders', errors: { status5xx: 2 } })]) }) },
    {
      name: '4xx statuses are the request’s fault, not load',
      facts: factsWith({ load: loadFacts([measuredRoute({ path: '/api/me', errors: { status4xx: 200 }, errorsPct: 100 })]) }),
    },
  ],
  fail: [
    {
      name: '5xx and timeouts over 1%',
      facts: factsWith({ load: loadFacts([measuredRoute({ path: '/api/orders', errors: { status5xx: 3, timeout: 2, reset: 1 } })]) }),
      findings: [
        { target: 'GET /api/orders', evidence: { failedPct: 3, failed: 6, errorsByClass: { status5xx: 3, timeout: 2, reset: 1 } }, title: /3% of requests failed at 20 req\/s/ },
      ],
    },
    {
      name: 'an error storm stopped the baseline',
      facts: factsWith({ load: loadFacts([measuredRoute({ path: '/api/orders', errors: { refused: 1 }, stoppedBy: 'error-storm' })]) }),
      findings: [{ evidence: { stoppedBy: 'error-storm' } }],
    },
    {
      name: 'a storm of 4xx (a wrong token) stopped the baseline: says the probe was refused, not "0% failed"',
      facts: factsWith({ load: loadFacts([measuredRoute({ path: '/api/orders', errors: { status4xx: 6 }, errorsPct: 100, stoppedBy: 'error-storm' })]) }),
      findings: [
        { evidence: { failed: 0, stoppedBy: 'error-storm' }, title: /^GET \/api\/orders: the load stopped at 20 req\/s because the route answered 4xx to 6 of \d+ requests$/ },
      ],
    },
  ],
  notRun: [{ name: 'loopback gate', facts: factsWith({ load: loadFacts([refusedRoute('/a'), refusedRoute('/b')]) }), status: 'skipped' }],
});

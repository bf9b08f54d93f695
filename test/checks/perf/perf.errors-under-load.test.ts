import check from '../../../src/checks/perf/perf.errors-under-load.ts';
import { checkTester } from '../../support/check-tester.ts';
import { factsWith } from '../../support/facts.ts';
import { loadFacts, measuredRoute, refusedRoute } from '../../support/load-facts.ts';

checkTester(check, {
  pass: [
    { name: 'no errors', facts: factsWith({ load: loadFacts([measuredRoute({ path: '/api/orders' })]) }) },
    { name: 'exactly 1% (2 of 200) is not more than 1%', facts: factsWith({ load: loadFacts([measuredRoute({ path: '/api/orders', errors: { status5xx: 2 } })]) }) },
    {
      name: 'some 4xx (a rate limit answering 429 to 30 of 200) are not server failures',
      facts: factsWith({ load: loadFacts([measuredRoute({ path: '/api/me', errors: { status4xx: 30 }, errorsPct: 15, refusals: { outcomes: 260, statuses: {} } })]) }),
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
    {
      name: 'every request answered 404, the run ended by its duration (no storm stop): refused, not passed',
      facts: factsWith({
        load: loadFacts([measuredRoute({ path: '/nope', requests: 5, errors: { status4xx: 5 }, errorsPct: 100, refusals: { outcomes: 5, statuses: { 404: 5 } } })]),
      }),
      findings: [
        {
          evidence: { refusedStatus: 404, refused: 5, outcomes: 5, stoppedBy: 'duration' },
          title: /^GET \/nope: refused: answered 404 to 5 of 5 requests — check the path, method and headers$/,
        },
      ],
    },
    {
      name: 'facts saved before per-status counts: all measured requests 4xx is refused too',
      facts: factsWith({ load: loadFacts([measuredRoute({ path: '/api/me', errors: { status4xx: 200 }, errorsPct: 100 })]) }),
      findings: [{ title: /^GET \/api\/me: refused: answered 4xx to 200 of 200 requests/ }],
    },
  ],
  notRun: [{ name: 'loopback gate', facts: factsWith({ load: loadFacts([refusedRoute('/a'), refusedRoute('/b')]) }), status: 'skipped' }],
});

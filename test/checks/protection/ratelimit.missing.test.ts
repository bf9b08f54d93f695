import check from '../../../src/checks/protection/ratelimit.missing.ts';
import { checkTester } from '../../support/check-tester.ts';
import { limitedResult, probeResult, protectionFacts, routeProbe } from '../../support/evidence-facts.ts';
import { factsWith } from '../../support/facts.ts';

const refused = probeResult('login', {
  sent: 0,
  answered: 0,
  statuses: {},
  refused: { code: 'NON_LOOPBACK', message: 'app.acme.test resolves to 192.0.2.10, not loopback' },
  stoppedBy: 'refused',
});

checkTester(check, {
  pass: [
    {
      name: 'login answers 429 at the sixth request',
      facts: factsWith({ protection: protectionFacts({ probes: [routeProbe('POST /api/login', limitedResult('login', '30'))] }) }),
    },
    {
      name: 'every probed route is limited',
      facts: factsWith({
        protection: protectionFacts({
          probes: [routeProbe('POST /api/login', limitedResult('login', '30')), routeProbe('POST /hooks/stripe', limitedResult('webhook', null))],
        }),
      }),
    },
  ],
  fail: [
    {
      name: 'an unlimited login is a blocker, an unlimited public API is high; the request count is in the evidence',
      facts: factsWith({
        protection: protectionFacts({
          probes: [
            routeProbe('POST /api/login', probeResult('login')),
            routeProbe('GET /api/v1/items', probeResult('public-api', { method: 'GET', url: 'https://app.acme.test/api/v1/items' })),
            routeProbe('POST /api/reset', limitedResult('password-reset', '60', { url: 'https://app.acme.test/api/reset' })),
          ],
        }),
      }),
      findings: [
        {
          target: 'POST https://app.acme.test/api/login',
          severity: 'blocker',
          evidence: { route: 'POST /api/login', requests: 30, summary: '30 requests in 10.0 s, all 200, no 429' },
        },
        { target: 'GET https://app.acme.test/api/v1/items', severity: 'high', evidence: { route: 'GET /api/v1/items', requests: 30 } },
      ],
    },
    {
      name: 'an unlimited password reset is a blocker even when another route was not probed',
      facts: factsWith({
        protection: protectionFacts({
          probes: [routeProbe('POST /api/reset', probeResult('password-reset', { url: 'https://app.acme.test/api/reset' })), routeProbe('POST /api/login', refused)],
        }),
      }),
      findings: [{ target: 'POST https://app.acme.test/api/reset', severity: 'blocker' }],
    },
  ],
  notApplicable: [{ name: 'no probed kind of route is configured', facts: factsWith({ protection: protectionFacts({ probes: [] }) }) }],
  notRun: [
    {
      name: 'a non-loopback target without --yes is skipped',
      status: 'skipped',
      facts: factsWith({ protection: protectionFacts({ probes: [routeProbe('POST /api/login', refused)] }) }),
    },
    {
      name: 'a route that did not answer cannot be judged',
      status: 'error',
      facts: factsWith({
        protection: protectionFacts({
          probes: [routeProbe('POST /api/login', probeResult('login', { sent: 5, answered: 0, statuses: {}, errors: { ECONNREFUSED: 5 }, stoppedBy: 'failures' }))],
        }),
      }),
    },
  ],
});

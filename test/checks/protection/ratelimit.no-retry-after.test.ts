import check from '../../../src/checks/protection/ratelimit.no-retry-after.ts';
import { checkTester } from '../../support/check-tester.ts';
import { limitedResult, probeResult, protectionFacts, routeProbe } from '../../support/evidence-facts.ts';
import { factsWith } from '../../support/facts.ts';

checkTester(check, {
  pass: [
    { name: 'the 429 carries Retry-After', facts: factsWith({ protection: protectionFacts({ probes: [routeProbe('POST /api/login', limitedResult('login', '30'))] }) }) },
    {
      name: 'RateLimit headers alone say when to retry',
      facts: factsWith({
        protection: protectionFacts({
          probes: [
            routeProbe(
              'POST /api/login',
              limitedResult('login', null, { limited: { requestNumber: 6, atMs: 1790, status: 429, retryAfter: null, rateLimitHeaders: { 'ratelimit-reset': '30' } } }),
            ),
          ],
        }),
      }),
    },
  ],
  fail: [
    {
      name: 'a 429 with neither header',
      facts: factsWith({ protection: protectionFacts({ probes: [routeProbe('POST /signup', limitedResult('signup', null, { url: 'https://app.acme.test/signup' }))] }) }),
      findings: [{ target: 'POST https://app.acme.test/signup', severity: 'low', evidence: { route: 'POST /signup', requests: 6 } }],
    },
  ],
  notApplicable: [{ name: 'no route answered 429', facts: factsWith({ protection: protectionFacts({ probes: [routeProbe('POST /api/login', probeResult('login'))] }) }) }],
});

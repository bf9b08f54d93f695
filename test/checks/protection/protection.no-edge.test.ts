import check from '../../../src/checks/protection/protection.no-edge.ts';
import { checkTester } from '../../support/check-tester.ts';
import { edgeFacts, protectionFacts } from '../../support/evidence-facts.ts';
import { factsWith } from '../../support/facts.ts';

checkTester(check, {
  pass: [
    { name: 'a cf-ray header', facts: factsWith({ protection: protectionFacts({ edge: edgeFacts({ responseHeaders: { 'cf-ray': ['8f1e2d3c4b5a6978-FRA'] } }) }) }) },
    { name: 'a CloudFront CNAME', facts: factsWith({ protection: protectionFacts({ edge: edgeFacts({ cnameChain: ['d111111abcdef8.cloudfront.net'] }) }) }) },
    { name: 'an address in a Cloudflare range', facts: factsWith({ protection: protectionFacts({ edge: edgeFacts({ addresses: ['104.16.132.229'], responseHeaders: {} }) }) }) },
  ],
  fail: [
    {
      name: 'an origin answering directly with public routes: low',
      facts: factsWith({ protection: protectionFacts() }),
      findings: [{ target: 'app.acme.test', severity: 'low', evidence: { addresses: ['192.0.2.10'], dnsFrom: 'dns-facts', headersFrom: 'web-facts' } }],
    },
    {
      name: 'every configured route private: info',
      facts: factsWith({
        protection: protectionFacts({
          routes: [
            { route: 'GET /api/orders', auth: 'private' },
            { route: 'GET /api/admin', auth: 'private' },
          ],
        }),
      }),
      findings: [{ target: 'app.acme.test', severity: 'info', evidence: { severityReason: 'every configured route is auth: private' } }],
    },
    {
      name: 'Heroku alone is no edge',
      facts: factsWith({ protection: protectionFacts({ edge: edgeFacts({ cnameChain: ['acme-1234.herokudns.com'], responseHeaders: { via: ['1.1 vegur'] } }) }) }),
      findings: [{ target: 'app.acme.test', severity: 'low' }],
    },
  ],
  notApplicable: [
    { name: 'a loopback stack', facts: factsWith({ protection: protectionFacts({ edge: edgeFacts({ addresses: ['127.0.0.1'] }) }) }) },
    { name: 'no canonical host', facts: factsWith({ protection: protectionFacts({ edge: null }) }) },
  ],
  notRun: [
    {
      name: 'nothing to look at (no DNS answer, no response)',
      status: 'error',
      facts: factsWith({ protection: protectionFacts({ edge: edgeFacts({ addresses: [], responseHeaders: {}, error: 'no DNS answer' }) }) }),
    },
  ],
});

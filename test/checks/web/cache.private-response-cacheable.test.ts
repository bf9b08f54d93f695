import check from '../../../src/checks/web/cache.private-response-cacheable.ts';
import { checkTester } from '../../support/check-tester.ts';
import { page, route, webFactsWith } from './web-facts.ts';

checkTester(check, {
  pass: [
    { name: 'private route with private, no-store', facts: webFactsWith({ routes: [route('/api/me', { 'cache-control': 'private, no-store' }, { auth: 'private' })] }) },
    {
      name: 'cookie-setting page with max-age but private',
      facts: webFactsWith({ pages: [page('https://app.acme.test/', { 'set-cookie': 'sid=x; Secure', 'cache-control': 'private, max-age=60' })] }),
    },
  ],
  fail: [
    {
      name: 'private route public',
      facts: webFactsWith({ routes: [route('/api/me', { 'cache-control': 'public, max-age=600' }, { auth: 'private' })] }),
      findings: [{ target: 'app.acme.test', severity: 'high', evidence: { cacheControl: 'public, max-age=600', setsCookie: false, privateRoute: true } }],
    },
    {
      name: 'cookie with s-maxage',
      facts: webFactsWith({ pages: [page('https://app.acme.test/', { 'set-cookie': 'sid=x; Secure', 'cache-control': 's-maxage=300' })] }),
      findings: [{ target: 'app.acme.test' }],
    },
    {
      name: 'cookie with bare max-age',
      facts: webFactsWith({ pages: [page('https://app.acme.test/', { 'set-cookie': 'sid=x; Secure', 'cache-control': 'max-age=300' })] }),
      findings: [{ target: 'app.acme.test' }],
    },
  ],
  notApplicable: [{ name: 'nothing personal', facts: webFactsWith({ pages: [page('https://app.acme.test/', { 'cache-control': 'public, max-age=300' })] }) }],
});

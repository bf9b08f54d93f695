import check from '../../../src/checks/web/http.hsts-missing.ts';
import { checkTester } from '../../support/check-tester.ts';
import { page, webFactsWith } from './web-facts.ts';

checkTester(check, {
  pass: [{ name: 'HSTS sent', facts: webFactsWith({ pages: [page('https://app.acme.test/', { 'strict-transport-security': 'max-age=31536000' })] }) }],
  fail: [
    {
      name: 'no HSTS on two pages: one finding for the host',
      facts: webFactsWith({
        pages: [page('https://app.acme.test/'), page('https://app.acme.test/pricing'), page('https://app.acme.test/about', { 'strict-transport-security': 'max-age=31536000' })],
      }),
      findings: [{ target: 'app.acme.test', severity: 'high', evidence: { urls: ['https://app.acme.test/', 'https://app.acme.test/pricing'], header: null } }],
    },
  ],
  notApplicable: [{ name: 'canonical is plain http', facts: webFactsWith({ canonical: 'http://app.acme.test/', pages: [page('http://app.acme.test/')] }) }],
});

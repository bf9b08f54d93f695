import check from '../../../src/checks/web/http.csp-missing.ts';
import { checkTester } from '../../support/check-tester.ts';
import { page, webFactsWith } from './web-facts.ts';

checkTester(check, {
  pass: [
    { name: 'CSP header', facts: webFactsWith({ pages: [page('https://app.acme.test/', { 'content-security-policy': "default-src 'self'" })] }) },
    { name: 'CSP meta tag', facts: webFactsWith({ pages: [page('https://app.acme.test/', {}, { metaCsp: ["default-src 'self'"] })] }) },
  ],
  fail: [
    {
      name: 'report-only does not count',
      facts: webFactsWith({ pages: [page('https://app.acme.test/', { 'content-security-policy-report-only': "default-src 'self'" })] }),
      findings: [{ target: 'app.acme.test', severity: 'medium', evidence: { pages: ['/'], reportOnly: "default-src 'self'" } }],
    },
  ],
  notApplicable: [{ name: 'only a JSON response', facts: webFactsWith({ pages: [page('https://app.acme.test/', { 'content-type': 'application/json' }, null)] }) }],
});

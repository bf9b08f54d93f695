import check from '../../../src/checks/web/http.clickjacking.ts';
import { checkTester } from '../../support/check-tester.ts';
import { page, webFactsWith } from './web-facts.ts';

checkTester(check, {
  pass: [
    { name: 'X-Frame-Options DENY', facts: webFactsWith({ pages: [page('https://app.acme.test/', { 'x-frame-options': 'DENY' })] }) },
    { name: 'CSP frame-ancestors', facts: webFactsWith({ pages: [page('https://app.acme.test/', { 'content-security-policy': "default-src 'self'; frame-ancestors 'self'" })] }) },
  ],
  fail: [
    { name: 'nothing', facts: webFactsWith({ pages: [page('https://app.acme.test/')] }), findings: [{ target: 'app.acme.test', severity: 'medium' }] },
    {
      name: 'frame-ancestors only in meta is ignored by browsers',
      facts: webFactsWith({ pages: [page('https://app.acme.test/', {}, { metaCsp: ["frame-ancestors 'none'"] })] }),
      findings: [{ target: 'app.acme.test' }],
    },
    {
      name: 'ALLOW-FROM is obsolete',
      facts: webFactsWith({ pages: [page('https://app.acme.test/', { 'x-frame-options': 'ALLOW-FROM https://x.test' })] }),
      findings: [{ evidence: { pages: ['/'], xFrameOptions: 'ALLOW-FROM https://x.test', contentSecurityPolicy: null } }],
    },
  ],
  notApplicable: [{ name: 'no HTML', facts: webFactsWith({ pages: [page('https://app.acme.test/', { 'content-type': 'application/json' }, null)] }) }],
});

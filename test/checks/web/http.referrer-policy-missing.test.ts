import check from '../../../src/checks/web/http.referrer-policy-missing.ts';
import { checkTester } from '../../support/check-tester.ts';
import { page, webFactsWith } from './web-facts.ts';

checkTester(check, {
  pass: [
    { name: 'header', facts: webFactsWith({ pages: [page('https://app.acme.test/', { 'referrer-policy': 'strict-origin-when-cross-origin' })] }) },
    { name: 'meta', facts: webFactsWith({ pages: [page('https://app.acme.test/', {}, { metaReferrer: 'no-referrer' })] }) },
  ],
  fail: [{ name: 'neither', facts: webFactsWith({ pages: [page('https://app.acme.test/')] }), findings: [{ target: 'app.acme.test', severity: 'low' }] }],
  notApplicable: [{ name: 'no HTML', facts: webFactsWith({ pages: [] }) }],
});

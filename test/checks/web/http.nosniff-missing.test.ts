import check from '../../../src/checks/web/http.nosniff-missing.ts';
import { checkTester } from '../../support/check-tester.ts';
import { page, webFactsWith } from './web-facts.ts';

checkTester(check, {
  pass: [{ name: 'nosniff', facts: webFactsWith({ pages: [page('https://app.acme.test/', { 'x-content-type-options': 'nosniff' })] }) }],
  fail: [
    { name: 'absent', facts: webFactsWith({ pages: [page('https://app.acme.test/')] }), findings: [{ target: 'app.acme.test', severity: 'low' }] },
    {
      name: 'wrong value',
      facts: webFactsWith({ pages: [page('https://app.acme.test/', { 'x-content-type-options': 'sniff' })] }),
      findings: [{ evidence: { pages: ['/'], header: 'sniff' } }],
    },
  ],
  notApplicable: [{ name: 'no page answered', facts: webFactsWith({ pages: [] }) }],
});

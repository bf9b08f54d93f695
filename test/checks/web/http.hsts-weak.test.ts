import check from '../../../src/checks/web/http.hsts-weak.ts';
import { checkTester } from '../../support/check-tester.ts';
import { page, webFactsWith } from './web-facts.ts';

const hsts = (value: string) => webFactsWith({ pages: [page('https://app.acme.test/', { 'strict-transport-security': value })] });

checkTester(check, {
  pass: [
    { name: 'one year', facts: hsts('max-age=31536000; includeSubDomains') },
    { name: 'exactly six months, quoted', facts: hsts('max-age="15768000"') },
  ],
  fail: [
    {
      name: 'one day',
      facts: hsts('max-age=86400'),
      findings: [
        { target: 'app.acme.test', severity: 'low', evidence: { header: 'max-age=86400', problem: 'max-age 86400 is under 15768000 (6 months)', url: 'https://app.acme.test/' } },
      ],
    },
    { name: 'no max-age', facts: hsts('includeSubDomains'), findings: [{ title: /no max-age/ }] },
    { name: 'max-age not a number', facts: hsts('max-age=1y'), findings: [{ title: /not a number/ }] },
    { name: 'directive twice', facts: hsts('max-age=31536000; max-age=0'), findings: [{ title: /twice/ }] },
  ],
  notApplicable: [{ name: 'no HSTS at all (http.hsts-missing covers it)', facts: webFactsWith({ pages: [page('https://app.acme.test/')] }) }],
});

import check from '../../../src/checks/web/redirect.path-dropped.ts';
import { checkTester } from '../../support/check-tester.ts';
import { hops, variant, webFactsWith } from './web-facts.ts';

const P = '/launchready/probe?q=1';
function redirecting(from: string, to: string, probeTo: string) {
  const probe = variant(`${from}${P.slice(1)}`, hops([`${from}${P.slice(1)}`, 301, probeTo], [new URL(probeTo, from).href, 404]));
  return variant(from, hops([from, 301, to], [to, 200]), { pathProbe: probe });
}

checkTester(check, {
  pass: [{ name: 'path and query kept', facts: webFactsWith({ variants: [redirecting('http://app.acme.test/', 'https://app.acme.test/', `https://app.acme.test${P}`)] }) }],
  fail: [
    {
      name: 'redirect to the home page',
      facts: webFactsWith({ variants: [redirecting('http://app.acme.test/', 'https://app.acme.test/', 'https://app.acme.test/')] }),
      findings: [{ target: 'http://app.acme.test/', title: /dropping the path/, fix: /return 301 https:\/\/app\.acme\.test\$request_uri/ }],
    },
    {
      name: 'query lost',
      facts: webFactsWith({ variants: [redirecting('https://www.acme.test/', 'https://app.acme.test/', 'https://app.acme.test/launchready/probe')] }),
      findings: [
        {
          target: 'https://www.acme.test/',
          title: /dropping the query/,
          evidence: { requested: `https://www.acme.test${P}`, location: 'https://app.acme.test/launchready/probe', status: 301 },
        },
      ],
    },
  ],
  notApplicable: [{ name: 'nothing redirects', facts: webFactsWith({ variants: [variant('https://app.acme.test/', hops(['https://app.acme.test/', 200]))] }) }],
});

import check from '../../../src/checks/web/redirect.temporary-canonical.ts';
import { checkTester } from '../../support/check-tester.ts';
import { hops, variant, webFactsWith } from './web-facts.ts';

checkTester(check, {
  pass: [
    {
      name: 'permanent redirects',
      facts: webFactsWith({
        variants: [
          variant(
            'http://app.acme.test/',
            hops(['http://app.acme.test/', 301, 'https://app.acme.test/'], ['https://app.acme.test/', 308, 'https://app.acme.test/x'], ['https://app.acme.test/x', 200]),
          ),
        ],
      }),
    },
    {
      name: 'a 302 within the same host (e.g. to /login) is not canonicalising',
      facts: webFactsWith({ variants: [variant('https://app.acme.test/', hops(['https://app.acme.test/', 302, '/login'], ['https://app.acme.test/login', 200]))] }),
    },
  ],
  fail: [
    {
      name: 'http → https with 302, and www → apex with 307',
      facts: webFactsWith({
        variants: [
          variant('http://app.acme.test/', hops(['http://app.acme.test/', 302, 'https://app.acme.test/'], ['https://app.acme.test/', 200])),
          variant('https://www.acme.test/', hops(['https://www.acme.test/', 307, 'https://app.acme.test/'], ['https://app.acme.test/', 200])),
        ],
      }),
      findings: [
        { target: 'http://app.acme.test/', evidence: { status: 302, location: 'https://app.acme.test/', variant: 'http://app.acme.test/' } },
        { target: 'https://www.acme.test/', title: /307/ },
      ],
    },
  ],
  notApplicable: [{ name: 'no variants', facts: webFactsWith({}) }],
});

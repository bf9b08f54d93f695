import check from '../../../src/checks/web/redirect.chain-too-long.ts';
import { checkTester } from '../../support/check-tester.ts';
import { hops, variant, webFactsWith } from './web-facts.ts';

checkTester(check, {
  pass: [
    {
      name: 'two redirects',
      facts: webFactsWith({
        variants: [
          variant(
            'http://www.acme.test/',
            hops(['http://www.acme.test/', 301, 'https://www.acme.test/'], ['https://www.acme.test/', 301, 'https://app.acme.test/'], ['https://app.acme.test/', 200]),
          ),
        ],
      }),
    },
  ],
  fail: [
    {
      name: 'three redirects',
      facts: webFactsWith({
        variants: [
          variant(
            'http://acme.test/',
            hops(
              ['http://acme.test/', 301, 'https://acme.test/'],
              ['https://acme.test/', 301, 'https://www.acme.test/'],
              ['https://www.acme.test/', 301, 'https://app.acme.test/'],
              ['https://app.acme.test/', 200],
            ),
          ),
        ],
      }),
      findings: [{ target: 'http://acme.test/', severity: 'low', evidence: { redirects: 3 } }],
    },
  ],
  notApplicable: [{ name: 'no canonical configured', facts: webFactsWith({ canonical: null, canonicalHost: null }, { canonical: null, canonicalHost: null }) }],
});

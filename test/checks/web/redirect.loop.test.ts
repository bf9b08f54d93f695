import check from '../../../src/checks/web/redirect.loop.ts';
import { checkTester } from '../../support/check-tester.ts';
import { hops, variant, webFactsWith } from './web-facts.ts';

const loop = variant('https://acme.test/', hops(['https://acme.test/', 301, 'https://www.acme.test/'], ['https://www.acme.test/', 301, 'https://acme.test/']), {
  outcome: 'loop',
  finalUrl: null,
  finalStatus: null,
  error: { code: 'LOOP', message: 'redirect back to https://acme.test/' },
});
const tooMany = variant('https://www.acme.test/', hops(...Array.from({ length: 11 }, (_, i): [string, number, string] => [`https://www.acme.test/${i}`, 302, `/${i + 1}`])), {
  outcome: 'too-many-redirects',
  finalUrl: null,
  finalStatus: null,
  error: { code: 'TOO_MANY_REDIRECTS', message: 'more than 10 redirects' },
});

checkTester(check, {
  pass: [
    {
      name: 'chains end',
      facts: webFactsWith({ variants: [variant('http://acme.test/', hops(['http://acme.test/', 301, 'https://app.acme.test/'], ['https://app.acme.test/', 200]))] }),
    },
  ],
  fail: [
    {
      name: 'apex and www redirect to each other',
      facts: webFactsWith({ variants: [loop] }),
      findings: [{ target: 'https://acme.test/', evidence: { outcome: 'loop' }, title: /loop/ }],
    },
    {
      name: 'more than 10 redirects',
      facts: webFactsWith({ variants: [loop, tooMany] }),
      findings: [{ target: 'https://acme.test/' }, { target: 'https://www.acme.test/', title: /more than 10/ }],
    },
  ],
  notApplicable: [{ name: 'no variants', facts: webFactsWith({}) }],
});

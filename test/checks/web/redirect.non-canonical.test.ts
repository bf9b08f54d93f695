import check from '../../../src/checks/web/redirect.non-canonical.ts';
import { checkTester } from '../../support/check-tester.ts';
import { hops, variant, webFactsWith } from './web-facts.ts';

checkTester(check, {
  pass: [
    {
      name: 'every variant ends on app.acme.test',
      facts: webFactsWith({
        variants: [
          variant('https://app.acme.test/', hops(['https://app.acme.test/', 200])),
          variant('https://www.acme.test/', hops(['https://www.acme.test/', 301, 'https://app.acme.test/'], ['https://app.acme.test/', 200])),
        ],
      }),
    },
    {
      name: 'an API host answering on its own name is not asked to redirect to the web app (issue 8)',
      facts: webFactsWith({
        variants: [
          variant('https://app.acme.test/', hops(['https://app.acme.test/', 200])),
          variant('https://api.acme.test/', hops(['https://api.acme.test/', 200])),
          variant('https://status.acme.test/', hops(['https://status.acme.test/', 301, 'https://acme.statuspage.example/'], ['https://acme.statuspage.example/', 200])),
        ],
      }),
    },
    {
      name: 'a failed variant is not judged here',
      facts: webFactsWith({
        variants: [variant('https://app.acme.test/', hops(['https://app.acme.test/', 200])), variant('https://www.acme.test/', hops(['https://www.acme.test/', 'ECONNREFUSED']))],
      }),
    },
  ],
  fail: [
    {
      name: 'www redirects somewhere else',
      facts: webFactsWith({ variants: [variant('https://www.acme.test/', hops(['https://www.acme.test/', 301, 'https://acme.test/'], ['https://acme.test/', 200]))] }),
      findings: [
        {
          target: 'https://www.acme.test/',
          evidence: { finalUrl: 'https://acme.test/', finalStatus: 200, canonicalHost: 'app.acme.test', hops: ['301 https://www.acme.test/', '200 https://acme.test/'] },
        },
      ],
    },
    {
      name: 'apex and www both serve 200',
      facts: webFactsWith(
        {
          canonical: 'https://acme.test/',
          canonicalHost: 'acme.test',
          variants: [variant('https://acme.test/', hops(['https://acme.test/', 200])), variant('https://www.acme.test/', hops(['https://www.acme.test/', 200]))],
        },
        { canonical: 'https://acme.test/', canonicalHost: 'acme.test' },
      ),
      findings: [{ target: 'https://www.acme.test/', title: /both serve content/, fix: /return 301 https:\/\/acme\.test\$request_uri/ }],
    },
  ],
  notApplicable: [{ name: 'no canonical configured', facts: webFactsWith({ canonical: null, canonicalHost: null }, { canonical: null, canonicalHost: null }) }],
});

import check from '../../../src/checks/web/redirect.no-https-redirect.ts';
import { checkTester } from '../../support/check-tester.ts';
import { hops, variant, webFactsWith } from './web-facts.ts';

const httpsOk = variant('https://app.acme.test/', hops(['https://app.acme.test/', 200]));

checkTester(check, {
  pass: [
    {
      name: 'http redirects straight to https',
      facts: webFactsWith({
        variants: [variant('http://app.acme.test/', hops(['http://app.acme.test/', 301, 'https://app.acme.test/'], ['https://app.acme.test/', 200])), httpsOk],
      }),
    },
    {
      name: 'http → http www → https still reaches https',
      facts: webFactsWith({
        variants: [
          variant(
            'http://acme.test/',
            hops(['http://acme.test/', 301, 'http://www.acme.test/'], ['http://www.acme.test/', 301, 'https://www.acme.test/'], ['https://www.acme.test/', 200]),
          ),
        ],
      }),
    },
    {
      name: 'www http variant does not resolve (dns check covers it) while the canonical one redirects',
      facts: webFactsWith({
        variants: [
          variant('http://app.acme.test/', hops(['http://app.acme.test/', 301, 'https://app.acme.test/'], ['https://app.acme.test/', 200])),
          variant('http://www.acme.test/', hops(['http://www.acme.test/', 'DNS'])),
          httpsOk,
        ],
      }),
    },
  ],
  fail: [
    {
      name: 'http answers 200 directly',
      facts: webFactsWith({ variants: [variant('http://app.acme.test/', hops(['http://app.acme.test/', 200])), httpsOk] }),
      findings: [{ target: 'http://app.acme.test/', severity: 'blocker', title: /answers 200/ }],
    },
    {
      name: 'http redirects to another http URL and stays there',
      facts: webFactsWith({ variants: [variant('http://acme.test/', hops(['http://acme.test/', 301, 'http://app.acme.test/'], ['http://app.acme.test/', 200]))] }),
      findings: [{ target: 'http://acme.test/', evidence: { hops: ['301 http://acme.test/', '200 http://app.acme.test/'], finalUrl: 'http://app.acme.test/', finalStatus: 200 } }],
    },
  ],
  notApplicable: [{ name: 'only https variants', facts: webFactsWith({ variants: [httpsOk] }) }],
  notRun: [
    {
      name: 'no http variant answered: could not run, never passed',
      status: 'error',
      facts: webFactsWith({ variants: [variant('http://app.acme.test/', hops(['http://app.acme.test/', 'ECONNREFUSED'])), httpsOk] }),
    },
    {
      name: 'the canonical http variant timed out while www answered with a redirect',
      status: 'error',
      facts: webFactsWith({
        variants: [
          variant('http://app.acme.test/', hops(['http://app.acme.test/', 'TIMEOUT'])),
          variant('http://www.acme.test/', hops(['http://www.acme.test/', 301, 'https://app.acme.test/'], ['https://app.acme.test/', 200])),
        ],
      }),
    },
  ],
});

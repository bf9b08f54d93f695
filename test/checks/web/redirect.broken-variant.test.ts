import check from '../../../src/checks/web/redirect.broken-variant.ts';
import { checkTester } from '../../support/check-tester.ts';
import { hops, variant, webFactsWith } from './web-facts.ts';

const ok = variant('https://app.acme.test/', hops(['https://app.acme.test/', 200]));

checkTester(check, {
  pass: [
    {
      name: 'every variant answers',
      facts: webFactsWith({ variants: [ok, variant('http://app.acme.test/', hops(['http://app.acme.test/', 301, 'https://app.acme.test/'], ['https://app.acme.test/', 200]))] }),
    },
    { name: 'a 404 is an answer, not a broken variant', facts: webFactsWith({ variants: [variant('https://www.acme.test/', hops(['https://www.acme.test/', 404]))] }) },
    {
      name: 'unresolvable host is left to dns.unresolvable-host (the canonical host too)',
      facts: webFactsWith({ variants: [ok, variant('https://www.acme.test/', hops(['https://www.acme.test/', 'DNS']))] }),
    },
    {
      name: 'a canonical host that does not resolve is dns.unresolvable-host, not an unreachable one',
      facts: webFactsWith({ variants: [variant('https://app.acme.test/', hops(['https://app.acme.test/', 'DNS']), { dnsFailure: true })] }),
    },
  ],
  fail: [
    {
      name: 'refused, TLS failure and 502',
      facts: webFactsWith({
        variants: [
          ok,
          variant('http://www.acme.test/', hops(['http://www.acme.test/', 'ECONNREFUSED'])),
          variant('https://www.acme.test/', hops(['https://www.acme.test/', 'TLS_FAILURE'])),
          variant('https://acme.test/', hops(['https://acme.test/', 301, 'https://app.acme.test/down'], ['https://app.acme.test/down', 502])),
        ],
      }),
      findings: [
        { target: 'http://www.acme.test/', title: /ECONNREFUSED/ },
        { target: 'https://www.acme.test/', evidence: { reason: 'TLS_FAILURE: TLS_FAILURE', hops: ['TLS_FAILURE https://www.acme.test/'] } },
        { target: 'https://acme.test/', title: /502/ },
      ],
    },
    {
      name: 'timeout on another host',
      facts: webFactsWith({ variants: [ok, variant('https://www.acme.test/', hops(['https://www.acme.test/', 'TIMEOUT']))] }),
      findings: [{ target: 'https://www.acme.test/', severity: 'high' }],
    },
    {
      name: 'every variant of the canonical host refused: one blocker saying the site cannot be reached',
      facts: webFactsWith({
        variants: [
          variant('http://app.acme.test/', hops(['http://app.acme.test/', 'ECONNREFUSED'])),
          variant('https://app.acme.test/', hops(['https://app.acme.test/', 'ECONNREFUSED'])),
          variant('https://www.acme.test/', hops(['https://www.acme.test/', 'TIMEOUT'])),
        ],
      }),
      findings: [
        {
          target: 'https://app.acme.test',
          severity: 'blocker',
          title: /^https:\/\/app\.acme\.test cannot be reached: connection refused$/,
          evidence: { canonicalUnreachable: true },
        },
        { target: 'https://www.acme.test/', severity: 'high' },
      ],
    },
  ],
  notApplicable: [{ name: 'no variants', facts: webFactsWith({}) }],
});

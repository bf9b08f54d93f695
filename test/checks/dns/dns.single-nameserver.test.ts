import check from '../../../src/checks/dns/dns.single-nameserver.ts';
import { checkTester } from '../../support/check-tester.ts';
import { dnsFacts, outcome, RESOLVER } from '../../support/dns-facts.ts';
import { factsWith } from '../../support/facts.ts';

const ns = (name: string, ipv4: string[]) => ({ name, ipv4, ipv6: [], a: outcome() });
const withNameservers = (servers: ReturnType<typeof ns>[], rcode: 'NOERROR' | 'SERVFAIL' = 'NOERROR') =>
  dnsFacts({ nameservers: { zone: 'acme.test', outcome: outcome(rcode), servers } });

checkTester(check, {
  pass: [
    { name: 'two nameservers in different networks', facts: factsWith({ dns: dnsFacts() }) },
    {
      name: 'three nameservers, two sharing a /24',
      facts: factsWith({ dns: withNameservers([ns('a.test', ['192.0.2.1']), ns('b.test', ['192.0.2.2']), ns('c.test', ['198.51.100.1'])]) }),
    },
    {
      name: 'two nameservers, only one with a known address (cannot claim one network)',
      facts: factsWith({ dns: withNameservers([ns('a.test', ['192.0.2.1']), ns('b.test', [])]) }),
    },
  ],
  fail: [
    {
      name: 'a single nameserver',
      facts: factsWith({ dns: withNameservers([ns('ns1.acme.test', ['192.0.2.1'])]) }),
      findings: [{ target: 'acme.test', title: /single nameserver: ns1\.acme\.test/, evidence: { count: 1, nameservers: ['ns1.acme.test'], resolver: RESOLVER } }],
    },
    {
      name: 'two nameservers in one /24',
      facts: factsWith({ dns: withNameservers([ns('ns1.acme.test', ['192.0.2.1']), ns('ns2.acme.test', ['192.0.2.200'])]) }),
      findings: [{ target: 'acme.test', title: /one network \(192\.0\.2\.0\/24\)/, evidence: { network: '192.0.2.0/24' } }],
    },
  ],
  notApplicable: [{ name: 'the target is an IP address', facts: factsWith({ dns: dnsFacts({ apex: null, nameservers: null }) }) }],
  notRun: [{ name: 'the NS lookup failed: could not judge', status: 'error', facts: factsWith({ dns: withNameservers([], 'SERVFAIL') }) }],
});

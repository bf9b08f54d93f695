import check from '../../../src/checks/dns/dns.dangling-cname.ts';
import { checkTester } from '../../support/check-tester.ts';
import { dnsFacts, hostDns, outcome, RESOLVER, withHosts } from '../../support/dns-facts.ts';
import { factsWith } from '../../support/facts.ts';

const dangling = (chain: string[], rcode: 'NXDOMAIN' | 'NOERROR' = 'NXDOMAIN') => ({
  ipv4: [],
  ipv6: [],
  cnameChain: chain,
  cnameTargetResolves: false,
  a: outcome(rcode),
  aaaa: outcome(rcode),
});

checkTester(check, {
  pass: [
    { name: 'the CNAME of www ends at an address', facts: factsWith({ dns: dnsFacts() }) },
    {
      name: 'an unconfigured discovered host with a dangling CNAME is not judged (domain map only)',
      facts: factsWith({ dns: withHosts({}, [hostDns('api.acme.test', { configured: false, ...dangling(['old.herokuapp.com']) })]) }),
    },
    {
      name: 'a CNAME loop is not a dangling target',
      facts: factsWith({
        dns: withHosts({ 'www.acme.test': { ...dangling(['x.acme.test']), a: outcome('SERVFAIL', 'CNAME loop: www.acme.test → x.acme.test → www.acme.test') } }),
      }),
    },
  ],
  fail: [
    {
      name: 'www points at a deleted Heroku app: takeover risk with the provider named',
      facts: factsWith({ dns: withHosts({ 'www.acme.test': dangling(['acme-old.herokuapp.com']) }) }),
      findings: [
        {
          target: 'www.acme.test',
          title: /acme-old\.herokuapp\.com on Heroku.*takeover/,
          fix: /re-create "acme-old\.herokuapp\.com" on Heroku/,
          evidence: { provider: 'Heroku', takeoverRisk: true, danglingTarget: 'acme-old.herokuapp.com', rcode: 'NXDOMAIN', resolver: RESOLVER },
        },
      ],
    },
    {
      name: 'a CNAME through a provider to a name with no address (NODATA), and one to an unknown service',
      facts: factsWith({
        dns: withHosts({}, [
          hostDns('docs.acme.test', dangling(['acme.github.io', 'gone.acme-cdn.test'], 'NOERROR')),
          hostDns('old.acme.test', dangling(['legacy.example-host.test'])),
        ]),
      }),
      findings: [
        { target: 'docs.acme.test', evidence: { provider: 'GitHub Pages', rcode: 'NODATA', danglingTarget: 'gone.acme-cdn.test' } },
        { target: 'old.acme.test', title: /CNAME to legacy\.example-host\.test, which does not resolve \(NXDOMAIN\)/, evidence: { provider: null, takeoverRisk: false } },
      ],
    },
  ],
  notRun: [
    {
      name: 'a CNAME whose target times out is not called dangling, nor passed',
      status: 'error',
      facts: factsWith({ dns: withHosts({ 'www.acme.test': { ...dangling(['app.acme.test']), a: outcome('TIMEOUT'), aaaa: outcome('TIMEOUT') } }) }),
    },
    {
      name: 'a configured host whose lookup timed out before any CNAME was seen: could not judge',
      status: 'error',
      facts: factsWith({ dns: withHosts({ 'acme.test': { ipv4: [], ipv6: [], a: outcome('TIMEOUT'), aaaa: outcome('TIMEOUT') } }) }),
    },
  ],
  notApplicable: [{ name: 'only IP addresses configured', facts: factsWith({ dns: { ...dnsFacts(), hosts: [hostDns('127.0.0.1', { literal: true })] } }) }],
});

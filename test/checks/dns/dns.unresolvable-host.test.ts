import check from '../../../src/checks/dns/dns.unresolvable-host.ts';
import { checkTester } from '../../support/check-tester.ts';
import { dnsFacts, hostDns, outcome, RESOLVER, withHosts } from '../../support/dns-facts.ts';
import { factsWith } from '../../support/facts.ts';

const gone = { ipv4: [], ipv6: [], a: outcome('NXDOMAIN'), aaaa: outcome('NXDOMAIN') };

checkTester(check, {
  pass: [
    { name: 'every configured host has an address', facts: factsWith({ dns: dnsFacts() }) },
    { name: 'an IPv6-only host resolves', facts: factsWith({ dns: withHosts({ 'acme.test': { ipv4: [], a: outcome('NOERROR') } }) }) },
    {
      name: 'an unconfigured app/api/mail host that does not exist is not judged',
      facts: factsWith({
        dns: withHosts({}, [hostDns('api.acme.test', { role: 'api', configured: false, ...gone }), hostDns('mail.acme.test', { role: 'mail', configured: false, ...gone })]),
      }),
    },
  ],
  fail: [
    {
      name: 'NXDOMAIN for www',
      facts: factsWith({ dns: withHosts({ 'www.acme.test': { ...gone, cnameChain: [], cnameTargetResolves: null } }) }),
      findings: [
        { target: 'www.acme.test', title: /NXDOMAIN from 127\.0\.20\.1:53/, evidence: { rcode: 'NXDOMAIN', resolver: RESOLVER, answers: { A: 'NXDOMAIN', AAAA: 'NXDOMAIN' } } },
      ],
    },
    {
      name: 'NODATA (the name exists with no address) and a timeout',
      facts: factsWith({
        dns: withHosts({
          'acme.test': { ipv4: [], ipv6: [] },
          'app.acme.test': { ipv4: [], ipv6: [], a: outcome('TIMEOUT', 'no answer from 127.0.20.1:53 within 1000 ms'), aaaa: outcome('TIMEOUT') },
        }),
      }),
      findings: [
        { target: 'acme.test', evidence: { rcode: 'NODATA' } },
        { target: 'app.acme.test', evidence: { rcode: 'TIMEOUT', error: 'no answer from 127.0.20.1:53 within 1000 ms' } },
      ],
    },
    {
      name: 'SERVFAIL at an extra configured host, through a CNAME',
      facts: factsWith({
        dns: withHosts({}, [
          hostDns('status.acme.test', { ipv4: [], ipv6: [], cnameChain: ['acme.statuspage.io'], cnameTargetResolves: false, a: outcome('SERVFAIL'), aaaa: outcome('SERVFAIL') }),
        ]),
      }),
      findings: [
        { target: 'status.acme.test', title: /via CNAME acme\.statuspage\.io/, fix: /Point the CNAME/, evidence: { rcode: 'SERVFAIL', cnameChain: ['acme.statuspage.io'] } },
      ],
    },
  ],
  notApplicable: [{ name: 'only IP addresses configured', facts: factsWith({ dns: { ...dnsFacts(), hosts: [hostDns('127.0.0.1', { literal: true })] } }) }],
  notRun: [{ name: 'the dns collector failed', status: 'error', facts: factsWith({ dns: { error: { code: 'ERROR', message: 'boom' } } }) }],
});

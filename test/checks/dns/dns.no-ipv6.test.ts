import check from '../../../src/checks/dns/dns.no-ipv6.ts';
import { checkTester } from '../../support/check-tester.ts';
import { dnsFacts, hostDns, outcome, RESOLVER, withHosts } from '../../support/dns-facts.ts';
import { factsWith } from '../../support/facts.ts';

checkTester(check, {
  pass: [
    { name: 'the canonical host has an AAAA record', facts: factsWith({ dns: dnsFacts() }) },
    { name: 'only a non-canonical host lacks IPv6', facts: factsWith({ dns: withHosts({ 'acme.test': { ipv6: [] } }) }) },
  ],
  fail: [
    {
      name: 'IPv4 only',
      facts: factsWith({ dns: withHosts({ 'app.acme.test': { ipv6: [] } }) }),
      findings: [{ target: 'app.acme.test', severity: 'info', evidence: { ipv4: ['192.0.2.10'], resolver: RESOLVER } }],
    },
  ],
  notApplicable: [
    { name: 'the canonical host is an IP address', facts: factsWith({ dns: { ...dnsFacts(), hosts: [hostDns('127.0.0.1', { canonical: true, literal: true })] } }) },
    {
      name: 'the canonical host does not resolve at all',
      facts: factsWith({ dns: withHosts({ 'app.acme.test': { ipv4: [], ipv6: [], a: outcome('NXDOMAIN'), aaaa: outcome('NXDOMAIN') } }) }),
    },
  ],
  notRun: [{ name: 'the AAAA lookup timed out', status: 'error', facts: factsWith({ dns: withHosts({ 'app.acme.test': { ipv6: [], aaaa: outcome('TIMEOUT') } }) }) }],
});

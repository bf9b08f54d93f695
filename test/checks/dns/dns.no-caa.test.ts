import check from '../../../src/checks/dns/dns.no-caa.ts';
import { checkTester } from '../../support/check-tester.ts';
import { dnsFacts, outcome, RESOLVER } from '../../support/dns-facts.ts';
import { factsWith } from '../../support/facts.ts';

checkTester(check, {
  pass: [
    { name: 'CAA at the apex', facts: factsWith({ dns: dnsFacts() }) },
    {
      name: 'CAA inherited from the parent domain (tree climbing)',
      facts: factsWith({ dns: dnsFacts({ caa: { queried: ['acme.test', 'test'], foundAt: 'test', records: ['0 issue "pki.goog"'], outcome: outcome() } }) }),
    },
  ],
  fail: [
    {
      name: 'no CAA anywhere up the tree',
      facts: factsWith({ dns: dnsFacts({ caa: { queried: ['acme.test', 'test'], foundAt: null, records: [], outcome: outcome('NXDOMAIN') } }) }),
      findings: [
        { target: 'acme.test', fix: /acme\.test\. 3600 IN CAA 0 issue "letsencrypt\.org"/, evidence: { apex: 'acme.test', queried: ['acme.test', 'test'], resolver: RESOLVER } },
      ],
    },
  ],
  notApplicable: [{ name: 'the target is an IP address', facts: factsWith({ dns: dnsFacts({ apex: null, caa: null }) }) }],
  notRun: [
    {
      name: 'the CAA lookup timed out: could not judge, never passed',
      status: 'error',
      facts: factsWith({ dns: dnsFacts({ caa: { queried: ['acme.test'], foundAt: null, records: [], outcome: outcome('TIMEOUT', 'no answer') } }) }),
    },
  ],
});

import check from '../../../src/checks/email/email.spf-too-many-lookups.ts';
import { checkTester } from '../../support/check-tester.ts';
import { emailFacts, failedEmailCollector } from './email-facts.ts';

checkTester(check, {
  pass: [
    { name: '2 lookups', facts: emailFacts() },
    {
      name: 'exactly 10 lookups',
      facts: emailFacts((e) => {
        e.spf.lookups = 10;
      }),
    },
  ],
  fail: [
    {
      name: '12 lookups: fix is the flattened record',
      facts: emailFacts((e) => {
        e.spf.lookups = 12;
      }),
      findings: [{ target: 'acme.test', evidence: { lookups: 12, limit: 10 }, fix: /"v=spf1 ip4:192\.0\.2\.0\/24 ip4:192\.0\.2\.25 -all"/ }],
    },
    {
      name: 'include cycle',
      facts: emailFacts((e) => {
        e.spf.cycle = ['acme.test', 'a.acme.test', 'acme.test'];
      }),
      findings: [{ title: /loop/, evidence: { cycle: ['acme.test', 'a.acme.test', 'acme.test'] } }],
    },
    {
      name: 'exists/ptr cannot be flattened',
      facts: emailFacts((e) => {
        e.spf.lookups = 11;
        e.spf.flattenedTerms = null;
      }),
      findings: [{ fix: /Remove includes/ }],
    },
  ],
  notRun: [{ name: 'collector failed', facts: failedEmailCollector(), status: 'error' }],
});

import check from '../../../src/checks/email/email.dmarc-policy-none.ts';
import { checkTester } from '../../support/check-tester.ts';
import { emailFacts, failedEmailCollector, removeDmarc, withDmarc } from './email-facts.ts';

checkTester(check, {
  pass: [
    { name: 'p=reject', facts: emailFacts() },
    { name: 'inherited record: sp=quarantine applies', facts: withDmarc('v=DMARC1; p=none; sp=quarantine; rua=mailto:d@acme.test', true) },
  ],
  fail: [
    {
      name: 'p=none',
      facts: withDmarc('v=DMARC1; p=none; rua=mailto:d@acme.test'),
      findings: [{ target: '_dmarc.acme.test', fix: /"v=DMARC1; p=quarantine; rua=mailto:d@acme\.test"/ }],
    },
    { name: 'inherited sp=none', facts: withDmarc('v=DMARC1; p=reject; sp=none', true), findings: [{ evidence: { inherited: true } }] },
  ],
  notApplicable: [{ name: 'no DMARC', facts: emailFacts(removeDmarc) }],
  notRun: [{ name: 'collector failed', facts: failedEmailCollector(), status: 'error' }],
});

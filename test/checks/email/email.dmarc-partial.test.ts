import check from '../../../src/checks/email/email.dmarc-partial.ts';
import { checkTester } from '../../support/check-tester.ts';
import { emailFacts, failedEmailCollector, withDmarc } from './email-facts.ts';

checkTester(check, {
  pass: [
    { name: 'no pct', facts: emailFacts() },
    { name: 'pct=100', facts: withDmarc('v=DMARC1; p=reject; pct=100; rua=mailto:d@acme.test') },
  ],
  fail: [
    {
      name: 'pct=25',
      facts: withDmarc('v=DMARC1; p=quarantine; pct=25; rua=mailto:d@acme.test'),
      findings: [{ evidence: { pct: 25 }, fix: /"v=DMARC1; p=quarantine; rua=mailto:d@acme\.test"/ }],
    },
  ],
  notApplicable: [{ name: 'record without valid p=', facts: withDmarc('v=DMARC1; p=maybe') }],
  notRun: [{ name: 'collector failed', facts: failedEmailCollector(), status: 'error' }],
});

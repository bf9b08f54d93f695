import check from '../../../src/checks/email/email.dmarc-no-reporting.ts';
import { checkTester } from '../../support/check-tester.ts';
import { emailFacts, failedEmailCollector, withDmarc } from './email-facts.ts';

checkTester(check, {
  pass: [{ name: 'rua present', facts: emailFacts() }],
  fail: [{ name: 'no rua', facts: withDmarc('v=DMARC1; p=none'), findings: [{ evidence: { rua: null }, fix: /"v=DMARC1; p=none; rua=mailto:dmarc-reports@acme\.test"/ }] }],
  notApplicable: [{ name: 'invalid record', facts: withDmarc('v=DMARC1') }],
  notRun: [{ name: 'collector failed', facts: failedEmailCollector(), status: 'error' }],
});

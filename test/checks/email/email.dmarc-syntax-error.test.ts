import check from '../../../src/checks/email/email.dmarc-syntax-error.ts';
import { checkTester } from '../../support/check-tester.ts';
import { emailFacts, failedEmailCollector, removeDmarc, withDmarc } from './email-facts.ts';

checkTester(check, {
  pass: [{ name: 'valid record', facts: emailFacts() }],
  fail: [
    { name: 'v=DMARC1 not first', facts: withDmarc('p=reject; v=DMARC1'), findings: [{ evidence: { errors: ['the record must start with v=DMARC1'] } }] },
    {
      name: 'bad p=',
      facts: withDmarc('v=DMARC1; p=block; rua=mailto:d@acme.test'),
      findings: [{ evidence: { errors: ['p=block is not none, quarantine or reject'] }, fix: /p=quarantine; rua=mailto:d@acme\.test/ }],
    },
  ],
  notApplicable: [{ name: 'no DMARC', facts: emailFacts(removeDmarc) }],
  notRun: [{ name: 'collector failed', facts: failedEmailCollector(), status: 'error' }],
});

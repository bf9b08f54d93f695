import { parseDmarc } from '../../../src/analyze/dmarc.ts';
import check from '../../../src/checks/email/email.dmarc-syntax-error.ts';
import { checkTester } from '../../support/check-tester.ts';
import { emailFacts, failedEmailCollector } from './email-facts.ts';

const withDmarc = (record: string, inherited = false) =>
  emailFacts((e) => {
    e.dmarc.record = record;
    e.dmarc.records = [record];
    e.dmarc.parsed = parseDmarc(record);
    e.dmarc.usedOrgDomain = inherited;
  });

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
  notApplicable: [
    {
      name: 'no DMARC',
      facts: emailFacts((e) => {
        e.dmarc.foundAt = null;
        e.dmarc.parsed = null;
      }),
    },
  ],
  notRun: [{ name: 'collector failed', facts: failedEmailCollector(), status: 'error' }],
});

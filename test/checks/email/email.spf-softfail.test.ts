import { parseDmarc } from '../../../src/analyze/dmarc.ts';
import check from '../../../src/checks/email/email.spf-softfail.ts';
import { checkTester } from '../../support/check-tester.ts';
import { emailFacts, failedEmailCollector, removeDmarc } from './email-facts.ts';

checkTester(check, {
  pass: [
    {
      name: '~all with DMARC reject',
      facts: emailFacts((e) => {
        e.spf.all = '~';
      }),
    },
  ],
  fail: [
    {
      name: '~all with DMARC p=none',
      facts: emailFacts((e) => {
        e.spf.all = '~';
        e.spf.record = 'v=spf1 mx ~all';
        e.dmarc.record = 'v=DMARC1; p=none';
        e.dmarc.parsed = parseDmarc('v=DMARC1; p=none');
      }),
      findings: [{ evidence: { dmarcPolicy: 'none' }, fix: /p=quarantine.*"v=spf1 mx -all"/ }],
    },
    {
      name: '~all and no DMARC',
      facts: emailFacts((e) => {
        e.spf.all = '~';
        removeDmarc(e);
        e.dmarc.record = null;
      }),
      findings: [{ evidence: { dmarcPolicy: null } }],
    },
  ],
  notApplicable: [{ name: '-all', facts: emailFacts() }],
  notRun: [{ name: 'collector failed', facts: failedEmailCollector(), status: 'error' }],
});

import check from '../../../src/checks/email/email.spf-void-lookups.ts';
import { checkTester } from '../../support/check-tester.ts';
import { emailFacts, failedEmailCollector } from './email-facts.ts';

checkTester(check, {
  pass: [
    {
      name: '2 void lookups is the limit',
      facts: emailFacts((e) => {
        e.spf.voidLookups = 2;
      }),
    },
  ],
  fail: [
    {
      name: '3 void lookups: fix drops those terms',
      facts: emailFacts((e) => {
        e.spf.record = 'v=spf1 a:old1.acme.test include:old2.acme.test mx:old3.acme.test include:_spf.acme.test -all';
        e.spf.voidLookups = 3;
        e.spf.voidNames = ['old1.acme.test', 'old2.acme.test', 'old3.acme.test'];
      }),
      findings: [{ evidence: { voidLookups: 3 }, fix: /"v=spf1 include:_spf\.acme\.test -all"/ }],
    },
  ],
  notRun: [{ name: 'collector failed', facts: failedEmailCollector(), status: 'error' }],
});

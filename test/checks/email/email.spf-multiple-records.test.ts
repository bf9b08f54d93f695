import check from '../../../src/checks/email/email.spf-multiple-records.ts';
import { checkTester } from '../../support/check-tester.ts';
import { emailFacts, failedEmailCollector } from './email-facts.ts';

checkTester(check, {
  pass: [{ name: 'one record', facts: emailFacts() }],
  fail: [
    {
      name: 'two records are merged in the fix',
      facts: emailFacts((e) => {
        e.spf.records = ['v=spf1 include:_spf.google.com ~all', 'v=spf1 include:sendgrid.net -all'];
      }),
      findings: [
        {
          evidence: { records: ['v=spf1 include:_spf.google.com ~all', 'v=spf1 include:sendgrid.net -all'] },
          fix: /"v=spf1 include:_spf\.google\.com include:sendgrid\.net -all"/,
        },
      ],
    },
  ],
  notRun: [{ name: 'collector failed', facts: failedEmailCollector(), status: 'error' }],
});

import check from '../../../src/checks/email/email.spf-missing.ts';
import { checkTester } from '../../support/check-tester.ts';
import { emailFacts, failedEmailCollector, setNullMx } from './email-facts.ts';

checkTester(check, {
  pass: [{ name: 'one SPF record', facts: emailFacts() }],
  fail: [
    {
      name: 'no v=spf1 record',
      facts: emailFacts((e) => {
        e.spf.records = [];
        e.spf.record = null;
      }),
      findings: [{ target: 'acme.test', evidence: { record: null }, fix: /"v=spf1 mx -all"/ }],
    },
    {
      name: 'null MX domain gets v=spf1 -all',
      facts: emailFacts((e) => {
        e.spf.records = [];
        e.spf.record = null;
        setNullMx(e);
      }),
      findings: [{ fix: /"v=spf1 -all"/ }],
    },
  ],
  notRun: [
    { name: 'collector failed', facts: failedEmailCollector(), status: 'error' },
    {
      name: 'TXT lookup timed out: cannot judge',
      facts: emailFacts((e) => {
        e.spf.record = null;
        e.spf.records = [];
        e.spf.txtRcode = 'TIMEOUT';
      }),
      status: 'error',
    },
  ],
});

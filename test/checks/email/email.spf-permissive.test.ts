import check from '../../../src/checks/email/email.spf-permissive.ts';
import { checkTester } from '../../support/check-tester.ts';
import { emailFacts, failedEmailCollector } from './email-facts.ts';

checkTester(check, {
  pass: [
    { name: '-all', facts: emailFacts() },
    {
      name: '~all',
      facts: emailFacts((e) => {
        e.spf.all = '~';
      }),
    },
  ],
  fail: [
    {
      name: '+all',
      facts: emailFacts((e) => {
        e.spf.record = 'v=spf1 mx +all';
        e.spf.all = '+';
      }),
      findings: [{ severity: 'blocker', evidence: { all: '+all' }, fix: /"v=spf1 mx -all"/ }],
    },
    {
      name: '?all',
      facts: emailFacts((e) => {
        e.spf.record = 'v=spf1 mx ?all';
        e.spf.all = '?';
      }),
      findings: [{ severity: 'blocker', fix: /"v=spf1 mx -all"/ }],
    },
    {
      name: 'no all at all',
      facts: emailFacts((e) => {
        e.spf.record = 'v=spf1 mx';
        e.spf.all = null;
      }),
      findings: [{ evidence: { all: 'none (neutral by default)' }, fix: /"v=spf1 mx -all"/ }],
    },
  ],
  notApplicable: [
    {
      name: 'no SPF record',
      facts: emailFacts((e) => {
        e.spf.record = null;
        e.spf.records = [];
        e.spf.all = null;
      }),
    },
  ],
  notRun: [{ name: 'collector failed', facts: failedEmailCollector(), status: 'error' }],
});

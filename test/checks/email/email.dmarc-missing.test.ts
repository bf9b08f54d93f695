import check from '../../../src/checks/email/email.dmarc-missing.ts';
import { checkTester } from '../../support/check-tester.ts';
import { emailFacts, failedEmailCollector } from './email-facts.ts';

checkTester(check, {
  pass: [
    { name: 'record at the domain', facts: emailFacts() },
    {
      name: 'record inherited from the organizational domain',
      facts: emailFacts((e) => {
        e.dmarc.foundAt = '_dmarc.acme.test';
        e.dmarc.name = '_dmarc.news.acme.test';
        e.dmarc.usedOrgDomain = true;
      }),
    },
  ],
  fail: [
    {
      name: 'no record anywhere',
      facts: emailFacts((e) => {
        e.dmarc = { ...e.dmarc, foundAt: null, records: [], record: null, parsed: null, rcode: 'NXDOMAIN' };
      }),
      findings: [{ target: '_dmarc.acme.test', fix: /"v=DMARC1; p=quarantine; rua=mailto:dmarc-reports@acme\.test"/ }],
    },
  ],
  notRun: [
    { name: 'collector failed', facts: failedEmailCollector(), status: 'error' },
    {
      name: 'lookup failed',
      facts: emailFacts((e) => {
        e.dmarc = { ...e.dmarc, foundAt: null, records: [], record: null, parsed: null, rcode: 'SERVFAIL' };
      }),
      status: 'error',
    },
  ],
});

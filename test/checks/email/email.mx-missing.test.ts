import check from '../../../src/checks/email/email.mx-missing.ts';
import { checkTester } from '../../support/check-tester.ts';
import { emailFacts, failedEmailCollector, setNullMx } from './email-facts.ts';

checkTester(check, {
  pass: [{ name: 'one MX', facts: emailFacts() }],
  fail: [
    {
      name: 'no MX',
      facts: emailFacts((e) => {
        e.mx = { rcode: 'NOERROR', hosts: [], nullMx: false };
      }),
      findings: [{ target: 'acme.test', severity: 'medium', evidence: { records: [] } }],
    },
    {
      name: 'null MX is info',
      facts: emailFacts(setNullMx),
      findings: [{ severity: 'info', title: /null MX/ }],
    },
  ],
  notRun: [
    { name: 'collector failed', facts: failedEmailCollector(), status: 'error' },
    {
      name: 'MX lookup timed out',
      facts: emailFacts((e) => {
        e.mx = { rcode: 'TIMEOUT', hosts: [], nullMx: false };
      }),
      status: 'error',
    },
  ],
});

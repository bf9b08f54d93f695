import check from '../../../src/checks/email/email.tls-rpt-missing.ts';
import { checkTester } from '../../support/check-tester.ts';
import { emailFacts, failedEmailCollector, setNullMx } from './email-facts.ts';

checkTester(check, {
  pass: [{ name: 'TLS-RPT record', facts: emailFacts() }],
  fail: [
    {
      name: 'no record',
      facts: emailFacts((e) => {
        e.tlsRpt.records = [];
      }),
      findings: [{ target: '_smtp._tls.acme.test', severity: 'info', fix: /"v=TLSRPTv1; rua=mailto:tls-reports@acme\.test"/ }],
    },
  ],
  notApplicable: [{ name: 'null MX: the domain accepts no mail', facts: emailFacts(setNullMx) }],
  notRun: [
    { name: 'collector failed', facts: failedEmailCollector(), status: 'error' },
    {
      name: 'the TLS-RPT lookup timed out',
      status: 'error',
      facts: emailFacts((e) => {
        e.tlsRpt = { ...e.tlsRpt, rcode: 'TIMEOUT', records: [] };
      }),
    },
  ],
});

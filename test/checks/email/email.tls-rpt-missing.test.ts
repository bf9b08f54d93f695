import check from '../../../src/checks/email/email.tls-rpt-missing.ts';
import { checkTester } from '../../support/check-tester.ts';
import { emailFacts, failedEmailCollector } from './email-facts.ts';

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
  notRun: [{ name: 'collector failed', facts: failedEmailCollector(), status: 'error' }],
});

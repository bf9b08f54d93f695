import { parseMtaStsPolicy } from '../../../src/analyze/mta-sts.ts';
import check from '../../../src/checks/email/email.mta-sts-missing.ts';
import { checkTester } from '../../support/check-tester.ts';
import { emailFacts, failedEmailCollector, setNullMx } from './email-facts.ts';

checkTester(check, {
  pass: [{ name: 'record and enforce policy', facts: emailFacts() }],
  fail: [
    {
      name: 'no TXT record',
      facts: emailFacts((e) => {
        e.mtaSts.records = [];
        e.mtaSts.fetch = null;
        e.mtaSts.policy = null;
      }),
      findings: [{ target: '_mta-sts.acme.test', severity: 'low', fix: /mx: mx1\.acme\.test/ }],
    },
    {
      name: 'policy 404',
      facts: emailFacts((e) => {
        e.mtaSts.fetch = { status: 404, error: null, contentType: 'text/html' };
        e.mtaSts.policy = null;
      }),
      findings: [{ severity: 'low', title: /HTTP 404/ }],
    },
    {
      name: 'policy served with an untrusted certificate',
      facts: emailFacts((e) => {
        e.mtaSts.fetch = { status: null, error: 'TLS_FAILURE: self-signed certificate', contentType: null };
        e.mtaSts.policy = null;
      }),
      findings: [{ severity: 'medium' }],
    },
    {
      name: 'policy errors and MX not covered',
      facts: emailFacts((e) => {
        e.mtaSts.policy = parseMtaStsPolicy('version: STSv1\nmode: enforce\nmx: other.example\nmax_age: 99999999999\n');
        e.mtaSts.mxNotCovered = ['mx1.acme.test'];
      }),
      findings: [{ severity: 'medium', target: 'https://mta-sts.acme.test/.well-known/mta-sts.txt' }],
    },
  ],
  notApplicable: [{ name: 'null MX: the domain accepts no mail', facts: emailFacts(setNullMx) }],
  notRun: [
    { name: 'collector failed', facts: failedEmailCollector(), status: 'error' },
    {
      name: 'the MTA-STS lookup failed',
      status: 'error',
      facts: emailFacts((e) => {
        e.mtaSts = { ...e.mtaSts, rcode: 'SERVFAIL', records: [] };
      }),
    },
  ],
});

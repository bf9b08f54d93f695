import check from '../../../src/checks/email/email.spf-syntax-error.ts';
import { checkTester } from '../../support/check-tester.ts';
import { emailFacts, failedEmailCollector } from './email-facts.ts';

checkTester(check, {
  pass: [{ name: 'records parse', facts: emailFacts() }],
  fail: [
    {
      name: 'bad CIDR in the top record',
      facts: emailFacts((e) => {
        e.spf.syntaxErrors = [{ domain: 'acme.test', record: 'v=spf1 ip4:192.0.2.0/33 -all', message: 'invalid IPv4 network: "ip4:192.0.2.0/33"' }];
      }),
      findings: [{ target: 'acme.test', evidence: { record: 'v=spf1 ip4:192.0.2.0/33 -all' }, fix: /ip4:192\.0\.2\.0\/33/ }],
    },
    {
      name: 'include target without SPF',
      facts: emailFacts((e) => {
        e.spf.syntaxErrors = [{ domain: 'gone.acme.test', record: null, message: 'include target gone.acme.test has no SPF record' }];
      }),
      findings: [{ target: 'gone.acme.test', fix: /remove the include:gone\.acme\.test/ }],
    },
  ],
  notRun: [{ name: 'collector failed', facts: failedEmailCollector(), status: 'error' }],
});

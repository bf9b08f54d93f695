import { parseDkimKey } from '../../../src/analyze/dkim.ts';
import check from '../../../src/checks/email/email.dkim-testing.ts';
import { checkTester } from '../../support/check-tester.ts';
import { emailFacts, failedEmailCollector } from './email-facts.ts';

checkTester(check, {
  pass: [{ name: 'no t= flag', facts: emailFacts() }],
  fail: [
    {
      name: 't=y',
      facts: emailFacts((e) => {
        const record = 'v=DKIM1; t=y; k=rsa; p=' + (e.dkim.selectors[0]?.key?.tags.p ?? '');
        e.dkim.selectors = [{ selector: 's1', name: 's1._domainkey.acme.test', configured: true, rcode: 'NOERROR', record, key: parseDkimKey(record) }];
      }),
      findings: [{ target: 's1._domainkey.acme.test', evidence: { flags: 'y' }, fix: /"v=DKIM1; k=rsa; p=MII/ }],
    },
  ],
  notApplicable: [
    {
      name: 'no key',
      facts: emailFacts((e) => {
        e.dkim.selectors = [];
      }),
    },
  ],
  notRun: [{ name: 'collector failed', facts: failedEmailCollector(), status: 'error' }],
});

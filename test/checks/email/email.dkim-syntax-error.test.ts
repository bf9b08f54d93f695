import { parseDkimKey } from '../../../src/analyze/dkim.ts';
import check from '../../../src/checks/email/email.dkim-syntax-error.ts';
import { checkTester } from '../../support/check-tester.ts';
import { emailFacts, failedEmailCollector } from './email-facts.ts';

const selector = (record: string, configured = true) => ({ selector: 's1', name: 's1._domainkey.acme.test', configured, rcode: 'NOERROR', record, key: parseDkimKey(record) });

checkTester(check, {
  pass: [
    { name: 'valid key', facts: emailFacts() },
    {
      name: 'revoked key on a common selector only',
      facts: emailFacts((e) => {
        e.dkim.selectors = [...e.dkim.selectors, { ...selector('v=DKIM1; p=', false), selector: 'google', name: 'google._domainkey.acme.test' }];
      }),
    },
  ],
  fail: [
    {
      name: 'broken base64',
      facts: emailFacts((e) => {
        e.dkim.selectors = [selector('v=DKIM1; k=rsa; p=MIIB!!notbase64')];
      }),
      findings: [{ evidence: { errors: ['p= is not base64'] } }],
    },
    {
      name: 'revoked key on a configured selector',
      facts: emailFacts((e) => {
        e.dkim.selectors = [selector('v=DKIM1; p=')];
      }),
      findings: [{ fix: /Stop signing with selector s1/ }],
    },
    {
      name: 'v= not first and not a key',
      facts: emailFacts((e) => {
        e.dkim.selectors = [selector('k=rsa; v=DKIM1; p=AAAA')];
      }),
      findings: [{ target: 's1._domainkey.acme.test' }],
    },
  ],
  notApplicable: [
    {
      name: 'no record',
      facts: emailFacts((e) => {
        e.dkim.selectors = [];
      }),
    },
  ],
  notRun: [{ name: 'collector failed', facts: failedEmailCollector(), status: 'error' }],
});

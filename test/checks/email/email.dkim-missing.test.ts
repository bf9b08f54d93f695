import { parseDkimKey } from '../../../src/analyze/dkim.ts';
import check from '../../../src/checks/email/email.dkim-missing.ts';
import { checkTester } from '../../support/check-tester.ts';
import { emailFacts, failedEmailCollector } from './email-facts.ts';

checkTester(check, {
  pass: [{ name: 'configured selector has a key', facts: emailFacts() }],
  fail: [
    {
      name: 'no selector found',
      facts: emailFacts((e) => {
        e.dkim.selectors = [{ selector: 's1', name: 's1._domainkey.acme.test', configured: true, rcode: 'NXDOMAIN', record: null, key: null }];
      }),
      findings: [{ target: 'acme.test', fix: /s1\._domainkey\.acme\.test.*opendkim-genkey -b 2048/ }],
    },
    {
      name: 'only a revoked key',
      facts: emailFacts((e) => {
        e.dkim.selectors = [{ selector: 's1', name: 's1._domainkey.acme.test', configured: true, rcode: 'NOERROR', record: 'v=DKIM1; p=', key: parseDkimKey('v=DKIM1; p=') }];
      }),
      findings: [{ evidence: { recordsSeen: [{ name: 's1._domainkey.acme.test', record: 'v=DKIM1; p=' }] } }],
    },
  ],
  notRun: [
    { name: 'collector failed', facts: failedEmailCollector(), status: 'error' },
    {
      name: 'the configured selector lookup timed out',
      status: 'error',
      facts: emailFacts((e) => {
        e.dkim.selectors = [{ selector: 's1', name: 's1._domainkey.acme.test', configured: true, rcode: 'TIMEOUT', record: null, key: null }];
      }),
    },
  ],
});

import { generateKeyPairSync } from 'node:crypto';
import { parseDkimKey } from '../../../src/analyze/dkim.ts';
import check from '../../../src/checks/email/email.dkim-weak-key.ts';
import { checkTester } from '../../support/check-tester.ts';
import { emailFacts, failedEmailCollector } from './email-facts.ts';

function keyRecord(bits: number): string {
  const { publicKey } = generateKeyPairSync('rsa', {
    modulusLength: bits,
    publicKeyEncoding: { type: 'spki', format: 'der' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return `v=DKIM1; k=rsa; p=${publicKey.toString('base64')}`;
}

function withKey(bits: number) {
  const record = keyRecord(bits);
  return emailFacts((e) => {
    e.dkim.selectors = [{ selector: 's1', name: 's1._domainkey.acme.test', configured: true, rcode: 'NOERROR', record, key: parseDkimKey(record) }];
  });
}

checkTester(check, {
  pass: [{ name: '2048-bit key', facts: emailFacts() }],
  fail: [
    { name: '1024-bit key is medium', facts: withKey(1024), findings: [{ target: 's1._domainkey.acme.test', severity: 'medium', evidence: { keyBits: 1024 } }] },
    { name: '512-bit key is high', facts: withKey(512), findings: [{ severity: 'high', evidence: { keyBits: 512 }, fix: /opendkim-genkey -b 2048/ }] },
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

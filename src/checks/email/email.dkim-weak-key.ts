import { defineCheck, notApplicable } from '../define.js';

export default defineCheck(
  {
    id: 'email.dkim-weak-key',
    title: 'DKIM RSA keys are at least 2048 bits',
    failureTitle: 'A DKIM RSA key is 1024 bits or shorter',
    requires: ['email'],
    fix: 'Generate a 2048-bit DKIM key under a new selector, publish it, switch signing to it, then revoke the old one.',
    docs: {
      why: 'RSA keys under 1024 bits can be factored cheaply and are rejected by major receivers (RFC 8301); 1024-bit keys are the minimum and no longer recommended. Whoever factors the key can sign mail as you. The size is measured from the published key itself.',
      fix: 'Create a 2048-bit key under a new selector (`opendkim-genkey -b 2048 -s s2 -d example.com`, or your provider\'s "rotate key"), publish `s2._domainkey` TXT `v=DKIM1; k=rsa; p=...`, switch signing to s2, then publish the old selector with an empty `p=`.',
      references: ['https://www.rfc-editor.org/rfc/rfc8301#section-3.2', 'https://www.rfc-editor.org/rfc/rfc6376#section-3.3.3'],
    },
  },
  ({ email }) => {
    const rsa = email.dkim.selectors.filter((s) => s.key && s.key.keyType === 'rsa' && s.key.keyBits !== null);
    if (rsa.length === 0) return notApplicable('no RSA DKIM key found');
    return rsa
      .filter((s) => (s.key?.keyBits ?? 4096) <= 1024)
      .map((s) => {
        const bits = s.key?.keyBits ?? 0;
        return {
          target: s.name,
          severity: bits < 1024 ? ('high' as const) : ('medium' as const),
          title: `DKIM key ${s.selector} is only ${bits} bits`,
          evidence: { name: s.name, selector: s.selector, keyBits: bits, record: s.record },
          fix: `Publish a 2048-bit key under a new selector: opendkim-genkey -b 2048 -s ${s.selector}2048 -d ${email.domain}, then TXT at ${s.selector}2048._domainkey.${email.domain}: "v=DKIM1; k=rsa; p=<new key>"; sign with it and set ${s.name} to "v=DKIM1; p=".`,
        };
      });
  },
);

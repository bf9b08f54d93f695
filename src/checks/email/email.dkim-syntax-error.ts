import { defineCheck, notApplicable } from '../define.js';

export default defineCheck(
  {
    id: 'email.dkim-syntax-error',
    title: 'DKIM key records parse',
    failureTitle: 'A DKIM key record does not parse or is revoked',
    requires: ['email'],
    fix: 'Republish the DKIM key record exactly as your provider gives it: v=DKIM1; k=rsa; p=<base64 key>.',
    docs: {
      why: 'A key record that does not parse (bad tags, broken base64, a key split wrongly across strings) or a revoked key (empty p=) on a selector you sign with makes every signature fail verification, so DMARC fails for DKIM.',
      fix: 'Copy the record again from your provider; long keys must be split into several quoted strings inside one TXT record, not several records. Stop signing with a selector whose key is revoked (`p=`).',
      references: ['https://www.rfc-editor.org/rfc/rfc6376#section-3.6.1', 'https://www.rfc-editor.org/rfc/rfc6376#section-6.1.2'],
    },
  },
  ({ email }) => {
    const withRecords = email.dkim.selectors.filter((s) => s.record && s.key);
    if (withRecords.length === 0) return notApplicable('no DKIM key record found');
    return withRecords
      .filter((s) => (s.key?.errors.length ?? 0) > 0 || (s.configured && s.key?.revoked))
      .map((s) => {
        const errors = s.key?.revoked ? ['p= is empty: the key is revoked', ...(s.key?.errors ?? [])] : (s.key?.errors ?? []);
        return {
          target: s.name,
          evidence: { name: s.name, selector: s.selector, configured: s.configured, record: s.record, errors },
          fix: s.key?.revoked
            ? `Stop signing with selector ${s.selector}, or publish a new key at ${s.name}: "v=DKIM1; k=rsa; p=<2048-bit public key>".`
            : `Fix ${errors.join('; ')} and publish TXT at ${s.name}: "v=DKIM1; k=${s.key?.keyType ?? 'rsa'}; p=<public key, base64>".`,
        };
      });
  },
);

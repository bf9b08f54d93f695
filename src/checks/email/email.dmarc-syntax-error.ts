import { recommendedDmarc } from '../../analyze/dmarc.js';
import { defineCheck, notApplicable } from '../define.js';

export default defineCheck(
  {
    id: 'email.dmarc-syntax-error',
    title: 'The DMARC record parses',
    failureTitle: 'The DMARC record does not parse',
    requires: ['email'],
    fix: 'Publish the DMARC record as "v=DMARC1; p=quarantine; rua=mailto:...", v=DMARC1 first.',
    docs: {
      why: 'Receivers ignore a DMARC record that does not start with v=DMARC1, lacks a valid p=, or is one of several records at _dmarc: the domain then has no DMARC protection at all.',
      fix: 'Publish exactly one record, tags separated by `;`, starting with `v=DMARC1`, with `p=none|quarantine|reject` and optional `pct=0..100` and `rua=mailto:...`.',
      references: ['https://www.rfc-editor.org/rfc/rfc7489#section-6.3', 'https://www.rfc-editor.org/rfc/rfc7489#section-6.6.3'],
    },
  },
  ({ email }) => {
    const parsed = email.dmarc.parsed;
    if (!parsed || !email.dmarc.foundAt) return notApplicable('no DMARC record');
    if (parsed.errors.length === 0) return [];
    return [
      {
        target: email.dmarc.foundAt,
        evidence: { name: email.dmarc.foundAt, records: email.dmarc.records, errors: parsed.errors.slice(0, 20) },
        fix: `Publish one TXT record at ${email.dmarc.foundAt}: "${recommendedDmarc(email.domain, { policy: parsed.policy ?? 'quarantine', rua: parsed.rua.filter((u) => /^mailto:/i.test(u)) })}"`,
      },
    ];
  },
);

import { recommendedDmarc } from '../../analyze/dmarc.js';
import { defineCheck, notApplicable } from '../define.js';

export default defineCheck(
  {
    id: 'email.dmarc-partial',
    title: 'DMARC applies to all mail (pct=100)',
    failureTitle: 'DMARC applies its policy to only part of the mail (pct < 100)',
    requires: ['email'],
    fix: 'Remove pct= (or set pct=100) from the DMARC record.',
    docs: {
      why: 'With pct below 100 receivers apply quarantine/reject to only that share of failing mail; the rest of the spoofed mail is treated as p=none.',
      fix: 'Publish the record without `pct=` (default 100) once reports are clean.',
      references: ['https://www.rfc-editor.org/rfc/rfc7489#section-6.3'],
    },
  },
  ({ email }) => {
    const parsed = email.dmarc.parsed;
    if (!parsed || !email.dmarc.foundAt || parsed.policy === null) return notApplicable('no valid DMARC record');
    if (parsed.pct >= 100) return [];
    return [
      {
        target: email.dmarc.foundAt,
        evidence: { name: email.dmarc.foundAt, record: email.dmarc.record, pct: parsed.pct },
        fix: `Publish TXT at ${email.dmarc.foundAt}: "${recommendedDmarc(email.domain, { policy: parsed.policy, rua: parsed.rua, keep: parsed.tags })}"`,
      },
    ];
  },
);

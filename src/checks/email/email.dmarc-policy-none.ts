import { effectivePolicy, recommendedDmarc } from '../../analyze/dmarc.js';
import { defineCheck, notApplicable } from '../define.js';

export default defineCheck(
  {
    id: 'email.dmarc-policy-none',
    title: 'DMARC enforces a policy (quarantine or reject)',
    failureTitle: 'DMARC is p=none (monitoring only)',
    requires: ['email'],
    fix: 'Move DMARC to p=quarantine (then p=reject) once reports show your senders pass.',
    docs: {
      why: 'p=none only asks for reports: mail that fails authentication is still delivered, so spoofing your domain keeps working. It is a first step, not a launch state.',
      fix: 'After checking the aggregate reports, publish `v=DMARC1; p=quarantine; rua=mailto:...` and later `p=reject`.',
      references: ['https://www.rfc-editor.org/rfc/rfc7489#section-6.3'],
    },
  },
  ({ email }) => {
    const parsed = email.dmarc.parsed;
    if (!parsed || !email.dmarc.foundAt) return notApplicable('no DMARC record');
    if (effectivePolicy(parsed, email.dmarc.usedOrgDomain) !== 'none') return [];
    return [
      {
        target: email.dmarc.foundAt,
        evidence: { name: email.dmarc.foundAt, record: email.dmarc.record, inherited: email.dmarc.usedOrgDomain },
        fix: `Publish TXT at ${email.dmarc.foundAt}: "${recommendedDmarc(email.domain, { policy: 'quarantine', rua: parsed.rua, keep: parsed.tags })}"`,
      },
    ];
  },
);

import { recommendedDmarc } from '../../analyze/dmarc.js';
import { defineCheck, notApplicable } from '../define.js';

export default defineCheck(
  {
    id: 'email.dmarc-no-reporting',
    title: 'DMARC asks for aggregate reports (rua)',
    failureTitle: 'DMARC has no rua= reporting address',
    requires: ['email'],
    fix: 'Add rua=mailto:dmarc-reports@<domain> to the DMARC record.',
    docs: {
      why: 'Without rua= nobody receives the aggregate reports that show which servers send as your domain and whether they pass, so you cannot safely tighten the policy or notice spoofing.',
      fix: 'Add `rua=mailto:dmarc-reports@example.com` (or a report-processing service address) to the record.',
      references: ['https://www.rfc-editor.org/rfc/rfc7489#section-7.2'],
    },
  },
  ({ email }) => {
    const parsed = email.dmarc.parsed;
    if (!parsed || !email.dmarc.foundAt || parsed.policy === null) return notApplicable('no valid DMARC record');
    if (parsed.rua.length > 0) return [];
    return [
      {
        target: email.dmarc.foundAt,
        evidence: { name: email.dmarc.foundAt, record: email.dmarc.record, rua: null },
        fix: `Publish TXT at ${email.dmarc.foundAt}: "${recommendedDmarc(email.domain, { policy: parsed.policy, keep: parsed.tags })}"`,
      },
    ];
  },
);

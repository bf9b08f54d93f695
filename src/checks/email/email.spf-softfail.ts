import { effectivePolicy, recommendedDmarc } from '../../analyze/dmarc.js';
import { recordWithAll } from '../../analyze/spf.js';
import { defineCheck, notApplicable } from '../define.js';

export default defineCheck(
  {
    id: 'email.spf-softfail',
    title: 'SPF ~all is backed by an enforcing DMARC policy',
    failureTitle: 'SPF ends in ~all and no DMARC policy enforces it',
    requires: ['email'],
    fix: 'Publish DMARC with p=quarantine or p=reject, or end SPF with -all.',
    docs: {
      why: '`~all` (softfail) only asks receivers to be suspicious; with DMARC at p=quarantine/reject that is fine, but without an enforcing DMARC policy spoofed mail is usually delivered.',
      fix: 'Publish `_dmarc` TXT `v=DMARC1; p=quarantine; rua=mailto:dmarc-reports@<domain>`, or change the SPF record to end in `-all`.',
      references: ['https://www.rfc-editor.org/rfc/rfc7208#section-8.5', 'https://www.rfc-editor.org/rfc/rfc7489#section-6.3'],
    },
  },
  ({ email }) => {
    const spf = email.spf;
    if (!spf.record || spf.all !== '~') return notApplicable('SPF does not end in ~all');
    const parsed = email.dmarc.parsed;
    const policy = parsed ? effectivePolicy(parsed, email.dmarc.usedOrgDomain) : null;
    if (policy === 'quarantine' || policy === 'reject') return [];
    return [
      {
        target: email.domain,
        evidence: { name: email.domain, record: spf.record, dmarcRecord: email.dmarc.record, dmarcPolicy: policy },
        fix: `Publish TXT at _dmarc.${email.domain}: "${recommendedDmarc(email.domain, { rua: parsed?.rua })}", or TXT at ${email.domain}: "${recordWithAll(spf.record, '-')}"`,
      },
    ];
  },
);

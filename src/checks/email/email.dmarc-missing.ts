import { recommendedDmarc } from '../../analyze/dmarc.js';
import { lookupFailed } from '../../analyze/dns-outcome.js';
import { cannotRun, defineCheck } from '../define.js';

export default defineCheck(
  {
    id: 'email.dmarc-missing',
    title: 'A DMARC record covers the sending domain',
    failureTitle: 'No DMARC record at the domain or its organizational domain',
    requires: ['email'],
    fix: 'Publish TXT at _dmarc.<domain>: "v=DMARC1; p=quarantine; rua=mailto:dmarc-reports@<domain>".',
    docs: {
      why: 'DMARC tells receivers what to do with mail that fails SPF and DKIM alignment and sends you reports about who sends as you. Without it spoofed mail is judged case by case, and Gmail/Yahoo require it from bulk senders.',
      fix: 'Publish `_dmarc.example.com TXT "v=DMARC1; p=quarantine; rua=mailto:dmarc-reports@example.com"`. Start with p=none only for a short reporting period. A record on the organizational domain also covers its subdomains (sp= applies).',
      references: ['https://www.rfc-editor.org/rfc/rfc7489#section-6.1', 'https://www.rfc-editor.org/rfc/rfc7489#section-6.6.3'],
    },
  },
  ({ email }) => {
    if (email.dmarc.foundAt) return [];
    if (lookupFailed(email.dmarc.rcode)) return cannotRun(`the TXT lookup of ${email.dmarc.name} failed (${email.dmarc.rcode})`);
    return [
      {
        target: email.dmarc.name,
        evidence: { name: email.dmarc.name, orgDomain: email.dmarc.orgDomain, rcode: email.dmarc.rcode, record: null },
        fix: `Publish TXT at ${email.dmarc.name}: "${recommendedDmarc(email.domain)}"`,
      },
    ];
  },
);

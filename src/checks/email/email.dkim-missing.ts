import { COMMON_DKIM_SELECTORS } from '../../analyze/dkim.js';
import { lookupFailed } from '../../analyze/dns-outcome.js';
import { cannotRun, defineCheck } from '../define.js';

export default defineCheck(
  {
    id: 'email.dkim-missing',
    title: 'A DKIM key is published for the sending domain',
    failureTitle: 'No DKIM key found for the sending domain',
    requires: ['email'],
    fix: 'Turn on DKIM signing at your mail provider and publish its key at <selector>._domainkey.<domain>; list the selector in email.dkimSelectors.',
    docs: {
      why: `Without a DKIM signature DMARC can only pass through SPF, which breaks on forwarding; Gmail and Yahoo require DKIM from bulk senders. The check looks up the selectors in email.dkimSelectors and these common provider selectors: ${COMMON_DKIM_SELECTORS.join(', ')}.`,
      fix: 'Enable DKIM at your provider (Google Workspace, Microsoft 365, SES, Postmark...) and publish the TXT (or CNAME) record it gives you, e.g. `s1._domainkey.example.com TXT "v=DKIM1; k=rsa; p=MIIBIjANBg..."`. For your own MTA: `opendkim-genkey -b 2048 -s s1 -d example.com`. Then add the selector to `email.dkimSelectors` so the audit checks it.',
      references: ['https://www.rfc-editor.org/rfc/rfc6376#section-3.6.2', 'https://support.google.com/a/answer/174124'],
    },
  },
  ({ email, plan }) => {
    const usable = email.dkim.selectors.filter((s) => s.key && !s.key.revoked && s.key.errors.length === 0);
    if (usable.length > 0) return [];
    // A configured selector whose lookup failed, or no answer at all, means we cannot say the key is missing.
    const failed = email.dkim.selectors.filter((s) => lookupFailed(s.rcode));
    if (failed.length > 0 && (failed.length === email.dkim.selectors.length || failed.some((s) => s.configured))) {
      return cannotRun(
        `DKIM lookups failed: ${failed
          .slice(0, 3)
          .map((s) => `${s.name} (${s.rcode})`)
          .join(', ')}`,
      );
    }
    const selector = plan.email.dkimSelectors[0] ?? 's1';
    return [
      {
        target: email.domain,
        evidence: {
          configuredSelectors: plan.email.dkimSelectors,
          commonSelectorsTried: email.dkim.commonSelectorsTried.length,
          recordsSeen: email.dkim.selectors.filter((s) => s.record).map((s) => ({ name: s.name, record: s.record })),
        },
        fix: `Publish your provider's key as TXT at ${selector}._domainkey.${email.domain}: "v=DKIM1; k=rsa; p=<2048-bit public key, base64>" (own MTA: opendkim-genkey -b 2048 -s ${selector} -d ${email.domain}).`,
      },
    ];
  },
);

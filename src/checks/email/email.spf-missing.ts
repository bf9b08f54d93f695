import { lookupFailed } from '../../analyze/dns-outcome.js';
import { cannotRun, defineCheck } from '../define.js';

export default defineCheck(
  {
    id: 'email.spf-missing',
    title: 'The sending domain publishes an SPF record',
    failureTitle: 'The sending domain has no SPF record',
    requires: ['email'],
    fix: 'Publish one TXT record at the domain: "v=spf1 mx include:<your mail provider> -all".',
    docs: {
      why: 'Without SPF any server on the internet can send mail as your domain, and receivers (Gmail, Outlook) increasingly reject or spam-folder unauthenticated mail: password resets and invoices stop arriving.',
      fix: "Publish exactly one TXT record at the sending domain listing who may send for it, e.g. `v=spf1 mx include:_spf.google.com -all` (use your provider's include). A domain that sends no mail publishes `v=spf1 -all`.",
      references: ['https://www.rfc-editor.org/rfc/rfc7208', 'https://support.google.com/a/answer/33786'],
    },
  },
  ({ email }) => {
    if (email.spf.record) return [];
    if (lookupFailed(email.spf.txtRcode)) return cannotRun(`the TXT lookup of ${email.domain} failed (${email.spf.txtRcode})`);
    const record = email.mx.nullMx ? 'v=spf1 -all' : email.mx.hosts.length > 0 ? 'v=spf1 mx -all' : 'v=spf1 -all';
    return [
      {
        target: email.domain,
        evidence: { name: email.domain, type: 'TXT', rcode: email.spf.txtRcode, record: null },
        fix: `Publish TXT at ${email.domain}: "${record}" (add include:<provider> for each service that sends as you).`,
      },
    ];
  },
);

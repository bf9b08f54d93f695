import { lookupFailed } from '../../analyze/dns-outcome.js';
import { cannotRun, defineCheck } from '../define.js';

export default defineCheck(
  {
    id: 'email.mx-missing',
    title: 'The sending domain has MX records',
    failureTitle: 'The sending domain has no MX record',
    requires: ['email'],
    fix: 'Publish an MX record for the domain pointing at the mailbox provider that receives its replies.',
    docs: {
      why: "Replies to password-reset and notification mail, bounces and abuse reports go to the domain's MX. Without one they bounce, and some receivers distrust senders whose domain cannot receive mail. A null MX (`0 .`, RFC 7505) says on purpose that the domain accepts no mail: reported as info.",
      fix: "Publish `example.com. MX 10 <your provider's mail host>.` (e.g. `aspmx.l.google.com.`), or a null MX `MX 0 .` if the domain really never receives mail and replies go elsewhere (set Reply-To).",
      references: ['https://www.rfc-editor.org/rfc/rfc5321#section-5.1', 'https://www.rfc-editor.org/rfc/rfc7505'],
    },
  },
  ({ email }) => {
    const mx = email.mx;
    if (mx.nullMx) {
      return [
        {
          target: email.domain,
          severity: 'info',
          title: 'The domain publishes a null MX: it accepts no mail',
          evidence: { name: email.domain, records: ['0 .'] },
          fix: `Make sure replies go elsewhere (Reply-To), or publish a real MX at ${email.domain}: "MX 10 <mail host>."`,
        },
      ];
    }
    if (mx.hosts.length > 0) return [];
    if (lookupFailed(mx.rcode)) return cannotRun(`the MX lookup of ${email.domain} failed (${mx.rcode})`);
    return [
      {
        target: email.domain,
        evidence: { name: email.domain, type: 'MX', rcode: mx.rcode, records: [] },
        fix: `Publish at ${email.domain}: "MX 10 <your mailbox provider's mail host>." (or "MX 0 ." if it never receives mail).`,
      },
    ];
  },
);

import { autoRenewingIssuer, canonicalHandshakeGap, completedHandshakes, daysLeft, isoDate, lifetimeDays, noHandshakeReason, tlsTarget } from '../../analyze/tls-certificates.js';
import { cannotRun, defineCheck, findingsOrCannotRun } from '../define.js';

const MAX_AUTOMATED_LIFETIME_DAYS = 200;

export default defineCheck(
  {
    id: 'tls.no-auto-renew-signal',
    title: 'Certificates look automatically renewed',
    failureTitle: 'A long-lived certificate from a non-ACME issuer is likely renewed by hand',
    requires: ['tls'],
    fix: 'Put the renewal date in the team calendar and a certificate monitor, or move to an ACME CA with automatic renewal (certbot, Caddy, cert-manager).',
    docs: {
      why: 'Certificates from ACME CAs live 90 days and are renewed by a machine; a one-year certificate from a traditional CA is usually renewed by a person, who may have left by then. This is the classic cause of an outage a year after launch.',
      fix: "Either automate: switch to an ACME CA (Let's Encrypt, ZeroSSL, Google Trust Services) with certbot/Caddy/cert-manager, or your cloud's managed certificates. Or own it: record the expiry date, the owner and the renewal steps in the handover document, and monitor expiry (`launchready monitor`).",
      references: ['https://www.rfc-editor.org/rfc/rfc8555', 'https://letsencrypt.org/docs/faq/#what-is-the-lifetime-for-let-s-encrypt-certificates-for-how-long-are-they-valid'],
    },
  },
  ({ tls, plan }) => {
    const hosts = completedHandshakes(tls);
    if (hosts.length === 0) return cannotRun(noHandshakeReason(tls));
    const drafts = hosts.flatMap((host) => {
      const leaf = host.chain[0];
      if (!leaf || autoRenewingIssuer(leaf) !== null) return [];
      const lifetime = lifetimeDays(leaf);
      if (lifetime <= MAX_AUTOMATED_LIFETIME_DAYS) return [];
      const issuer = leaf.issuerOrganization ?? leaf.issuerCommonName ?? leaf.issuer;
      return [
        {
          target: tlsTarget(host),
          key: leaf.fingerprint256,
          title: `The ${lifetime}-day certificate for ${tlsTarget(host)} from ${issuer} expires on ${isoDate(leaf.validTo)}: renewal is likely manual`,
          evidence: {
            issuer: leaf.issuer,
            validFrom: leaf.validFrom,
            validTo: leaf.validTo,
            expires: isoDate(leaf.validTo),
            lifetimeDays: lifetime,
            daysLeft: daysLeft(leaf, tls.checkedAt),
          },
          fix: `Put ${isoDate(leaf.validTo)} (renewal of ${host.host} from ${issuer}) in the team calendar with an owner and monitor it, or move ${host.host} to an ACME CA with automatic renewal.`,
        },
      ];
    });
    return findingsOrCannotRun(drafts, canonicalHandshakeGap(tls, plan.canonicalHost));
  },
);

import { canonicalHandshakeGap, completedHandshakes, DAY_MS, daysLeft, isoDate, noHandshakeReason, tlsTarget } from '../../analyze/tls-certificates.js';
import { cannotRun, defineCheck, findingsOrCannotRun } from '../define.js';

const HIGH_WITHIN_DAYS = 14;
const MEDIUM_WITHIN_DAYS = 30;

export default defineCheck(
  {
    id: 'tls.cert-expiring',
    title: 'Certificates have more than 30 days left',
    failureTitle: 'A certificate expires within 30 days',
    requires: ['tls'],
    fix: 'Renew now (certbot renew) and make sure renewal runs automatically (systemctl list-timers | grep certbot).',
    docs: {
      why: 'A certificate that expires during the launch window takes the site down with a browser warning at the worst moment. Expiry inside 30 days usually means automatic renewal is failing or was never set up.',
      fix: "Renew now: `certbot renew --cert-name NAME` then `systemctl reload nginx`. Then make renewal automatic and observable: the certbot systemd timer (`systemctl list-timers`) or your provider's managed certificates, plus a certificate-expiry monitor.",
      references: ['https://eff-certbot.readthedocs.io/en/stable/using.html#automated-renewals', 'https://letsencrypt.org/docs/integration-guide/#when-to-renew'],
    },
  },
  ({ tls, plan }) => {
    const hosts = completedHandshakes(tls);
    if (hosts.length === 0) return cannotRun(noHandshakeReason(tls));
    const now = Date.parse(tls.checkedAt);
    const drafts = hosts.flatMap((host) => {
      const leaf = host.chain[0];
      if (!leaf) return [];
      const msLeft = Date.parse(leaf.validTo) - now;
      // already expired (or not yet valid) is tls.cert-expired's finding
      if (msLeft <= 0 || now < Date.parse(leaf.validFrom) || msLeft > MEDIUM_WITHIN_DAYS * DAY_MS) return [];
      const days = daysLeft(leaf, tls.checkedAt);
      return [
        {
          target: tlsTarget(host),
          severity: msLeft <= HIGH_WITHIN_DAYS * DAY_MS ? ('high' as const) : ('medium' as const),
          title: `The certificate for ${tlsTarget(host)} expires on ${isoDate(leaf.validTo)} (${days} days left)`,
          evidence: { validTo: leaf.validTo, daysLeft: days, issuer: leaf.issuer, subject: leaf.subject, checkedAt: tls.checkedAt },
          fix: `Renew the certificate for ${host.host} now (certbot renew --cert-name ${host.host}; systemctl reload nginx) and check why automatic renewal did not run.`,
        },
      ];
    });
    return findingsOrCannotRun(drafts, canonicalHandshakeGap(tls, plan.canonicalHost));
  },
);

import { canonicalHandshakeGap, completedHandshakes, isoDate, noHandshakeReason, servedCertificates, tlsTarget } from '../../analyze/tls-certificates.js';
import { cannotRun, defineCheck, findingsOrCannotRun } from '../define.js';

export default defineCheck(
  {
    id: 'tls.cert-expired',
    title: 'Every served certificate is within its validity period',
    failureTitle: 'A served certificate is expired or not yet valid',
    requires: ['tls'],
    fix: 'Renew the certificate (certbot renew, or your CA/provider) and reload the web server so it serves the new one.',
    docs: {
      why: 'Browsers refuse an expired certificate with a full-page warning that visitors cannot click through on HSTS sites, so launch traffic lands on an error. An expired intermediate breaks the chain the same way even when the leaf is fresh.',
      fix: 'Renew the leaf (`certbot renew --cert-name NAME`, or re-issue at your CA) and reload the server (`systemctl reload nginx`). If an intermediate expired, download the current chain from your CA and point nginx `ssl_certificate` at the new fullchain file. Check the server clock when a certificate is "not yet valid".',
      references: ['https://www.rfc-editor.org/rfc/rfc5280#section-4.1.2.5', 'https://eff-certbot.readthedocs.io/en/stable/using.html#renewing-certificates'],
    },
  },
  ({ tls, plan }) => {
    const hosts = completedHandshakes(tls);
    if (hosts.length === 0) return cannotRun(noHandshakeReason(tls));
    const now = Date.parse(tls.checkedAt);
    const drafts = hosts.flatMap((host) => {
      const bad = servedCertificates(host)
        .map((cert, i) => ({ cert, role: i === 0 ? 'leaf' : 'intermediate' }))
        .filter(({ cert }) => now > Date.parse(cert.validTo) || now < Date.parse(cert.validFrom));
      if (bad.length === 0) return [];
      const first = bad[0] as (typeof bad)[number];
      const expired = now > Date.parse(first.cert.validTo);
      const when = expired ? `expired on ${isoDate(first.cert.validTo)}` : `is not valid before ${isoDate(first.cert.validFrom)}`;
      return [
        {
          target: tlsTarget(host),
          title: `The ${first.role} certificate served by ${tlsTarget(host)} ${when}`,
          evidence: {
            checkedAt: tls.checkedAt,
            certificates: bad.map(({ cert, role }) => ({
              role,
              subject: cert.subject,
              issuer: cert.issuer,
              validFrom: cert.validFrom,
              validTo: cert.validTo,
              state: now > Date.parse(cert.validTo) ? 'expired' : 'not yet valid',
            })),
          },
          fix:
            first.role === 'leaf'
              ? expired
                ? `Renew the certificate for ${host.host} (certbot renew --cert-name ${host.host}, or re-issue at ${first.cert.issuerOrganization ?? first.cert.issuerCommonName ?? 'your CA'}) and reload the server.`
                : `The certificate for ${host.host} starts on ${isoDate(first.cert.validFrom)}: check the server clock (timedatectl) or serve the previous certificate until then.`
              : `Serve the current intermediate: download the chain from ${first.cert.issuerOrganization ?? first.cert.issuerCommonName ?? 'your CA'} and point nginx ssl_certificate at the new fullchain file, then reload.`,
        },
      ];
    });
    return findingsOrCannotRun(drafts, canonicalHandshakeGap(tls, plan.canonicalHost));
  },
);

import { canonicalHandshakeGap, completedHandshakes, noHandshakeReason, tlsTarget } from '../../analyze/tls-certificates.js';
import { cannotRun, defineCheck, findingsOrCannotRun } from '../define.js';

const LEGACY = ['TLSv1', 'TLSv1.1'] as const;
const DISPLAY: Record<(typeof LEGACY)[number], string> = { TLSv1: 'TLS 1.0', 'TLSv1.1': 'TLS 1.1' };

export default defineCheck(
  {
    id: 'tls.legacy-protocol',
    title: 'TLS 1.0 and 1.1 are refused',
    failureTitle: 'The server still accepts TLS 1.0 or 1.1',
    requires: ['tls'],
    fix: 'Allow only modern protocols: nginx `ssl_protocols TLSv1.2 TLSv1.3;` (Apache: `SSLProtocol -all +TLSv1.2 +TLSv1.3`).',
    docs: {
      why: 'TLS 1.0 and 1.1 were deprecated by RFC 8996; they rely on SHA-1 and CBC constructions with known attacks, PCI DSS forbids them, and every current browser has dropped them, so keeping them on only serves downgrade attempts and outdated bots.',
      fix: 'nginx: `ssl_protocols TLSv1.2 TLSv1.3;` in the http or server block, then `nginx -t && systemctl reload nginx`. Apache: `SSLProtocol -all +TLSv1.2 +TLSv1.3`. Load balancers: pick a TLS 1.2+ security policy (e.g. AWS ELBSecurityPolicy-TLS13-1-2-2021-06).',
      references: ['https://www.rfc-editor.org/rfc/rfc8996', 'https://ssl-config.mozilla.org/'],
    },
  },
  ({ tls, plan }) => {
    if (!tls.local.legacyProtocols) {
      return cannotRun(
        `the local OpenSSL ${tls.local.openssl} cannot offer TLS 1.0/1.1 (${tls.local.legacyError ?? 'disabled'}), so whether the server accepts them was not tested`,
      );
    }
    const hosts = completedHandshakes(tls);
    // a host that refused the default handshake may still speak only TLS 1.0/1.1
    const legacyOnly = tls.hosts.filter((h) => h.error !== null && LEGACY.some((v) => h.protocols[v]?.offered === true));
    if (hosts.length === 0 && legacyOnly.length === 0) return cannotRun(noHandshakeReason(tls));
    const findings = [...hosts, ...legacyOnly].flatMap((host) => {
      const accepted = LEGACY.filter((v) => host.protocols[v]?.offered === true);
      if (accepted.length === 0) return [];
      return [
        {
          target: tlsTarget(host),
          title: `${tlsTarget(host)} completes handshakes with ${accepted.map((v) => DISPLAY[v]).join(' and ')}`,
          evidence: { accepted, offered: Object.entries(host.protocols).flatMap(([v, p]) => (p.offered ? [v] : [])) },
          fix: `In the server block for ${host.host}: ssl_protocols TLSv1.2 TLSv1.3; then nginx -t && systemctl reload nginx (Apache: SSLProtocol -all +TLSv1.2 +TLSv1.3).`,
        },
      ];
    });
    if (findings.length > 0) return findings;
    const unknown = hosts.filter((h) => LEGACY.some((v) => h.protocols[v]?.offered !== false));
    if (unknown.length > 0) {
      return cannotRun(
        `could not tell whether ${unknown.map(tlsTarget).join(', ')} accept TLS 1.0/1.1: ${unknown.flatMap((h) => LEGACY.map((v) => h.protocols[v]?.error).filter(Boolean))[0] ?? 'no answer'}`,
      );
    }
    return findingsOrCannotRun([], canonicalHandshakeGap(tls, plan.canonicalHost));
  },
);

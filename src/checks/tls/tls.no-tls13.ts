import { canonicalHandshakeGap, completedHandshakes, noHandshakeReason, tlsTarget } from '../../analyze/tls-certificates.js';
import { PROBED_PROTOCOLS } from '../../facts/tls.js';
import { cannotRun, defineCheck, findingsOrCannotRun } from '../define.js';

export default defineCheck(
  {
    id: 'tls.no-tls13',
    title: 'TLS 1.3 is offered',
    failureTitle: 'The server does not offer TLS 1.3',
    requires: ['tls'],
    fix: 'Enable TLS 1.3: nginx `ssl_protocols TLSv1.2 TLSv1.3;` (needs OpenSSL 1.1.1 or newer).',
    docs: {
      why: 'TLS 1.3 saves a round trip on every new connection (faster first byte on mobile networks) and removes the legacy cipher negotiation that downgrade attacks abuse. All current browsers prefer it.',
      fix: 'nginx: `ssl_protocols TLSv1.2 TLSv1.3;` with nginx built against OpenSSL 1.1.1+ (`nginx -V`). Load balancers and CDNs: choose a security policy that includes TLS 1.3.',
      references: ['https://www.rfc-editor.org/rfc/rfc8446', 'https://ssl-config.mozilla.org/'],
    },
  },
  ({ tls, plan }) => {
    if (!tls.local.tls13) return cannotRun(`the local OpenSSL ${tls.local.openssl} cannot offer TLS 1.3`);
    const hosts = completedHandshakes(tls);
    if (hosts.length === 0) return cannotRun(noHandshakeReason(tls));
    const findings = hosts
      .filter((h) => h.protocols['TLSv1.3']?.offered === false)
      .map((host) => ({
        target: tlsTarget(host),
        title: `${tlsTarget(host)} does not offer TLS 1.3 (highest: ${PROBED_PROTOCOLS.filter((v) => host.protocols[v]?.offered).at(-1) ?? host.protocol ?? 'unknown'})`,
        evidence: { offered: Object.entries(host.protocols).flatMap(([v, p]) => (p.offered ? [v] : [])), refusal: host.protocols['TLSv1.3']?.error ?? null },
        fix: `In the server block for ${host.host}: ssl_protocols TLSv1.2 TLSv1.3; (nginx built with OpenSSL 1.1.1+), then reload.`,
      }));
    if (findings.length > 0) return findings;
    const unknown = hosts.filter((h) => h.protocols['TLSv1.3']?.offered == null);
    if (unknown.length > 0)
      return cannotRun(`could not tell whether ${unknown.map(tlsTarget).join(', ')} offer TLS 1.3: ${unknown[0]?.protocols['TLSv1.3']?.error ?? 'no answer'}`);
    return findingsOrCannotRun([], canonicalHandshakeGap(tls, plan.canonicalHost));
  },
);

import { canonicalHandshakeGap, completedHandshakes, noHandshakeReason, tlsTarget } from '../../analyze/tls-certificates.js';
import type { ChainTrust, TlsHostFacts } from '../../facts/tls.js';
import { cannotRun, defineCheck, findingsOrCannotRun } from '../define.js';

const TITLES: Record<Exclude<ChainTrust, 'trusted'>, string> = {
  'self-signed': 'serves a self-signed certificate chain',
  'unknown-issuer': 'serves a certificate from an issuer no trusted root vouches for',
  'incomplete-chain': 'serves an incomplete chain (the intermediate certificate is missing)',
  'invalid-signature': 'serves a chain whose signatures do not verify',
};

function fixFor(reason: Exclude<ChainTrust, 'trusted'>, host: TlsHostFacts): string {
  const top = host.chain.filter((c) => !c.fromTrustStore).at(-1);
  switch (reason) {
    case 'self-signed':
      return `Replace the self-signed certificate on ${host.host} with one from a public CA (certbot --nginx -d ${host.host}); for an internal tool, distribute the private root and audit with --ca-file.`;
    case 'incomplete-chain':
      return `Serve the full chain on ${host.host}: nginx ssl_certificate must point at the leaf followed by its intermediate (certbot's fullchain.pem, not cert.pem), then reload.`;
    case 'unknown-issuer':
      return `The chain ends at "${top?.issuer ?? 'an unknown CA'}", which no trusted root signs: use a publicly trusted CA for ${host.host}, or pass the private root with --ca-file if only internal clients connect.`;
    default:
      return `Serve the intermediate that actually signed the leaf of ${host.host} (re-download the chain from the CA) and reload.`;
  }
}

export default defineCheck(
  {
    id: 'tls.cert-untrusted',
    title: 'Certificate chains verify against the trusted roots',
    failureTitle: 'A certificate chain does not verify',
    requires: ['tls'],
    fix: 'Serve a certificate from a publicly trusted CA with its full chain (leaf + intermediates, e.g. certbot fullchain.pem).',
    docs: {
      why: 'Visitors see a full-page certificate warning and API clients refuse to connect when the chain does not lead to a root they trust. An incomplete chain is the sneaky case: desktop browsers may patch it from cache, while phones, curl and payment webhooks fail.',
      fix: 'Self-signed: issue a real certificate (`certbot --nginx -d HOST`). Incomplete chain: point nginx `ssl_certificate` at the full chain (leaf then intermediates; certbot `fullchain.pem`). Unknown issuer: use a publicly trusted CA, or for internal tools distribute the private root and audit with `--ca-file`.',
      references: ['https://www.rfc-editor.org/rfc/rfc5280#section-6', 'https://nginx.org/en/docs/http/configuring_https_servers.html#chains'],
    },
  },
  ({ tls, plan }) => {
    const hosts = completedHandshakes(tls);
    if (hosts.length === 0) return cannotRun(noHandshakeReason(tls));
    const drafts = hosts.flatMap((host) => {
      const reason = host.chainTrust;
      if (reason === null || reason === 'trusted') return [];
      return [
        {
          target: tlsTarget(host),
          key: reason,
          title: `${tlsTarget(host)} ${TITLES[reason]}`,
          evidence: {
            reason,
            opensslError: host.authorizationError,
            chain: host.chain.filter((c) => !c.fromTrustStore).map((c) => ({ subject: c.subject, issuer: c.issuer })),
          },
          fix: fixFor(reason, host),
        },
      ];
    });
    return findingsOrCannotRun(drafts, canonicalHandshakeGap(tls, plan.canonicalHost));
  },
);

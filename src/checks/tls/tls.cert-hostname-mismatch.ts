import { canonicalHandshakeGap, completedHandshakes, noHandshakeReason, tlsTarget } from '../../analyze/tls-certificates.js';
import { cannotRun, defineCheck, findingsOrCannotRun } from '../define.js';

export default defineCheck(
  {
    id: 'tls.cert-hostname-mismatch',
    title: 'Each host serves a certificate that names it',
    failureTitle: 'A host serves a certificate for other names',
    requires: ['tls'],
    fix: 'Issue a certificate whose subject alternative names include the host (certbot -d HOST), and serve it from that server block.',
    docs: {
      why: "Browsers match the address bar host against the certificate's subject alternative names; a certificate for other names gets a full-page NET::ERR_CERT_COMMON_NAME_INVALID warning. It usually means a server block without its own certificate falls back to the default one.",
      fix: 'Add the host to the certificate (`certbot --nginx -d example.com -d www.example.com`), or give the host its own `server { listen 443 ssl; server_name HOST; ssl_certificate ...; }` block so SNI picks the right certificate.',
      references: ['https://www.rfc-editor.org/rfc/rfc6125', 'https://nginx.org/en/docs/http/configuring_https_servers.html#sni'],
    },
  },
  ({ tls, plan }) => {
    const hosts = completedHandshakes(tls);
    if (hosts.length === 0) return cannotRun(noHandshakeReason(tls));
    const drafts = hosts
      .filter((h) => h.hostnameMatches === false)
      .map((host) => {
        const leaf = host.chain[0];
        return {
          target: tlsTarget(host),
          title: `${tlsTarget(host)} serves a certificate for ${leaf?.subjectAltNames.slice(0, 3).join(', ') || leaf?.subject || 'other names'}`,
          evidence: { host: host.host, subject: leaf?.subject ?? null, subjectAltNames: leaf?.subjectAltNames ?? [], error: host.hostnameError },
          fix: `Issue a certificate that includes ${host.host} (certbot --nginx -d ${host.host}) or serve the matching certificate from the server block for ${host.host}.`,
        };
      });
    return findingsOrCannotRun(drafts, canonicalHandshakeGap(tls, plan.canonicalHost));
  },
);

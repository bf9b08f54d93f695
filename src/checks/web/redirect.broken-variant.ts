import { hopSummary } from '../../analyze/web-responses.js';
import { defineCheck, notApplicable } from '../define.js';

export default defineCheck(
  {
    id: 'redirect.broken-variant',
    title: 'Every http/https variant of every host answers',
    failureTitle: 'A URL variant fails: refused, TLS failure, timeout or server error',
    requires: ['web'],
    fix: 'Serve every variant (http and https, apex and www, each configured host) and redirect it to the canonical URL.',
    docs: {
      why: 'People type the bare domain, the www form, or follow old http:// links. A variant that refuses connections, fails the TLS handshake, times out or answers 5xx loses those visitors and looks like an outage. Hosts that do not resolve at all are reported by dns.unresolvable-host instead.',
      fix: 'Give each host a server block on both ports that redirects to the canonical URL, e.g. nginx `server { listen 443 ssl; server_name www.example.com; ssl_certificate ...; return 301 https://example.com$request_uri; }`, with a certificate that covers the host.',
      references: ['https://developer.mozilla.org/en-US/docs/Web/HTTP/Redirections'],
    },
  },
  ({ web }) => {
    if (web.variants.length === 0) return notApplicable('no URL variants were probed');
    return web.variants
      .filter((v) => !v.dnsFailure && ((v.outcome === 'error' && v.error?.code !== 'BAD_LOCATION') || (v.outcome === 'final' && (v.finalStatus ?? 0) >= 500)))
      .map((v) => {
        const reason = v.outcome === 'error' ? `${v.error?.code}: ${v.error?.message}` : `HTTP ${v.finalStatus} from ${v.finalUrl}`;
        return {
          target: v.url,
          title: `${v.url} fails (${v.outcome === 'error' ? v.error?.code : v.finalStatus})`,
          evidence: { reason, hops: hopSummary(v.hops) },
        };
      });
  },
);

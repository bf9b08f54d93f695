import { canonicalUnreachable, failureInWords, hopSummary } from '../../analyze/web-responses.js';
import type { WebVariant } from '../../facts/web.js';
import type { FindingDraft } from '../../types.js';
import { defineCheck, notApplicable } from '../define.js';

export default defineCheck(
  {
    id: 'redirect.broken-variant',
    title: 'Every http/https variant of every host answers',
    failureTitle: 'A URL variant fails: refused, TLS failure, timeout or server error',
    requires: ['web'],
    fix: 'Serve every variant (http and https, apex and www, each configured host) and redirect it to the canonical URL.',
    docs: {
      why: 'People type the bare domain, the www form, or follow old http:// links. A variant that refuses connections, fails the TLS handshake, times out or answers 5xx loses those visitors and looks like an outage. Hosts that do not resolve at all are reported by dns.unresolvable-host instead. When every variant of the canonical host fails (the site cannot be reached at all) this is one blocker, reported first: nothing else about the site could be checked.',
      fix: 'Give each host a server block on both ports that redirects to the canonical URL, e.g. nginx `server { listen 443 ssl; server_name www.example.com; ssl_certificate ...; return 301 https://example.com$request_uri; }`, with a certificate that covers the host.',
      references: ['https://developer.mozilla.org/en-US/docs/Web/HTTP/Redirections'],
    },
  },
  ({ web, plan }) => {
    if (web.variants.length === 0) return notApplicable('no URL variants were probed');
    const canonicalHost = web.canonicalHost ?? plan.canonicalHost;
    const down = canonicalUnreachable(web, canonicalHost);
    const drafts: FindingDraft[] = [];
    if (down) drafts.push(unreachableCanonical(down, web.canonical ?? plan.canonical));
    const rest = web.variants
      .filter((v) => !down?.includes(v))
      .filter((v) => !v.dnsFailure && ((v.outcome === 'error' && v.error?.code !== 'BAD_LOCATION') || (v.outcome === 'final' && (v.finalStatus ?? 0) >= 500)))
      .map((v) => {
        const reason = v.outcome === 'error' ? `${v.error?.code}: ${v.error?.message}` : `HTTP ${v.finalStatus} from ${v.finalUrl}`;
        return {
          target: v.url,
          title: `${v.url} fails (${v.outcome === 'error' ? v.error?.code : v.finalStatus})`,
          evidence: { reason, hops: hopSummary(v.hops) },
        };
      });
    return [...drafts, ...rest];
  },
);

/** Every variant of the canonical host failed to connect: one blocker that says so plainly, ranked first. */
function unreachableCanonical(down: WebVariant[], canonical: string | null): FindingDraft {
  const first = down[0] as WebVariant;
  const origin = canonical ? new URL(canonical).origin : new URL(first.url).origin;
  const words = [...new Set(down.map((v) => failureInWords(v.error)))].join(' / ');
  const address = down.flatMap((v) => v.hops.map((h) => h.remoteAddress)).find(Boolean) ?? null;
  return {
    target: origin,
    key: 'canonical-unreachable',
    severity: 'blocker',
    title: `${origin} cannot be reached: ${words}`,
    evidence: {
      canonicalUnreachable: true,
      host: first.host,
      address,
      variants: down.map((v) => `${v.url}: ${failureInWords(v.error)}${v.error?.message && v.error.message !== failureInWords(v.error) ? ` (${v.error.message})` : ''}`),
    },
    fix: `Make ${origin} answer: check that the server is running and listening on ${new URL(origin).port || (origin.startsWith('https:') ? '443' : '80')}${address ? ` at ${address}` : ''}, that no firewall or security group drops the port, and that DNS points at the server.`,
  };
}

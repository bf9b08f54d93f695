import { getDomain } from 'tldts';
import { hopSummary, hostOf, variantsUnreached } from '../../analyze/web-responses.js';
import { defineCheck, notApplicable, unreachedOrNotApplicable } from '../define.js';

export default defineCheck(
  {
    id: 'redirect.non-canonical',
    title: 'Every variant ends on the canonical host',
    failureTitle: 'A URL variant ends on a host other than the canonical one',
    requires: ['web'],
    fix: 'Redirect every other host (apex or www, old domains) with 301 to the canonical host.',
    docs: {
      why: 'When apex and www (or other hosts) both serve the site, search engines split ranking between duplicate URLs, analytics split sessions, and cookies set on one host are missing on the other.',
      fix: 'Pick one canonical host and redirect the others to it, keeping the path: nginx `server { listen 443 ssl; server_name www.example.com; return 301 https://example.com$request_uri; }`.',
      references: ['https://developers.google.com/search/docs/crawling-indexing/consolidate-duplicate-urls'],
    },
  },
  ({ web, plan }) => {
    const canonicalHost = web.canonicalHost ?? plan.canonicalHost;
    if (!canonicalHost) return notApplicable('no canonical URL configured');
    // Only the canonical web host's variants (http/https x apex/www) are judged: api.*, status, docs and other
    // configured hosts serve their own content under their own name and must never be sent to the web app.
    const apex = plan.domain ?? getDomain(canonicalHost, { allowPrivateDomains: false }) ?? canonicalHost.replace(/^www\./, '');
    const webVariant = (host: string): boolean => host === canonicalHost || host === apex || host === `www.${apex}`;
    const ended = web.variants.filter((v) => v.outcome === 'final' && v.finalUrl !== null && webVariant(v.host));
    if (ended.length === 0) return unreachedOrNotApplicable(variantsUnreached(web), 'no variant of the canonical web host reached a final answer');
    // Hosts that serve content themselves (no redirect): two of them means duplicate URLs.
    const serving = new Set(ended.filter((v) => v.hops.length === 1 && (v.finalStatus ?? 0) < 300).map((v) => v.host));
    return ended
      .filter((v) => hostOf(v.finalUrl as string) !== canonicalHost)
      .map((v) => {
        const finalHost = hostOf(v.finalUrl as string);
        const duplicate = serving.has(finalHost) && serving.has(canonicalHost);
        return {
          target: v.url,
          title: duplicate ? `${finalHost} and ${canonicalHost} both serve content (duplicate URLs)` : `${v.url} ends on ${finalHost}, not ${canonicalHost}`,
          evidence: { finalUrl: v.finalUrl, finalStatus: v.finalStatus, canonicalHost, hops: hopSummary(v.hops) },
          fix: `Redirect ${finalHost} to the canonical host, e.g. nginx: server_name ${finalHost}; return 301 ${plan.canonical ? new URL(plan.canonical).origin : `https://${canonicalHost}`}$request_uri;`,
        };
      });
  },
);

import { hopSummary, hostOf, variantsUnreached } from '../../analyze/web-responses.js';
import { cannotRun, defineCheck, notApplicable } from '../define.js';

export default defineCheck(
  {
    id: 'redirect.chain-too-long',
    title: 'Every variant reaches the canonical URL in at most 2 redirects',
    failureTitle: 'A variant takes more than 2 redirects to reach the canonical URL',
    requires: ['web'],
    fix: 'Redirect each variant straight to the final https canonical URL in one hop.',
    docs: {
      why: 'Each redirect costs a round trip (and often a new TLS handshake) before the first byte of the page, which is slowest on mobile networks; crawlers may also stop following long chains.',
      fix: 'Point every non-canonical server block directly at the canonical https URL, e.g. nginx `return 301 https://example.com$request_uri;` in the http and www blocks, instead of http→https→www→apex steps.',
      references: ['https://developer.chrome.com/docs/lighthouse/performance/redirects'],
    },
  },
  ({ web, plan }) => {
    const canonicalHost = web.canonicalHost ?? plan.canonicalHost;
    if (!canonicalHost) return notApplicable('no canonical URL configured');
    const unreached = variantsUnreached(web);
    if (unreached) return cannotRun(unreached);
    return web.variants
      .filter((v) => v.outcome === 'final' && v.finalUrl !== null && hostOf(v.finalUrl) === canonicalHost && v.hops.length - 1 > 2)
      .map((v) => ({
        target: v.url,
        title: `${v.url} takes ${v.hops.length - 1} redirects to reach ${v.finalUrl}`,
        evidence: { redirects: v.hops.length - 1, hops: hopSummary(v.hops) },
      }));
  },
);

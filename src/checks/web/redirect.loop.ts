import { hopSummary, variantsUnreached } from '../../analyze/web-responses.js';
import { WEB_PROBE_DEFAULTS, webProbeSettings } from '../../facts/web.js';
import { cannotRun, defineCheck, notApplicable } from '../define.js';

export default defineCheck(
  {
    id: 'redirect.loop',
    title: 'No URL variant redirects in a loop',
    failureTitle: 'A URL variant redirects in a loop or never stops redirecting',
    requires: ['web'],
    fix: 'Make each redirect rule go straight to the canonical https URL and never redirect the canonical URL itself.',
    docs: {
      why: `Browsers give up after a handful of redirects and show "too many redirects": the site is down for everyone who reaches that variant. Following at most ${WEB_PROBE_DEFAULTS.maxRedirects} redirects, a URL seen twice or a longer chain means a loop.`,
      fix: 'Find the two rules that bounce between each other (often an app forcing https behind a proxy that talks http to it, or www and apex redirecting to each other). Redirect only from non-canonical variants, and behind a proxy trust X-Forwarded-Proto, e.g. nginx `proxy_set_header X-Forwarded-Proto $scheme;`.',
      references: ['https://developer.mozilla.org/en-US/docs/Web/HTTP/Redirections'],
    },
  },
  ({ web }) => {
    if (web.variants.length === 0) return notApplicable('no URL variants were probed');
    const unreached = variantsUnreached(web);
    if (unreached) return cannotRun(unreached);
    const { maxRedirects } = webProbeSettings(web);
    return web.variants
      .filter((v) => v.outcome === 'loop' || v.outcome === 'too-many-redirects')
      .map((v) => ({
        target: v.url,
        title: v.outcome === 'loop' ? `${v.url} redirects in a loop` : `${v.url} redirects more than ${maxRedirects} times`,
        evidence: { outcome: v.outcome, hops: hopSummary(v.hops), reason: v.error?.message ?? null },
      }));
  },
);

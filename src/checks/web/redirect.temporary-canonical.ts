import { variantsUnreached } from '../../analyze/web-responses.js';
import { cannotRun, defineCheck, notApplicable } from '../define.js';

const TEMPORARY = new Set([302, 303, 307]);

function canonicalising(from: string, to: string): boolean {
  try {
    const a = new URL(from);
    const b = new URL(to, from);
    return a.protocol !== b.protocol || a.hostname !== b.hostname;
  } catch {
    return false;
  }
}

export default defineCheck(
  {
    id: 'redirect.temporary-canonical',
    title: 'Canonicalising redirects are permanent (301/308)',
    failureTitle: 'A scheme or host redirect is temporary (302/303/307)',
    requires: ['web'],
    fix: 'Use 301 (or 308) for http→https and host redirects, e.g. nginx: return 301 https://example.com$request_uri;',
    docs: {
      why: 'A temporary redirect tells browsers and search engines to keep asking the old URL: every visit pays the extra round trip, and ranking stays with the non-canonical URL.',
      fix: 'Return 301 or 308 for scheme and host changes: nginx `return 301 https://example.com$request_uri;` (not `return 302`), Express `res.redirect(301, url)`.',
      references: ['https://developer.mozilla.org/en-US/docs/Web/HTTP/Redirections#permanent_redirections'],
    },
  },
  ({ web }) => {
    if (web.variants.length === 0) return notApplicable('no URL variants were probed');
    const unreached = variantsUnreached(web);
    if (unreached) return cannotRun(unreached);
    const seen = new Set<string>();
    const drafts = [];
    for (const v of web.variants) {
      for (const hop of v.hops) {
        if (hop.status === null || !TEMPORARY.has(hop.status) || !hop.location || !canonicalising(hop.url, hop.location) || seen.has(hop.url)) continue;
        seen.add(hop.url);
        drafts.push({
          target: hop.url,
          title: `${hop.url} redirects with ${hop.status} (temporary) to ${new URL(hop.location, hop.url).href}`,
          evidence: { status: hop.status, location: hop.location, variant: v.url },
          fix: `Make it permanent: nginx in the server block of ${new URL(hop.url).host}: return 301 ${new URL(hop.location, hop.url).origin}$request_uri;`,
        });
      }
    }
    return drafts;
  },
);

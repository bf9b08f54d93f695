import { variantsUnreached } from '../../analyze/web-responses.js';
import { WEB_PROBE_DEFAULTS } from '../../facts/web.js';
import { defineCheck, unreachedOrNotApplicable } from '../define.js';

export default defineCheck(
  {
    id: 'redirect.path-dropped',
    title: 'Canonicalising redirects keep the path and query',
    failureTitle: 'A canonicalising redirect drops the path or the query string',
    requires: ['web'],
    fix: 'Keep the request URI in the redirect target, e.g. nginx: return 301 https://example.com$request_uri;',
    docs: {
      why: `Deep links (shared articles, password-reset and sign-up links, campaign URLs with ?utm_ parameters) that go through the http or www redirect land on the home page instead, breaking those flows and losing attribution. The check requests ${WEB_PROBE_DEFAULTS.pathProbe} on every redirecting variant.`,
      fix: 'Append the original path and query to the redirect target: nginx `return 301 https://example.com$request_uri;` (not `return 301 https://example.com/;`), Apache `Redirect permanent / https://example.com/`.',
      references: ['https://nginx.org/en/docs/http/ngx_http_core_module.html#var_request_uri'],
    },
  },
  ({ web }) => {
    const probed = web.variants.filter((v) => v.pathProbe !== null);
    if (probed.length === 0) return unreachedOrNotApplicable(variantsUnreached(web), 'no variant redirects, so no redirect can drop a path');
    const drafts = [];
    for (const v of probed) {
      for (const hop of v.pathProbe?.hops ?? []) {
        if (!hop.location || hop.status === null || hop.status < 300 || hop.status >= 400) continue;
        let from: URL;
        let to: URL;
        try {
          from = new URL(hop.url);
          to = new URL(hop.location, hop.url);
        } catch {
          continue;
        }
        if (from.protocol === to.protocol && from.hostname === to.hostname) continue;
        if (to.pathname !== from.pathname || to.search !== from.search) {
          drafts.push({
            target: v.url,
            title: `${hop.url} redirects to ${to.href}, ${to.pathname !== from.pathname ? 'dropping the path' : 'dropping the query'}`,
            evidence: { requested: hop.url, location: to.href, status: hop.status },
            fix: `Keep the request URI: nginx in the server block of ${from.host}: return 301 ${to.origin}$request_uri;`,
          });
          break;
        }
      }
    }
    return drafts;
  },
);

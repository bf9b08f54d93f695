import { failureInWords, hopSummary, variantsUnreached, variantUnreached } from '../../analyze/web-responses.js';
import { cannotRun, defineCheck, inputMissing, notApplicable } from '../define.js';

export default defineCheck(
  {
    id: 'redirect.no-https-redirect',
    title: 'Every http:// variant redirects to https',
    failureTitle: 'An http:// URL serves the site without moving to https',
    requires: ['web'],
    fix: 'Answer every http:// request with a 301 to the https canonical URL, e.g. nginx: return 301 https://$host$request_uri;',
    docs: {
      why: 'Visitors who type the bare domain or follow an old http:// link stay on an unencrypted connection: logins, cookies and pages can be read and changed by anyone on the network, and HSTS can never take effect.',
      fix: 'In the http server block answer every request with a permanent redirect to https, for example nginx `server { listen 80; server_name example.com www.example.com; return 301 https://example.com$request_uri; }`. Then send Strict-Transport-Security on https.',
      references: [
        'https://developer.mozilla.org/en-US/docs/Web/Security/Practical_implementation_guides/TLS#http_redirections',
        'https://cheatsheetseries.owasp.org/cheatsheets/Transport_Layer_Security_Cheat_Sheet.html',
      ],
    },
  },
  ({ web, plan }) => {
    if (web.variants.every((v) => v.scheme !== 'http')) {
      return plan.ports.http === null
        ? inputMissing(`no http port to probe: ${plan.canonical ?? 'the URL'} names a port for https only; set app.ports.http`)
        : notApplicable('no http:// variants were probed');
    }
    const variants = web.variants.filter((v) => v.scheme === 'http' && !v.dnsFailure && v.outcome === 'final' && v.finalUrl !== null);
    const drafts = variants
      .filter((v) => (v.finalUrl as string).startsWith('http:') && (v.hops.length > 1 || ((v.finalStatus ?? 0) >= 200 && (v.finalStatus ?? 0) < 300)))
      .map((v) => {
        const direct = v.hops.length === 1;
        return {
          target: v.url,
          title: direct ? `${v.url} answers ${v.finalStatus} over plain http` : `${v.url} redirects to another http:// URL, never to https`,
          evidence: { hops: hopSummary(v.hops), finalUrl: v.finalUrl, finalStatus: v.finalStatus },
          fix: `Redirect ${v.url} with 301 to https, e.g. nginx in the port-80 server block for ${v.host}: return 301 https://$host$request_uri;`,
        };
      });
    if (drafts.length > 0) return drafts;
    // Nothing fired, but a variant that never answered was not judged: passing it would open the gate.
    const canonical = web.variants.find((v) => v.scheme === 'http' && v.host === (web.canonicalHost ?? plan.canonicalHost));
    const unreached =
      variantsUnreached(web, 'http') ?? (canonical && variantUnreached(canonical) ? `${canonical.url} could not be reached: ${failureInWords(canonical.error)}` : null);
    return unreached ? cannotRun(unreached) : [];
  },
);

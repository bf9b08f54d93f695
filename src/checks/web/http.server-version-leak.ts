import { allResponses, headerOf, hostOf, responsesUnreached } from '../../analyze/web-responses.js';
import { defineCheck, unreachedOrNotApplicable } from '../define.js';

// A product token with a version: nginx/1.24.0, PHP/8.2.1, Apache/2 (ServerTokens Major), Express 4.18
const VERSIONED = /[A-Za-z][\w.-]*(\/v?\d+|\s+v?\d+\.\d+)/;

export default defineCheck(
  {
    id: 'http.server-version-leak',
    title: 'Server and X-Powered-By do not disclose versions',
    failureTitle: 'A response discloses the server software version',
    requires: ['web'],
    fix: 'nginx: server_tokens off; Express: app.disable("x-powered-by"); PHP: expose_php = Off',
    docs: {
      why: 'An exact version tells scanners which known vulnerabilities to try first, and makes the site show up in searches for unpatched versions.',
      fix: 'Hide the version: nginx `server_tokens off;`, Apache `ServerTokens Prod` and `ServerSignature Off`, PHP `expose_php = Off`, Express `app.disable("x-powered-by")` (or helmet).',
      references: ['https://nginx.org/en/docs/http/ngx_http_core_module.html#server_tokens', 'https://owasp.org/www-project-secure-headers/'],
    },
  },
  ({ web }) => {
    const responses = allResponses(web);
    if (responses.length === 0) return unreachedOrNotApplicable(responsesUnreached(web), 'no response with headers was collected');
    const seen = new Set<string>();
    const drafts = [];
    for (const r of responses) {
      for (const name of ['server', 'x-powered-by']) {
        const value = headerOf(r.response, name);
        const host = hostOf(r.response.url);
        if (!value || !VERSIONED.test(value) || seen.has(`${host} ${name}`)) continue;
        seen.add(`${host} ${name}`);
        drafts.push({
          target: host,
          key: name,
          title: `${name === 'server' ? 'Server' : 'X-Powered-By'} header on ${host} discloses "${value.slice(0, 80)}"`,
          evidence: { header: name, value: value.slice(0, 200), url: r.response.url },
          fix: name === 'server' ? 'nginx: server_tokens off; (Apache: ServerTokens Prod)' : 'Express: app.disable("x-powered-by"); PHP: expose_php = Off',
        });
      }
    }
    return drafts;
  },
);

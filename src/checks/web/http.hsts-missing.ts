import { answeredPages, headerOf, hostOf, httpsPagesUnreached } from '../../analyze/web-responses.js';
import { defineCheck, unreachedOrNotApplicable } from '../define.js';

export default defineCheck(
  {
    id: 'http.hsts-missing',
    title: 'The canonical host sends Strict-Transport-Security',
    failureTitle: 'The canonical host sends no HSTS header',
    requires: ['web'],
    fix: 'Send Strict-Transport-Security on every https response, e.g. nginx: add_header Strict-Transport-Security "max-age=31536000; includeSubDomains" always;',
    docs: {
      why: 'Without HSTS a browser that once typed the bare domain still starts over plain http, where an attacker on the same network can strip TLS and serve a fake login page. HSTS makes the browser go straight to https for the max-age period.',
      fix: 'Add the header on the https server: nginx `add_header Strict-Transport-Security "max-age=31536000; includeSubDomains" always;`, Express `helmet.hsts({ maxAge: 31536000 })`. Start with a short max-age if subdomains are not all on https yet.',
      references: ['https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Strict-Transport-Security', 'https://hstspreload.org/'],
    },
  },
  ({ web, plan }) => {
    const canonicalHost = web.canonicalHost ?? plan.canonicalHost;
    const https = answeredPages(web).filter((p) => p.response.url.startsWith('https:') && hostOf(p.response.url) === canonicalHost);
    if (https.length === 0) return unreachedOrNotApplicable(httpsPagesUnreached(web, canonicalHost), 'no https response from the canonical host was collected');
    const missing = https.filter((p) => headerOf(p.response, 'strict-transport-security') === null);
    if (missing.length === 0) return [];
    return [{ target: canonicalHost as string, evidence: { urls: missing.map((p) => p.response.url), header: null } }];
  },
);

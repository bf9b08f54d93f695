import { headerOf, htmlPages, pagesUnreached } from '../../analyze/web-responses.js';
import { defineCheck, unreachedOrNotApplicable } from '../define.js';

export default defineCheck(
  {
    id: 'http.csp-missing',
    title: 'HTML responses carry a Content-Security-Policy',
    failureTitle: 'An HTML page has no Content-Security-Policy',
    requires: ['web'],
    fix: `Send a policy, e.g. nginx: add_header Content-Security-Policy "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'" always;`,
    docs: {
      why: 'A Content-Security-Policy is the browser-side safety net against cross-site scripting: without it any injected script runs with the full rights of the logged-in user.',
      fix: "Start from `Content-Security-Policy: default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'` and allow the origins the app really uses; deploy it first as Content-Security-Policy-Report-Only to find breakage. A report-only header alone does not count.",
      references: ['https://developer.mozilla.org/en-US/docs/Web/HTTP/CSP', 'https://csp.withgoogle.com/docs/strict-csp.html'],
    },
  },
  ({ web }) => {
    const pages = htmlPages(web);
    if (pages.length === 0) return unreachedOrNotApplicable(pagesUnreached(web), 'no HTML page was collected');
    return pages
      .filter((p) => headerOf(p.response, 'content-security-policy') === null && (p.html?.metaCsp.length ?? 0) === 0)
      .map((p) => ({
        target: p.response.url,
        evidence: { url: p.response.url, reportOnly: headerOf(p.response, 'content-security-policy-report-only') },
      }));
  },
);

import { headerOf, htmlPages, pagesUnreached } from '../../analyze/web-responses.js';
import { defineCheck, unreachedOrNotApplicable } from '../define.js';
import { groupSightings, pathOf, placeList } from '../group.js';

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
    const sightings = pages
      .filter((p) => headerOf(p.response, 'content-security-policy') === null && (p.html?.metaCsp.length ?? 0) === 0)
      .map((p) => ({ url: p.response.url, place: pathOf(p.response.url), cause: '', data: p.response }));
    return groupSightings(sightings, ({ host, places, sightings: seen }) => ({
      title: `HTML on ${host} has no Content-Security-Policy (${placeList(places)})`,
      evidence: { pages: places, reportOnly: seen[0] ? headerOf(seen[0].data, 'content-security-policy-report-only') : null },
    }));
  },
);

import { headerOf, htmlPages, pagesUnreached } from '../../analyze/web-responses.js';
import { defineCheck, unreachedOrNotApplicable } from '../define.js';
import { groupSightings, pathOf, placeList } from '../group.js';

export default defineCheck(
  {
    id: 'http.referrer-policy-missing',
    title: 'HTML pages set a Referrer-Policy',
    failureTitle: 'An HTML page sets no Referrer-Policy',
    requires: ['web'],
    fix: 'nginx: add_header Referrer-Policy "strict-origin-when-cross-origin" always;',
    docs: {
      why: 'Without a policy, older browsers send the full URL (paths, ids, reset tokens in query strings) to every third-party site a page links to or loads from.',
      fix: 'Send `Referrer-Policy: strict-origin-when-cross-origin` (or stricter) as a header, or `<meta name="referrer" content="strict-origin-when-cross-origin">` in the page head.',
      references: ['https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Referrer-Policy'],
    },
  },
  ({ web }) => {
    const pages = htmlPages(web);
    if (pages.length === 0) return unreachedOrNotApplicable(pagesUnreached(web), 'no HTML page was collected');
    const sightings = pages
      .filter((p) => headerOf(p.response, 'referrer-policy') === null && !p.html?.metaReferrer)
      .map((p) => ({ url: p.response.url, place: pathOf(p.response.url), cause: '', data: null }));
    return groupSightings(sightings, ({ host, places }) => ({ title: `HTML on ${host} sets no Referrer-Policy (${placeList(places)})`, evidence: { pages: places } }));
  },
);

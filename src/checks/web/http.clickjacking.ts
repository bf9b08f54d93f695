import { hasFrameAncestors } from '../../analyze/csp.js';
import { headerOf, headerValues, htmlPages, pagesUnreached } from '../../analyze/web-responses.js';
import { defineCheck, unreachedOrNotApplicable } from '../define.js';
import { groupSightings, pathOf, placeList } from '../group.js';

export default defineCheck(
  {
    id: 'http.clickjacking',
    title: 'HTML pages forbid being framed by other sites',
    failureTitle: 'An HTML page can be framed by any site (clickjacking)',
    requires: ['web'],
    fix: `Send Content-Security-Policy: frame-ancestors 'none' (or 'self'), or X-Frame-Options: DENY; nginx: add_header X-Frame-Options "DENY" always;`,
    docs: {
      why: 'A page that any site may put in an invisible frame lets an attacker trick logged-in users into clicking buttons they cannot see (clickjacking). frame-ancestors in a <meta> CSP is ignored by browsers, so only the header counts.',
      fix: "Send `Content-Security-Policy: frame-ancestors 'self'` (or 'none'), or the older `X-Frame-Options: DENY`: nginx `add_header X-Frame-Options \"DENY\" always;`.",
      references: [
        'https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Content-Security-Policy/frame-ancestors',
        'https://cheatsheetseries.owasp.org/cheatsheets/Clickjacking_Defense_Cheat_Sheet.html',
      ],
    },
  },
  ({ web }) => {
    const pages = htmlPages(web);
    if (pages.length === 0) return unreachedOrNotApplicable(pagesUnreached(web), 'no HTML page was collected');
    const sightings = pages
      .filter((p) => {
        const xfo = (headerOf(p.response, 'x-frame-options') ?? '').trim().toLowerCase();
        return xfo !== 'deny' && xfo !== 'sameorigin' && !headerValues(p.response, 'content-security-policy').some(hasFrameAncestors);
      })
      .map((p) => ({ url: p.response.url, place: pathOf(p.response.url), cause: '', data: p.response }));
    return groupSightings(sightings, ({ host, places, sightings: seen }) => ({
      title: `${host} can be framed by any site (${placeList(places)}): no X-Frame-Options nor frame-ancestors`,
      evidence: {
        pages: places,
        xFrameOptions: seen[0] ? headerOf(seen[0].data, 'x-frame-options') : null,
        contentSecurityPolicy: seen[0] ? headerOf(seen[0].data, 'content-security-policy') : null,
      },
    }));
  },
);

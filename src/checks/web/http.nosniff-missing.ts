import { answeredPages, headerOf, pagesUnreached } from '../../analyze/web-responses.js';
import { defineCheck, unreachedOrNotApplicable } from '../define.js';
import { groupSightings, pathOf, placeList } from '../group.js';

export default defineCheck(
  {
    id: 'http.nosniff-missing',
    title: 'Responses send X-Content-Type-Options: nosniff',
    failureTitle: 'X-Content-Type-Options: nosniff is missing',
    requires: ['web'],
    fix: 'nginx: add_header X-Content-Type-Options "nosniff" always;',
    docs: {
      why: 'Without nosniff a browser may guess the type of a response and run an uploaded text or image file as script or stylesheet.',
      fix: 'Send `X-Content-Type-Options: nosniff` on every response: nginx `add_header X-Content-Type-Options "nosniff" always;`, Express `helmet.noSniff()`.',
      references: ['https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/X-Content-Type-Options'],
    },
  },
  ({ web }) => {
    const pages = answeredPages(web);
    if (pages.length === 0) return unreachedOrNotApplicable(pagesUnreached(web), 'no page response was collected');
    const sightings = pages
      .filter((p) => (headerOf(p.response, 'x-content-type-options') ?? '').trim().toLowerCase() !== 'nosniff')
      .map((p) => ({ url: p.response.url, place: pathOf(p.response.url), cause: '', data: p.response }));
    return groupSightings(sightings, ({ host, places, sightings: seen }) => ({
      title: `${host} sends no X-Content-Type-Options: nosniff (${placeList(places)})`,
      evidence: { pages: places, header: seen[0] ? headerOf(seen[0].data, 'x-content-type-options') : null },
    }));
  },
);

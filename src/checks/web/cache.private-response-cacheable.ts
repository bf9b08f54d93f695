import { isSharedCacheable, parseCacheControl } from '../../analyze/cache-control.js';
import { allResponses, headerOf, responsesUnreached } from '../../analyze/web-responses.js';
import { defineCheck, unreachedOrNotApplicable } from '../define.js';
import { groupSightings, pathOf, placeList } from '../group.js';

export default defineCheck(
  {
    id: 'cache.private-response-cacheable',
    title: 'Personal responses are not stored by shared caches',
    failureTitle: 'A personal response may be stored by a shared cache',
    requires: ['web'],
    fix: 'Send Cache-Control: private, no-store on responses that set cookies or need authentication.',
    docs: {
      why: "A CDN or proxy that stores a response carrying a Set-Cookie or an authenticated user's data serves it to the next visitor: one user sees another's account or session.",
      fix: 'On authenticated routes and responses that set a cookie send `Cache-Control: private, no-store` (Express `res.set("Cache-Control", "private, no-store")`, nginx `add_header Cache-Control "private, no-store" always;`), and never `public` or `s-maxage` there.',
      references: ['https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Cache-Control', 'https://portswigger.net/research/practical-web-cache-poisoning'],
    },
  },
  ({ web }) => {
    const personal = allResponses(web).filter((r) => r.private || r.response.setCookieCount > 0);
    if (personal.length === 0) return unreachedOrNotApplicable(responsesUnreached(web), 'no response sets a cookie and no route is configured as private');
    const sightings = personal
      .filter((r) => isSharedCacheable(parseCacheControl(headerOf(r.response, 'cache-control'))))
      .map((r) => ({ url: r.url, place: pathOf(r.url), cause: '', data: r }));
    return groupSightings(sightings, ({ host, places, sightings: seen }) => {
      const first = (seen[0] as (typeof seen)[number]).data;
      return {
        title: `Personal responses on ${host} can be stored by shared caches (${placeList(places)})`,
        evidence: {
          urls: places,
          cacheControl: headerOf(first.response, 'cache-control'),
          setsCookie: seen.some((s) => s.data.response.setCookieCount > 0),
          privateRoute: seen.some((s) => s.data.private),
        },
      };
    });
  },
);

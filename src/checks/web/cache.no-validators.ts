import { isCacheable, parseCacheControl } from '../../analyze/cache-control.js';
import { allResponses, headerOf, responsesUnreached } from '../../analyze/web-responses.js';
import { defineCheck, unreachedOrNotApplicable } from '../define.js';
import { groupSightings, pathOf, placeList } from '../group.js';

export default defineCheck(
  {
    id: 'cache.no-validators',
    title: 'Cacheable responses carry ETag or Last-Modified',
    failureTitle: 'A cacheable response has neither ETag nor Last-Modified',
    requires: ['web'],
    fix: 'Send ETag or Last-Modified on cacheable responses (nginx does for static files by default: etag on;).',
    docs: {
      why: 'Without a validator, a browser whose cached copy expired must download the whole file again instead of getting a tiny 304 Not Modified.',
      fix: 'Serve static files with `etag on;` (nginx default) or let the framework set ETag (Express does by default); for generated responses set `Last-Modified` from the data they show.',
      references: ['https://developer.mozilla.org/en-US/docs/Web/HTTP/Conditional_requests'],
    },
  },
  ({ web }) => {
    const cacheable = allResponses(web).filter((r) => r.response.status === 200 && isCacheable(parseCacheControl(headerOf(r.response, 'cache-control'))));
    if (cacheable.length === 0) return unreachedOrNotApplicable(responsesUnreached(web), 'no response is cacheable');
    const sightings = cacheable
      .filter((r) => headerOf(r.response, 'etag') === null && headerOf(r.response, 'last-modified') === null)
      .map((r) => ({ url: r.url, place: pathOf(r.url), cause: '', data: headerOf(r.response, 'cache-control') }));
    return groupSightings(sightings, ({ host, places, sightings: seen }) => ({
      title: `Cacheable responses on ${host} carry no ETag or Last-Modified (${placeList(places)})`,
      evidence: { urls: places, cacheControl: seen[0]?.data ?? null },
    }));
  },
);

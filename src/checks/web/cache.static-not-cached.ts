import { isImmutable, maxAgeSeconds, parseCacheControl } from '../../analyze/cache-control.js';
import { assetsUnreached, headerOf, pagesUnreached } from '../../analyze/web-responses.js';
import { defineCheck, unreachedOrNotApplicable } from '../define.js';
import { groupSightings, pathOf, placeList } from '../group.js';

const DAY = 86_400;
const MONTH = 30 * DAY;

export default defineCheck(
  {
    id: 'cache.static-not-cached',
    title: 'Static assets are cached by browsers and CDNs',
    failureTitle: 'A static asset is not cached long enough',
    requires: ['web'],
    fix: 'Fingerprinted assets: Cache-Control: public, max-age=31536000, immutable; other static files: at least max-age=86400.',
    docs: {
      why: 'Without a long max-age every page view re-downloads (or at least revalidates) scripts, styles, fonts and images: slower pages for users and avoidable load on the origin exactly when launch traffic arrives.',
      fix: 'For files with a content hash in the name: `Cache-Control: public, max-age=31536000, immutable` (nginx `location ~* \\.[0-9a-f]{8,}\\.(js|css|woff2)$ { add_header Cache-Control "public, max-age=31536000, immutable"; }`). For other static files at least `max-age=86400`.',
      references: ['https://developer.mozilla.org/en-US/docs/Web/HTTP/Caching', 'https://web.dev/articles/http-cache'],
    },
  },
  ({ web }) => {
    const assets = web.assets.filter((a) => a.response && a.response.status === 200);
    if (assets.length === 0) return unreachedOrNotApplicable(pagesUnreached(web) ?? assetsUnreached(web), 'no same-origin static asset was found on the pages');
    const sightings = [];
    for (const a of assets) {
      const cacheControl = a.response ? headerOf(a.response, 'cache-control') : null;
      const directives = parseCacheControl(cacheControl);
      const maxAge = maxAgeSeconds(directives) ?? 0;
      const enough = a.fingerprinted ? maxAge >= MONTH || isImmutable(directives) : maxAge >= DAY;
      if (enough) continue;
      sightings.push({ url: a.url, place: pathOf(a.url), cause: a.fingerprinted ? 'fingerprinted' : 'plain', data: { cacheControl, maxAge } });
    }
    // fingerprinted and plain files need different lifetimes, so they stay apart
    return groupSightings(sightings, ({ host, cause, places, sightings: seen }) => {
      const fingerprinted = cause === 'fingerprinted';
      const first = (seen[0] as (typeof seen)[number]).data;
      return {
        title: `${places.length === 1 ? `${fingerprinted ? 'Fingerprinted asset' : 'Static asset'} ${places[0]}` : `${places.length} ${fingerprinted ? 'fingerprinted' : 'static'} assets`} on ${host} ${places.length === 1 ? `is cached for ${first.maxAge}s` : `are cached too briefly (${placeList(places)})`}`,
        evidence: {
          assets: places,
          cacheControl: first.cacheControl,
          maxAgeSeconds: first.maxAge,
          fingerprinted,
          required: fingerprinted ? `max-age >= ${MONTH} or immutable` : `max-age >= ${DAY}`,
        },
        fix: fingerprinted
          ? 'Cache-Control: public, max-age=31536000, immutable'
          : 'Cache-Control: public, max-age=86400 (or fingerprint the file names and cache them for a year)',
      };
    });
  },
);

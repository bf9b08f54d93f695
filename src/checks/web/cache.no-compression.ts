import { allResponses, responsesUnreached } from '../../analyze/web-responses.js';
import { defineCheck, unreachedOrNotApplicable } from '../define.js';
import { groupSightings, pathOf, placeList } from '../group.js';

const TEXT = /text\/html|javascript|ecmascript|text\/css|json|image\/svg\+xml/i;
const COMPRESSED = new Set(['gzip', 'x-gzip', 'br', 'zstd']);
const MIN_BYTES = 1024;

export default defineCheck(
  {
    id: 'cache.no-compression',
    title: 'Text responses over 1 KiB are compressed',
    failureTitle: 'A text response is served uncompressed',
    requires: ['web'],
    fix: 'Enable gzip or brotli for text types, e.g. nginx: gzip on; gzip_types text/css application/javascript application/json image/svg+xml;',
    docs: {
      why: 'HTML, JavaScript, CSS, JSON and SVG shrink by 60-80% with gzip or brotli; serving them raw makes every page slower on mobile and multiplies bandwidth under launch traffic.',
      fix: 'nginx: `gzip on; gzip_types text/css application/javascript application/json image/svg+xml;` (text/html is always included), or precompressed files with `gzip_static on;`; Express: `app.use(compression())`. The check sends `Accept-Encoding: gzip, br`.',
      references: ['https://developer.mozilla.org/en-US/docs/Web/HTTP/Compression', 'https://nginx.org/en/docs/http/ngx_http_gzip_module.html'],
    },
  },
  ({ web }) => {
    const text = allResponses(web).filter((r) => r.response.status === 200 && TEXT.test(r.response.contentType ?? '') && r.response.acceptEncoding);
    if (text.length === 0) return unreachedOrNotApplicable(responsesUnreached(web), 'no text response (html, js, css, json, svg) was collected');
    const sightings = text
      .filter((r) => {
        const size = r.response.declaredLength ?? r.response.bodyBytes;
        return size > MIN_BYTES && !COMPRESSED.has(r.response.contentEncoding ?? 'identity');
      })
      .map((r) => ({ url: r.url, place: pathOf(r.url), cause: '', data: r.response }));
    // one server setting (gzip_types) compresses them all
    return groupSightings(sightings, ({ host, places, sightings: seen }) => ({
      title: `${host} serves ${places.length === 1 ? 'a text response' : `${places.length} text responses`} uncompressed (${placeList(places)})`,
      evidence: {
        urls: places,
        responses: seen.slice(0, 10).map((s) => ({
          url: s.url,
          contentType: s.data.contentType,
          bytes: s.data.declaredLength ?? s.data.bodyBytes,
          contentEncoding: s.data.contentEncoding,
          acceptEncoding: s.data.acceptEncoding,
        })),
      },
    }));
  },
);

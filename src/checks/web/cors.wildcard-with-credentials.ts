import { corsUnreached } from '../../analyze/web-responses.js';
import { cannotRun, defineCheck, notApplicable } from '../define.js';
import { groupSightings, placeList } from '../group.js';

export default defineCheck(
  {
    id: 'cors.wildcard-with-credentials',
    title: 'No route combines Access-Control-Allow-Origin: * with credentials',
    failureTitle: 'A route sends Access-Control-Allow-Origin: * with Allow-Credentials: true',
    requires: ['web'],
    fix: 'Echo the specific allowed origin (plus Vary: Origin) instead of *, or drop Access-Control-Allow-Credentials.',
    docs: {
      why: 'Browsers refuse credentialed responses whose Allow-Origin is *, so the front end that needs cookies or Authorization breaks; it also shows the CORS configuration was never thought through.',
      fix: 'If the route needs credentials, answer with the requesting origin from an allow-list and `Vary: Origin`; if it is public, remove `Access-Control-Allow-Credentials: true`.',
      references: ['https://developer.mozilla.org/en-US/docs/Web/HTTP/CORS/Errors/CORSNotSupportingCredentials'],
    },
  },
  ({ web }) => {
    if (web.cors.length === 0) return notApplicable('no API route was probed for CORS');
    const unreached = corsUnreached(web);
    if (unreached) return cannotRun(unreached);
    const sightings = web.cors
      .filter((r) => r.probes.some((p) => p.allowOrigin === '*' && p.allowCredentials?.toLowerCase() === 'true'))
      .map((r) => ({ url: r.url, place: `${r.method} ${r.path}`, cause: '', data: r.probes.filter((p) => p.allowOrigin === '*') }));
    return groupSightings(sightings, ({ host, places, sightings: seen }) => ({
      title: `${placeList(places)} on ${host} ${places.length === 1 ? 'sends' : 'send'} Access-Control-Allow-Origin: * with credentials`,
      evidence: {
        routes: places,
        probes: (seen[0]?.data ?? []).map((p) => `${p.type} Origin ${p.origin}: Access-Control-Allow-Origin: *; Access-Control-Allow-Credentials: ${p.allowCredentials}`),
      },
    }));
  },
);

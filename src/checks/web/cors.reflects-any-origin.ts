import { corsUnreached } from '../../analyze/web-responses.js';
import { WEB_PROBE_DEFAULTS, webProbeSettings } from '../../facts/web.js';
import { cannotRun, defineCheck, notApplicable } from '../define.js';
import { groupSightings, placeList } from '../group.js';

export default defineCheck(
  {
    id: 'cors.reflects-any-origin',
    title: 'API routes do not echo arbitrary origins in CORS',
    failureTitle: 'An API route allows any origin by echoing it back',
    requires: ['web'],
    fix: 'Compare Origin against an explicit allow-list and only then echo it, e.g. cors({ origin: ["https://app.example.com"], credentials: true })',
    docs: {
      why: `Echoing whatever Origin arrives (here ${WEB_PROBE_DEFAULTS.foreignOrigin}) lets any website read the API's responses from a visitor's browser; with Access-Control-Allow-Credentials: true it reads them as the logged-in user, so it is a blocker.`,
      fix: 'Keep an allow-list of front-end origins and set Access-Control-Allow-Origin only for those: Express `cors({ origin: ["https://app.example.com"], credentials: true })`; nginx `map $http_origin $cors_origin { default ""; "https://app.example.com" $http_origin; }` then `add_header Access-Control-Allow-Origin $cors_origin always;` and `add_header Vary Origin always;`.',
      references: ['https://portswigger.net/web-security/cors', 'https://developer.mozilla.org/en-US/docs/Web/HTTP/CORS'],
    },
  },
  ({ web }) => {
    if (web.cors.length === 0) return notApplicable('no API route was probed for CORS');
    const unreached = corsUnreached(web);
    if (unreached) return cannotRun(unreached);
    const { foreignOrigin } = webProbeSettings(web);
    const sightings = web.cors.flatMap((route) => {
      const echoed = route.probes.filter((p) => p.originKind === 'foreign' && p.allowOrigin === p.origin);
      if (echoed.length === 0) return [];
      const withCredentials = echoed.some((p) => p.allowCredentials?.toLowerCase() === 'true');
      return [{ url: route.url, place: `${route.method} ${route.path}`, cause: withCredentials ? 'credentials' : '', data: echoed }];
    });
    // one reflecting CORS config answers every route the same way: one finding per host (and credentials or not)
    return groupSightings(sightings, ({ host, cause, places, sightings: seen }) => ({
      severity: cause === 'credentials' ? ('blocker' as const) : undefined,
      title: `${placeList(places)} on ${host} ${places.length === 1 ? 'echoes' : 'echo'} Origin ${foreignOrigin}${cause === 'credentials' ? ' with credentials allowed' : ''}`,
      evidence: {
        origin: foreignOrigin,
        routes: places,
        probes: (seen[0]?.data ?? []).map((p) => `${p.type}: Access-Control-Allow-Origin: ${p.allowOrigin}; Access-Control-Allow-Credentials: ${p.allowCredentials ?? '-'}`),
      },
    }));
  },
);

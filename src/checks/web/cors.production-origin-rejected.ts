import { corsUnreached } from '../../analyze/web-responses.js';
import type { CorsRoute } from '../../facts/web.js';
import { cannotRun, defineCheck, notApplicable } from '../define.js';
import { groupSightings, placeList, type Sighting } from '../group.js';

const SIMPLE_METHODS = new Set(['GET', 'HEAD', 'POST']);

export default defineCheck(
  {
    id: 'cors.production-origin-rejected',
    title: 'Configured front-end origins are allowed on the API routes',
    failureTitle: 'The production front end is refused by CORS on an API route',
    requires: ['web'],
    fix: 'Add the front-end origin to the API CORS allow-list and answer OPTIONS preflights with Access-Control-Allow-Origin, -Methods and -Headers.',
    docs: {
      why: 'If the API does not allow the real front-end origin, browsers block every call from the app even though curl works: the launch breaks for every user on the first click.',
      fix: 'Allow the configured origins (app.frontendOrigins) and answer preflights: Express `cors({ origin: ["https://app.example.com"], credentials: true, allowedHeaders: ["authorization", "content-type"] })`; nginx `if ($request_method = OPTIONS) { add_header Access-Control-Allow-Origin $http_origin; add_header Access-Control-Allow-Methods "GET, POST"; add_header Access-Control-Allow-Headers "authorization, content-type"; return 204; }` behind an origin allow-list.',
      references: ['https://developer.mozilla.org/en-US/docs/Web/HTTP/CORS#preflighted_requests'],
    },
  },
  ({ web, plan }) => {
    if (plan.frontendOrigins.length === 0) return notApplicable('no app.frontendOrigins configured');
    if (web.cors.length === 0) return notApplicable('no API route was probed for CORS');
    const unreached = corsUnreached(web);
    if (unreached) return cannotRun(unreached);
    const sightings: Sighting<{ route: CorsRoute; needsPreflight: boolean; refused: string[] }>[] = [];
    for (const route of web.cors) {
      const planned = plan.routes.find((r) => r.method === route.method && r.path === route.path);
      // Browsers preflight non-simple methods and any custom header such as Authorization.
      const needsPreflight = !SIMPLE_METHODS.has(route.method) || (planned?.headerNames.length ?? 0) > 0 || route.auth === 'private';
      const origins = [...new Set(route.probes.filter((p) => p.originKind === 'frontend').map((p) => p.origin))];
      for (const origin of origins) {
        const probes = route.probes.filter((p) => p.origin === origin && p.error === null && (p.type === 'simple' || needsPreflight));
        const refused = probes.filter((p) => p.allowOrigin !== origin && p.allowOrigin !== '*');
        if (refused.length === 0) continue;
        sightings.push({
          url: route.url,
          place: `${route.method} ${route.path}`,
          cause: origin,
          data: { route, needsPreflight, refused: refused.map((p) => `${p.type}: status ${p.status}, Access-Control-Allow-Origin: ${p.allowOrigin ?? '(none)'}`) },
        });
      }
    }
    return groupSightings(sightings, ({ host, cause: origin, places, sightings: seen }) => {
      const preflight = seen.filter((s) => s.data.needsPreflight).map((s) => s.data.route.method);
      return {
        title: `${placeList(places)} on ${host} ${places.length === 1 ? 'refuses' : 'refuse'} the front-end origin ${origin}`,
        evidence: { origin, routes: places, refused: seen[0]?.data.refused ?? [] },
        fix: `Allow ${origin} on ${placeList(places, 5)}: answer with Access-Control-Allow-Origin: ${origin} (and Vary: Origin)${preflight.length > 0 ? `, and answer the OPTIONS preflight with Access-Control-Allow-Methods: ${[...new Set(preflight)].join(', ')} and Access-Control-Allow-Headers: authorization, content-type` : ''}`,
      };
    });
  },
);

import { corsUnreached } from '../../analyze/web-responses.js';
import { cannotRun, defineCheck, notApplicable } from '../define.js';
import { groupSightings, placeList } from '../group.js';

export default defineCheck(
  {
    id: 'cors.null-origin',
    title: 'API routes do not allow Origin: null',
    failureTitle: 'An API route allows Origin: null',
    requires: ['web'],
    fix: 'Remove "null" from the CORS allow-list; never echo an Origin of null.',
    docs: {
      why: 'Sandboxed iframes, data: URLs and local files all send Origin: null, so allowing it lets any attacker page (using a sandboxed iframe) read the API responses.',
      fix: 'Delete `null` from the allowed origins (a common leftover from local file testing) and only allow the real https front-end origins.',
      references: ['https://portswigger.net/web-security/cors#whitelisted-null-origin-value'],
    },
  },
  ({ web }) => {
    if (web.cors.length === 0) return notApplicable('no API route was probed for CORS');
    const unreached = corsUnreached(web);
    if (unreached) return cannotRun(unreached);
    const sightings = web.cors
      .filter((r) => r.probes.some((p) => p.originKind === 'null' && p.allowOrigin === 'null'))
      .map((r) => ({ url: r.url, place: `${r.method} ${r.path}`, cause: '', data: r.probes.filter((p) => p.originKind === 'null' && p.allowOrigin === 'null') }));
    return groupSightings(sightings, ({ host, places, sightings: seen }) => ({
      title: `${placeList(places)} on ${host} ${places.length === 1 ? 'allows' : 'allow'} Origin: null`,
      evidence: {
        routes: places,
        probes: (seen[0]?.data ?? []).map((p) => `${p.type}: Access-Control-Allow-Origin: null; Access-Control-Allow-Credentials: ${p.allowCredentials ?? '-'}`),
      },
    }));
  },
);

import { corsUnreached, failureInWords, headerOf } from '../../analyze/web-responses.js';
import { cannotRun, defineCheck, unreachedOrNotApplicable } from '../define.js';
import { groupSightings, placeList } from '../group.js';

export default defineCheck(
  {
    id: 'cors.wildcard-on-private',
    title: 'Authenticated routes do not allow every origin',
    failureTitle: 'An authenticated route sends Access-Control-Allow-Origin: *',
    requires: ['web'],
    fix: 'Replace * with the allow-listed front-end origin on authenticated routes (and send Vary: Origin).',
    docs: {
      why: "A route configured as private or authenticated should only be readable by the app's own front end; * lets any site read what it returns to tokens sent without cookies (API keys in headers, IP-based access, internal networks).",
      fix: 'Set Access-Control-Allow-Origin to the specific front-end origin on private routes: Express `cors({ origin: ["https://app.example.com"] })`, nginx `add_header Access-Control-Allow-Origin "https://app.example.com" always;`.',
      references: ['https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Access-Control-Allow-Origin'],
    },
  },
  ({ web }) => {
    const privateCors = web.cors.filter((r) => r.auth === 'private');
    const privateRoutes = web.routes.filter((r) => r.auth === 'private' && r.response);
    if (privateCors.length === 0 && privateRoutes.length === 0) {
      const unreachedRoute = web.routes.find((r) => r.auth === 'private' && r.error);
      return unreachedOrNotApplicable(
        unreachedRoute ? `${unreachedRoute.method} ${unreachedRoute.url} could not be fetched: ${failureInWords(unreachedRoute.error)}` : null,
        'no route is configured as private',
      );
    }
    const unreached = privateRoutes.length === 0 ? corsUnreached({ ...web, cors: privateCors }) : null;
    if (unreached) return cannotRun(unreached);
    const seenAt = new Map<string, { url: string; place: string; seen: string[] }>();
    const note = (method: string, path: string, url: string, seen: string[]) => {
      const place = `${method} ${path}`;
      const entry = seenAt.get(place) ?? { url, place, seen: [] };
      entry.seen.push(...seen);
      seenAt.set(place, entry);
    };
    for (const r of privateCors) {
      const wild = r.probes.filter((p) => p.allowOrigin === '*').map((p) => `${p.type} Origin ${p.origin}: Access-Control-Allow-Origin: *`);
      if (wild.length > 0) note(r.method, r.path, r.url, wild);
    }
    for (const r of privateRoutes) {
      if (r.response && headerOf(r.response, 'access-control-allow-origin')?.trim() === '*') note(r.method, r.path, r.url, ['plain request: Access-Control-Allow-Origin: *']);
    }
    const sightings = [...seenAt.values()].map((e) => ({ url: e.url, place: e.place, cause: '', data: e.seen }));
    return groupSightings(sightings, ({ host, places, sightings: all }) => ({
      title: `${placeList(places)} on ${host}: private ${places.length === 1 ? 'route sends' : 'routes send'} Access-Control-Allow-Origin: *`,
      evidence: { routes: places, seen: all[0]?.data ?? [] },
    }));
  },
);

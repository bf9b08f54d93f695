import { htmlPages, httpsPagesUnreached } from '../../analyze/web-responses.js';
import { defineCheck, unreachedOrNotApplicable } from '../define.js';
import { groupSightings, pathOf, placeList } from '../group.js';

export default defineCheck(
  {
    id: 'http.mixed-content',
    title: 'https pages load every subresource over https',
    failureTitle: 'An https page loads content over http://',
    requires: ['web'],
    fix: 'Load every script, stylesheet, frame, image and API call over https (or a relative URL), and add the CSP directive upgrade-insecure-requests.',
    docs: {
      why: 'Browsers block active mixed content (scripts, stylesheets, frames, form targets, fetch calls), which breaks the page; passive content (images, media) loads but can be swapped by anyone on the network and removes the padlock.',
      fix: 'Change http:// URLs in templates and config to https:// or relative URLs, and send `Content-Security-Policy: upgrade-insecure-requests` as a safety net. Active content is high, passive content medium.',
      references: ['https://developer.mozilla.org/en-US/docs/Web/Security/Mixed_content', 'https://web.dev/articles/what-is-mixed-content'],
    },
  },
  ({ web, plan }) => {
    const pages = htmlPages(web).filter((p) => p.response.url.startsWith('https:'));
    if (pages.length === 0) return unreachedOrNotApplicable(httpsPagesUnreached(web, web.canonicalHost ?? plan.canonicalHost), 'no https HTML page was collected');
    const sightings = pages.flatMap((p) =>
      (['active', 'passive'] as const).flatMap((kind) => {
        const found = (p.html?.subresources ?? []).filter((s) => s.active === (kind === 'active'));
        return found.length > 0 ? [{ url: p.response.url, place: pathOf(p.response.url), cause: kind, data: found }] : [];
      }),
    );
    // active and passive content differ in severity, so they stay two findings per host
    return groupSightings(sightings, ({ host, cause, places, sightings: seen }) => {
      const resources = [...new Set(seen.flatMap((s) => s.data.map((r) => `${r.kind} ${r.url}`)))];
      return {
        severity: cause === 'active' ? 'high' : 'medium',
        title: `https pages on ${host} (${placeList(places)}) load ${resources.length} ${cause} resource(s) over http://`,
        evidence: { pages: places, resources: resources.slice(0, 10), resourceCount: resources.length },
        fix: `Switch ${seen[0]?.data[0]?.url} (and the others listed) to https:// or a relative URL; add Content-Security-Policy: upgrade-insecure-requests`,
      };
    });
  },
);

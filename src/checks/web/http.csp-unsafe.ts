import type { CspWeakness } from '../../analyze/csp.js';
import { cspWeaknesses } from '../../analyze/csp.js';
import { headerValues, htmlPages, pagesUnreached } from '../../analyze/web-responses.js';
import { defineCheck, unreachedOrNotApplicable } from '../define.js';
import { groupSightings, pathOf, placeList } from '../group.js';

export default defineCheck(
  {
    id: 'http.csp-unsafe',
    title: 'The Content-Security-Policy blocks script-execution bypasses',
    failureTitle: 'The Content-Security-Policy lets injected scripts run',
    requires: ['web'],
    fix: "Drop 'unsafe-inline', 'unsafe-eval', wildcards and bare schemes from script-src (use nonces or hashes), and add object-src 'none'; base-uri 'none'.",
    docs: {
      why: "A policy with 'unsafe-inline' (without a nonce or hash), 'unsafe-eval', a wildcard or a bare scheme such as https: in script-src, or without object-src and base-uri, can be bypassed by an injected script, so it gives little protection. Judged by Google's CSP Evaluator.",
      fix: "Use a nonce- or hash-based policy: `script-src 'nonce-{random}' 'strict-dynamic'; object-src 'none'; base-uri 'none'`, generate a fresh nonce per response and put it on each <script nonce=...>. Move inline event handlers into script files.",
      references: ['https://csp-evaluator.withgoogle.com/', 'https://csp.withgoogle.com/docs/strict-csp.html'],
    },
  },
  ({ web }) => {
    const pages = htmlPages(web);
    const withCsp = pages
      .map((p) => ({ page: p, policies: [...headerValues(p.response, 'content-security-policy'), ...(p.html?.metaCsp ?? [])] }))
      .filter((x) => x.policies.length > 0);
    if (withCsp.length === 0) return unreachedOrNotApplicable(pagesUnreached(web), 'no HTML page sends a Content-Security-Policy');
    const verdicts = new Map<string, CspWeakness[] | null>();
    const sightings = withCsp.flatMap(({ page, policies }) => {
      const text = policies.join(' | ');
      if (!verdicts.has(text)) {
        // Several policies are all enforced, so a bypass only matters when every policy allows one.
        const judged = policies.map((policy) => cspWeaknesses(policy));
        verdicts.set(text, judged.some((w) => w.length === 0) ? null : judged.flat());
      }
      const weaknesses = verdicts.get(text);
      return weaknesses ? [{ url: page.response.url, place: pathOf(page.response.url), cause: text, data: { policies, weaknesses } }] : [];
    });
    // the same policy on several pages of a host is one fix
    return groupSightings(sightings, ({ host, places, sightings: seen }) => {
      const { policies, weaknesses } = (seen[0] as (typeof seen)[number]).data;
      return {
        title: `CSP on ${host} (${placeList(places)}) allows script bypasses: ${[...new Set(weaknesses.map((w) => (w.value ? `${w.directive} ${w.value}` : `missing ${w.directive}`)))].join(', ')}`,
        evidence: { pages: places, policy: policies.map((p) => (p.length > 1000 ? `${p.slice(0, 1000)}…` : p)), weaknesses: weaknesses.slice(0, 10) },
      };
    });
  },
);

import { htmlPages, httpsPagesUnreached } from '../../analyze/web-responses.js';
import type { FindingDraft } from '../../types.js';
import { defineCheck, unreachedOrNotApplicable } from '../define.js';

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
    const drafts: FindingDraft[] = [];
    for (const p of pages) {
      const insecure = p.html?.subresources ?? [];
      for (const active of [true, false]) {
        const found = insecure.filter((s) => s.active === active);
        if (found.length === 0) continue;
        drafts.push({
          target: p.response.url,
          key: active ? 'active' : 'passive',
          severity: active ? 'high' : 'medium',
          title: `${p.response.url} loads ${found.length} ${active ? 'active' : 'passive'} resource(s) over http://`,
          evidence: { resources: found.slice(0, 10).map((s) => `${s.kind} ${s.url}`), count: found.length },
          fix: `Switch ${found[0]?.url} (and the others listed) to https:// or a relative URL; add Content-Security-Policy: upgrade-insecure-requests`,
        });
      }
    }
    return drafts;
  },
);

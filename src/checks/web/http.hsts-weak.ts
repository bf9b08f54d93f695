import { answeredPages, headerValues, hostOf, httpsPagesUnreached } from '../../analyze/web-responses.js';
import { defineCheck, unreachedOrNotApplicable } from '../define.js';

const SIX_MONTHS = 15_768_000;

/** max-age of an HSTS header, or a reason it is malformed (RFC 6797 6.1). */
function parseHsts(value: string): { maxAge: number } | { malformed: string } {
  const names = new Set<string>();
  let maxAge: number | null = null;
  for (const part of value.split(';')) {
    const directive = part.trim();
    if (!directive) continue;
    const [rawName = '', ...rest] = directive.split('=');
    const name = rawName.trim().toLowerCase();
    if (names.has(name)) return { malformed: `directive ${name} appears twice` };
    names.add(name);
    if (name === 'max-age') {
      const v = rest
        .join('=')
        .trim()
        .replace(/^"(.*)"$/, '$1');
      if (!/^\d+$/.test(v)) return { malformed: `max-age "${v}" is not a number of seconds` };
      maxAge = Number(v);
    }
  }
  if (maxAge === null) return { malformed: 'no max-age directive' };
  return { maxAge };
}

export default defineCheck(
  {
    id: 'http.hsts-weak',
    title: 'HSTS max-age is at least 6 months and well-formed',
    failureTitle: 'HSTS is too short or malformed',
    requires: ['web'],
    fix: 'Use Strict-Transport-Security: max-age=31536000; includeSubDomains',
    docs: {
      why: `A short max-age lets the protection lapse between visits, and a malformed header is ignored by browsers entirely. Under ${SIX_MONTHS} seconds (6 months) also rules out the browser preload list.`,
      fix: 'nginx `add_header Strict-Transport-Security "max-age=31536000; includeSubDomains" always;` (one header, one max-age, in seconds).',
      references: ['https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Strict-Transport-Security', 'https://www.rfc-editor.org/rfc/rfc6797#section-6.1'],
    },
  },
  ({ web, plan }) => {
    const canonicalHost = web.canonicalHost ?? plan.canonicalHost;
    const withHsts = answeredPages(web).filter((p) => p.response.url.startsWith('https:') && headerValues(p.response, 'strict-transport-security').length > 0);
    if (withHsts.length === 0) return unreachedOrNotApplicable(httpsPagesUnreached(web, canonicalHost), 'no https response sent Strict-Transport-Security');
    const seen = new Set<string>();
    const drafts = [];
    for (const p of withHsts) {
      const values = headerValues(p.response, 'strict-transport-security');
      const value = values.join(', ');
      const host = hostOf(p.response.url);
      if (seen.has(`${host} ${value}`)) continue;
      seen.add(`${host} ${value}`);
      // Browsers take the first header; several copies are a sign of duplicated config.
      const parsed = parseHsts(values[0] as string);
      const problem = 'malformed' in parsed ? parsed.malformed : parsed.maxAge < SIX_MONTHS ? `max-age ${parsed.maxAge} is under ${SIX_MONTHS} (6 months)` : null;
      if (problem)
        drafts.push({
          target: host === canonicalHost ? host : p.response.url,
          key: value,
          title: `HSTS on ${host}: ${problem}`,
          evidence: { header: value, problem, url: p.response.url },
        });
    }
    return drafts;
  },
);

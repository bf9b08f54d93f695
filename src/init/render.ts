// Renders the commented launchready.yml that `launchready init` writes.
import { getDomain } from 'tldts';
import { cleanLine } from '../terminal-text.js';
import type { RepoDetection } from './detect.js';

// JSON strings are YAML double-quoted scalars; C1 controls and line separators are escaped too, so --stdout is terminal-safe
const q = (s: string) => JSON.stringify(s).replace(/[\u007f-\u009f\u2028\u2029]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
/** Repository text inside a YAML comment: one line, no control characters (a file name with a newline must not add keys). */
const c = (s: string) => cleanLine(s);

export function renderInitConfig(d: RepoDetection, schemaRef: string): string {
  // audit probes app.canonical, so only a URL a deployment names (env template app URL, CNAME) is proposed. Hosts
  // the code names on the project's domains and package.json homepage are often the vendor's cloud or marketing
  // site (api.umami.is, umami.is): a commented-out hint, probed only once the user uncomments it.
  const proposed = d.canonical;
  // an api. host is never the canonical (umami's code names api.umami.is for its update check)
  const hintedFromCode = proposed ? null : (d.urls.find((u) => !/^https:\/\/api\./.test(u)) ?? (d.homepage ? null : (d.urls[0] ?? null)));
  const hinted = proposed ? null : (hintedFromCode ?? d.homepage);
  const canonical = proposed ?? hinted;
  const host = canonical ? new URL(canonical).hostname : null;
  const domain = host ? (getDomain(host) ?? host) : null;
  const off = proposed ? '' : '# ';
  const apps = d.apps.filter((a) => a.dir !== '.' || d.apps.length === 1);
  const detected = apps.length > 0 && !(apps.length === 1 && apps[0]?.dir === '.') ? apps.map((a) => `${a.framework} (${a.dir})`).join(', ') : (d.framework ?? 'unknown');
  const lines = [
    `# yaml-language-server: $schema=${schemaRef}`,
    '# launchready configuration. Every key is documented in the README; the schema above gives editors completion.',
    `# Detected: framework ${c(detected)}${d.envFiles.length ? `; env files ${c(d.envFiles.join(', '))}` : ''}.`,
    '# ${VAR} in any string is read from the environment at run time and never printed.',
    '',
    'app:',
    `  name: ${q(d.appName ?? 'My app')}`,
    proposed
      ? `  canonical: ${q(proposed)}   # the one URL every variant must end on`
      : hinted
        ? `  # canonical: ${q(hinted)}   # ${hintedFromCode ? 'named in the code' : 'package.json homepage'}, often the vendor's or marketing site: uncomment only if it serves this app (audit probes it)`
        : '  # canonical: https://app.example.com   # the one URL every variant must end on (detected none)',
    domain
      ? `  ${off}hosts: [${[domain, `www.${domain}`, host]
          .filter((h, i, a) => h && a.indexOf(h) === i)
          .map((h) => q(h as string))
          .join(', ')}]`
      : '  # hosts: [example.com, www.example.com, app.example.com]',
    canonical ? `  ${off}frontendOrigins: [${q(new URL(canonical).origin)}]` : '  # frontendOrigins: [https://app.example.com]',
    '',
    domain && proposed ? 'email:' : '# email:',
    domain && proposed
      ? `  domain: ${q(domain)}   # the sending domain (SPF, DKIM, DMARC, MTA-STS)`
      : `#   domain: ${domain ? q(domain) : 'example.com'}   # the sending domain (SPF, DKIM, DMARC, MTA-STS)`,
    '#   dkimSelectors: [google, s1]',
    '',
    '# Key routes: budgets default to 300 ms for reads and pages, 800 ms for reports.',
    ...routeComments(d),
  ];
  if (d.routes.length > 0) {
    lines.push('routes:');
    for (const r of d.routes) {
      lines.push(`  - path: ${q(r.path)}   # found in ${c(r.source)}`, `    method: ${r.method}`, `    kind: ${r.kind}`);
      if (r.critical) lines.push('    critical: true');
    }
  } else {
    lines.push('routes: []', '# routes:', '#   - { path: /api/orders, method: GET, kind: read, critical: true }');
  }
  lines.push(
    '',
    'load:',
    '  expectedPeakRps: 10   # the traffic you expect at launch; headroom is measured against 10x this',
    '  duration: 20s',
    '',
    'repo: .',
    ...migrationLines(d),
    `database: { urlEnv: ${d.envVarForDatabase ?? 'DATABASE_URL'} }`,
    '# logs: [var/log/app/*.log]',
    '',
    'owners:   # who fixes what; keys are minimum-bar rows (domain, ssl, deployments, secrets, caching, monitoring, email) or stages',
    '  default: "you"',
    '',
    '# monitor:',
    '#   interval: 30s',
    '#   alerts:',
    '#     - { type: webhook, url: "${ALERT_WEBHOOK}" }',
    '',
  );
  return lines.join('\n');
}

/** Where the routes come from, how many were left out and why, and what critical: true means. */
function routeComments(d: RepoDetection): string[] {
  if (d.routes.length === 0) return [];
  const lines: string[] = [];
  const main = d.apps.find((a) => a.dir === d.mainApp);
  if (d.mainApp && d.mainApp !== '.') lines.push(`# Routes of ${c(d.mainApp)}${main ? ` (${c(main.framework)})` : ''}, with paths as that app serves them.`);
  for (const note of d.routeNotes) lines.push(`# Note: ${c(note)}`);
  if (d.routesFound > d.routes.length) {
    lines.push(
      `# ${d.routes.length} of ${d.routesFound} routes found are listed; ${d.routesFound - d.routes.length} left out. Listed first: sign-in, password reset,`,
      '# sign-up, health, webhook and public API routes (the protection and monitoring stages use them), then top-level pages',
      '# and reads with fewer :params. Add any left-out route the same way.',
    );
  }
  const critical = d.routes.filter((r) => r.critical).length;
  lines.push(
    `# critical: true is proposed on ${critical} route(s) (home page or main entry, health, sign-in): launchready monitor watches`,
    '# each and monitoring.route-unwatched asks for a monitor. Mark more with `critical: true` on the routes whose failure',
    '# costs the launch. A :param stands for a real value: put one in before audit loads the route.',
  );
  for (const a of d.apps.filter((x) => x.dir !== d.mainApp && x.routes > 0))
    lines.push(`# ${c(a.dir)} (${c(a.framework)}) has ${a.routes} more route(s), not listed: add them with \`host:\` if that app is audited too.`);
  return lines;
}

/** One migration set: its dir. Several (a monorepo): leave dir unset, since each is found and analysed on its own. */
function migrationLines(d: RepoDetection): string[] {
  const sets = d.migrationSets;
  if (sets.length === 1 && sets[0]) return [`migrations: { dir: ${q(sets[0].dir)} }   # ${c(sets[0].tool)}, found by ${c(sets[0].foundBy)}`];
  if (sets.length === 0) return ['# migrations: { dir: db/migrations }   # none found; set it if your migrations live elsewhere'];
  return [
    `# migrations: ${sets.length} migration sets found; each is analysed on its own without configuration:`,
    ...sets.map((s) => `#   ${c(s.dir)} (${c(s.tool)}, found by ${c(s.foundBy)})`),
    '# set migrations.dir only to analyse one of them',
  ];
}

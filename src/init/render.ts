// Renders the commented launchready.yml that `launchready init` writes.
import { getDomain } from 'tldts';
import { cleanLine } from '../terminal-text.js';
import type { RepoDetection } from './detect.js';

// JSON strings are YAML double-quoted scalars; C1 controls and line separators are escaped too, so --stdout is terminal-safe
const q = (s: string) => JSON.stringify(s).replace(/[\u007f-\u009f\u2028\u2029]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
/** Repository text inside a YAML comment: one line, no control characters (a file name with a newline must not add keys). */
const c = (s: string) => cleanLine(s);

export function renderInitConfig(d: RepoDetection, schemaRef: string): string {
  const canonical = d.urls[0] ?? null;
  const host = canonical ? new URL(canonical).hostname : null;
  const domain = host ? (getDomain(host) ?? host) : null;
  const lines = [
    `# yaml-language-server: $schema=${schemaRef}`,
    '# launchready configuration. Every key is documented in the README; the schema above gives editors completion.',
    `# Detected: framework ${d.framework ?? 'unknown'}${d.envFiles.length ? `; env files ${c(d.envFiles.join(', '))}` : ''}.`,
    '# ${VAR} in any string is read from the environment at run time and never printed.',
    '',
    'app:',
    `  name: ${q(d.appName ?? 'My app')}`,
    canonical
      ? `  canonical: ${q(canonical)}   # the one URL every variant must end on`
      : '  # canonical: https://app.example.com   # the one URL every variant must end on (detected none)',
    domain
      ? `  hosts: [${[domain, `www.${domain}`, host]
          .filter((h, i, a) => h && a.indexOf(h) === i)
          .map((h) => q(h as string))
          .join(', ')}]`
      : '  # hosts: [example.com, www.example.com, app.example.com]',
    canonical ? `  frontendOrigins: [${q(new URL(canonical).origin)}]` : '  # frontendOrigins: [https://app.example.com]',
    '',
    domain ? 'email:' : '# email:',
    domain ? `  domain: ${q(domain)}   # the sending domain (SPF, DKIM, DMARC, MTA-STS)` : '#   domain: example.com   # the sending domain (SPF, DKIM, DMARC, MTA-STS)',
    '#   dkimSelectors: [google, s1]',
    '',
    '# Key routes: budgets default to 300 ms for reads and pages, 800 ms for reports.',
  ];
  if (d.routes.length > 0) {
    lines.push('routes:');
    for (const r of d.routes) {
      lines.push(`  - path: ${q(r.path)}   # found in ${c(r.source)}`, `    method: ${r.method}`, `    kind: ${r.kind}`);
      if (r.kind === 'read' || r.kind === 'page' || r.kind === 'health') lines.push('    critical: true');
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

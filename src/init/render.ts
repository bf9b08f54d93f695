// Renders the commented launchready.yml that `launchready init` writes.
import { getDomain } from 'tldts';
import type { RepoDetection } from './detect.js';

const q = (s: string) => JSON.stringify(s);

export function renderInitConfig(d: RepoDetection, schemaRef: string): string {
  const canonical = d.urls[0] ?? null;
  const host = canonical ? new URL(canonical).hostname : null;
  const domain = host ? (getDomain(host) ?? host) : null;
  const lines = [
    `# yaml-language-server: $schema=${schemaRef}`,
    '# launchready configuration. Every key is documented in the README; the schema above gives editors completion.',
    `# Detected: framework ${d.framework ?? 'unknown'}${d.envFiles.length ? `; env files ${d.envFiles.join(', ')}` : ''}.`,
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
      lines.push(`  - path: ${q(r.path)}   # found in ${r.source}`, `    method: ${r.method}`, `    kind: ${r.kind}`);
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
    d.migrationsDir ? `migrations: { dir: ${q(d.migrationsDir)} }` : '# migrations: { dir: db/migrations }',
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

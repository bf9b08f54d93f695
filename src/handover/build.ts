// Builds the handover document (CONTRACT, *launchready handover*) from a JSON report plus the config.
// Every section is always present and says where its data came from, or that it was not measured and what to run.
// Nothing here invents data: a section without data says so. Alert destinations are secrets and appear only masked.
import type { LaunchreadyConfig } from '../config/types.js';
import { maskSecret } from '../mask.js';
import { maskUrl } from '../monitor/alerts/mask-url.js';
import type { MonitorAlertConfig, MonitorDefinition, MonitorSettings } from '../monitor/config.js';
import { monitorsToRun } from '../monitor/monitors.js';
import { isRefused } from '../report/formats/common.js';
import type { InventoryTable } from '../report/inventory.js';
import { ownerFor } from '../report/rank.js';
import type { CheckResult, DomainMapEntry, Finding, Report, RouteMetrics } from '../types.js';
import { type Block, code, type HandoverDoc, type HandoverSection, type Text, t } from './model.js';

export interface HandoverInput {
  report: Report;
  /** `--report FILE` or a fresh audit run by this command. */
  reportSource: { kind: 'file'; path: string } | { kind: 'fresh' };
  config: LaunchreadyConfig;
  configPath: string | null;
  /** The validated `monitor:` block, or null when the config has none. */
  monitor: MonitorSettings | null;
  now: Date;
}

const MAX_ROWS = 200;
const DAY_MS = 86_400_000;

/** Report rows may carry a `source` (load or production evidence) once the performance stage fills them. */
type RouteRow = RouteMetrics & { source?: string };

interface Bottleneck {
  what: string;
  cause: string;
  fix: string;
}

const bounded = (rows: string[][]): { rows: string[][]; omitted?: number } =>
  rows.length > MAX_ROWS ? { rows: rows.slice(0, MAX_ROWS), omitted: rows.length - MAX_ROWS } : { rows };

const table = (columns: string[], rows: string[][]): Block => ({ kind: 'table', columns, ...bounded(rows) });
const para = (text: Text): Block => ({ kind: 'p', text });

function section(id: string, title: string, source: Text, measured: boolean, blocks: Block[]): HandoverSection {
  return { id, title, source, measured, blocks };
}

function msText(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  return value >= 100 ? `${Math.round(value)} ms` : `${Math.round(value * 10) / 10} ms`;
}

/** 30000 → 30s, 86400000 → 24h: the config's own units. */
function duration(msValue: number): string {
  const units: [string, number][] = [
    ['d', 2 * DAY_MS],
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1000],
  ];
  for (const [unit, size] of units) {
    const base = unit === 'd' ? DAY_MS : size;
    if (msValue >= size && msValue % base === 0) return `${msValue / base}${unit}`;
  }
  return `${msValue}ms`;
}

function hostOf(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return null;
  }
}

function check(report: Report, id: string): CheckResult | undefined {
  return report.checks.find((c) => c.id === id);
}

function checkState(report: Report, id: string): string {
  const c = check(report, id);
  if (!c) return 'not in this report';
  return c.reason ? `${c.status}: ${c.reason}` : c.status;
}

function findingsWith(report: Report, prefix: string): Finding[] {
  return report.findings.filter((f) => f.id.startsWith(prefix)).sort((a, b) => a.impactRank - b.impactRank);
}

function inventory(report: Report, key: string): InventoryTable[] {
  const out: InventoryTable[] = [];
  for (const [k, value] of Object.entries(report.inventory ?? {})) {
    if (k !== key && !k.startsWith(`${key}-`)) continue;
    const table = value as Partial<InventoryTable> | null;
    if (!table || !Array.isArray(table.columns) || !Array.isArray(table.rows)) continue;
    out.push({
      title: typeof table.title === 'string' ? table.title : key,
      columns: table.columns.map(String),
      rows: table.rows.filter(Array.isArray).map((r) => r.map((c) => (c === null || c === undefined ? '' : String(c)))),
      omitted: typeof table.omitted === 'number' ? table.omitted : 0,
    });
  }
  return out;
}

/** `file:line`, or the file alone when the table has no line. */
function place(table: InventoryTable, row: string[]): string {
  const line = cell(table, row, 'line');
  return line ? `${cell(table, row, 'file')}:${line}` : cell(table, row, 'file');
}

/** Column of an inventory row by header name (case-insensitive), so a reordered table still reads. */
function cell(table: InventoryTable, row: string[], name: string): string {
  const names = [name, ...(COLUMN_ALIASES[name] ?? [])];
  const i = table.columns.findIndex((c) => names.includes(c.toLowerCase()));
  return i >= 0 ? (row[i] ?? '') : '';
}

/** Older or hand-written reports name the same columns differently. */
const COLUMN_ALIASES: Record<string, string[]> = {
  variable: ['name'],
  'read at': ['read in'],
  'documented at': ['documented in'],
  'lock mode': ['lock'],
};

// ---------- owners ----------

const AREA_KEYS: Record<string, string[]> = {
  domain: ['domain', 'dns', 'web', 'audit', 'default'],
  ssl: ['ssl', 'tls', 'audit', 'default'],
  deployments: ['deployments', 'deployment', 'repo', 'default'],
  migrations: ['migrations', 'db', 'deployment', 'deployments', 'default'],
  secrets: ['secrets', 'repo', 'default'],
  caching: ['caching', 'web', 'default'],
  performance: ['perf', 'performance', 'db', 'default'],
  monitoring: ['monitoring', 'handover', 'default'],
  email: ['email', 'default'],
  protection: ['protection', 'default'],
  everyone: ['default'],
};

function ownerOf(owners: Record<string, string>, area: string): string | null {
  for (const key of AREA_KEYS[area] ?? [area, 'default']) if (owners[key]) return owners[key] as string;
  return null;
}

const who = (owner: string | null) => owner ?? 'unassigned';

// ---------- sections ----------

function domainSection(report: Report): HandoverSection {
  const hosts = report.domainMap.filter((e) => e && typeof e.host === 'string');
  if (hosts.length === 0) {
    return section(
      'domains',
      'Domain map and canonical rules',
      t`not measured: this report has no domain map (the web and dns stages did not run); run ${code('launchready audit --url https://your.app')} and pass the JSON report with ${code('--report')}`,
      false,
      report.target.canonical ? [para(t`Canonical URL named in the config: ${report.target.canonical}.`)] : [],
    );
  }
  const rows = hosts.map((e: DomainMapEntry) => {
    const variants = (e.variants ?? []).map((v) => {
      const codes = (v.hops ?? []).map((h) => (h.status === null ? (h.error ?? 'error') : String(h.status))).join(' → ');
      return `${v.url} [${codes}] → ${v.final ?? v.error ?? 'no final URL'}`;
    });
    return [e.host, e.role ?? '', [...(e.addresses ?? []), ...(e.cname ? [`CNAME ${e.cname}`] : [])].join(', ') || '–', variants.join('; ') || '–'];
  });
  const rules = hosts.filter((e) => e.canonicalRule).map((e) => t`${e.host}: ${e.canonicalRule ?? ''}`);
  const blocks: Block[] = [
    para(t`Canonical URL: ${report.target.canonical ?? 'not set'}.`),
    table(['host', 'role', 'addresses / CNAME', 'variants (status codes) → final URL'], rows),
  ];
  blocks.push(rules.length > 0 ? { kind: 'list', items: rules } : para(t`Canonical rule: not measured (no variant of the canonical host was fetched).`));
  const problems = report.findings.filter((f) => f.id.startsWith('redirect.') || f.id.startsWith('dns.'));
  if (problems.length > 0) blocks.push(para(t`Open domain and redirect findings: ${problems.map((f) => `${f.id} (${f.target})`).join(', ')}.`));
  return section('domains', 'Domain map and canonical rules', t`from the report's domain map (web, dns and tls stages, run ${report.startedAt})`, true, blocks);
}

const ACME_ISSUERS = /let'?s encrypt|zerossl|google trust services|buypass|\bR\d+\b|\bE\d+\b/i;

function certificateMonitors(monitor: MonitorSettings | null, host: string): string[] {
  if (!monitor) return [];
  return monitor.monitors
    .filter((m) => m.conditions.some((c) => c.subject.kind === 'cert_expires_in'))
    .filter((m) => (m.host ?? hostOf(m.url))?.toLowerCase() === host)
    .map((m) => `${m.name} (${m.conditions.find((c) => c.subject.kind === 'cert_expires_in')?.source ?? ''})`);
}

interface CertificateRow {
  issuer: string | null;
  validTo: string | null;
  daysLeft: number | null;
  authorized: boolean | null;
}

/** One certificate per host that served it: the last https hop of each variant (the one a visitor ends up trusting). */
function certificatesByHost(report: Report): Map<string, CertificateRow> {
  const byHost = new Map<string, CertificateRow>();
  for (const entry of report.domainMap) {
    for (const v of entry?.variants ?? []) {
      if (!v.tls) continue;
      const lastHttps = [...(v.hops ?? [])].reverse().find((h) => typeof h.url === 'string' && h.url.startsWith('https:'));
      const host = hostOf(lastHttps?.url) ?? entry.host;
      const known = byHost.get(host);
      if (known?.validTo) continue;
      byHost.set(host, { issuer: v.tls.issuer ?? null, validTo: v.tls.validTo ?? null, daysLeft: v.tls.daysLeft ?? null, authorized: v.tls.authorized ?? null });
    }
  }
  return byHost;
}

function certificatesSection(report: Report, monitor: MonitorSettings | null): HandoverSection {
  const byHost = certificatesByHost(report);
  if (byHost.size === 0) {
    return section(
      'certificates',
      'Certificates',
      t`not measured: no TLS certificate in this report (the tls stage did not run or no https URL answered); run ${code('launchready audit --url https://your.app')}`,
      false,
      [],
    );
  }
  const tlsFindings = findingsWith(report, 'tls.');
  const renewCheck = check(report, 'tls.no-auto-renew-signal');
  const rows = [...byHost.entries()].map(([host, c]) => {
    // the finding's own host, not a substring: 'app.example.com:443' contains 'example.com', the apex's name
    const mine = tlsFindings.filter((f) => hostOf(/^[a-z][a-z0-9+.-]*:\/\//i.test(f.target) ? f.target : `https://${f.target}`) === host);
    const signals: string[] = [];
    const expiry = mine.find((f) => f.id === 'tls.cert-expired' || f.id === 'tls.cert-expiring');
    if (expiry) signals.push(`${expiry.id}: ${expiry.title}`);
    if (mine.some((f) => f.id === 'tls.no-auto-renew-signal')) signals.push('no automatic-renewal signal: renewal is likely manual, put the expiry date in the calendar');
    else if (c.issuer && ACME_ISSUERS.test(c.issuer) && expiry)
      signals.push(`ACME issuer (${c.issuer}) yet not renewed in time: check the renewal job (ACME clients renew about 30 days before expiry)`);
    else if (c.issuer && ACME_ISSUERS.test(c.issuer))
      signals.push(`short-lived certificate from an ACME issuer (${c.issuer}): renewal looks automated; confirm the renewal job runs`);
    else if (renewCheck?.status === 'passed') signals.push('tls.no-auto-renew-signal passed: lifetime is short enough to suggest automated renewal');
    else signals.push(`renewal not determined (tls.no-auto-renew-signal ${renewCheck?.status ?? 'not in this report'})`);
    const watched = certificateMonitors(monitor, host);
    signals.push(watched.length > 0 ? `watched by monitor ${watched.join(', ')}` : 'no monitor watches its expiry');
    return [
      host,
      c.issuer ?? '–',
      c.validTo ?? '–',
      c.daysLeft === null ? '–' : String(c.daysLeft),
      c.authorized === false ? 'not trusted' : c.authorized ? 'trusted' : '–',
      signals.join('; '),
    ];
  });
  return section('certificates', 'Certificates', t`from the report's domain map TLS summaries and tls.* checks; monitors from the config`, true, [
    table(['host', 'issuer', 'expires', 'days left', 'trust', 'renewal signal'], rows),
  ]);
}

function deploySection(report: Report): HandoverSection {
  const tables = inventory(report, 'deploySteps');
  const findings = findingsWith(report, 'deploy.');
  const gaps = findings.map((f) => t`${f.id}: ${f.title}${f.target ? ` (${f.target})` : ''}. Fix: ${f.fix}`);
  const table0 = tables[0];
  if (!table0) {
    const repoRan = check(report, 'deploy.no-rollback-path');
    const why =
      repoRan && repoRan.status !== 'skipped' && repoRan.status !== 'error'
        ? 'this report has no deploy-step inventory (written by an older launchready)'
        : `the repo stage did not run (deploy.no-rollback-path: ${checkState(report, 'deploy.no-rollback-path')})`;
    return section(
      'deploy',
      'Deploy steps and rollback notes',
      t`not measured: ${why}; run ${code('launchready audit --repo DIR')}`,
      false,
      gaps.length > 0 ? [{ kind: 'list', items: gaps }] : [],
    );
  }
  const rows = table0.rows.map((r) => [cell(table0, r, 'step'), cell(table0, r, 'kind'), cell(table0, r, 'what'), place(table0, r)]);
  const blocks: Block[] = [];
  if (rows.length === 0) blocks.push(para(t`No deploy step, rollback note or health check was found in the repository.`));
  else {
    const shown = bounded(rows);
    const omitted = (table0.omitted ?? 0) + (shown.omitted ?? 0);
    blocks.push({ kind: 'table', columns: ['step', 'kind', 'what', 'where (file:line)'], rows: shown.rows, ...(omitted > 0 ? { omitted } : {}) });
  }
  if (!rows.some((r) => r[0] === 'rollback')) blocks.push(para(t`No rollback note found: write down how to go back to the previous release before launch day.`));
  if (gaps.length > 0) blocks.push(para(t`Gaps found by the audit:`), { kind: 'list', items: gaps });
  return section(
    'deploy',
    'Deploy steps and rollback notes',
    t`from the report's deploy inventory (repo stage: CI pipelines, deploy manifests, scripts and runbooks, ${report.target.repo ?? 'repository'})`,
    true,
    blocks,
  );
}

/** Which environment a documented-at place speaks for, from its file name. */
function environmentOf(place: string): string {
  const file = place.replace(/:\d+.*$/, '').replace(/\s*\(.*$/, '');
  const base = file.split('/').pop() ?? file;
  const dotenv = /^\.env\.([\w-]+)$/.exec(base);
  if (dotenv?.[1]) return /^(?:example|sample|template|dist|defaults?)$/i.test(dotenv[1]) ? 'template' : dotenv[1].toLowerCase();
  if (/\.(?:example|sample|template|dist)$/i.test(base)) return 'template';
  if (/^\.github\/workflows\/|gitlab-ci|circleci|bitbucket-pipelines|azure-pipelines|\.drone|\.travis|buildkite|Jenkinsfile/i.test(file)) return 'CI';
  if (/(?:docker-)?compose[\w.-]*\.ya?ml$/i.test(base)) return 'compose (local)';
  if (
    /^(?:fly\.toml|render\.ya?ml|app\.ya?ml|app\.json|vercel\.json|netlify\.toml|railway\.(?:json|toml)|Procfile|heroku\.yml)$/i.test(base) ||
    /(?:^|\/)(?:k8s|kubernetes|helm|deploy)\//i.test(file)
  )
    return 'production (deploy manifest)';
  if (/^(?:Dockerfile|Containerfile)/i.test(base)) return 'image (Dockerfile)';
  if (/\.(?:md|mdx|rst|txt|adoc)$/i.test(base)) return 'docs';
  if (/\.(?:ts|js|mjs|cjs|py|rb|go|java|kt|php|rs|ex|exs)$/i.test(base)) return 'schema in code';
  return 'other';
}

function envSection(report: Report): HandoverSection {
  const tables = inventory(report, 'envVars');
  const table0 = tables[0];
  if (!table0) {
    return section(
      'env',
      'Environment variables',
      t`not measured: this report has no env-var inventory (the repo stage did not run: ${checkState(report, 'env.undocumented-var')}); run ${code('launchready audit --repo DIR')}`,
      false,
      [],
    );
  }
  const undocumented: string[] = [];
  const rows = table0.rows.map((r) => {
    const name = cell(table0, r, 'variable');
    const documented = cell(table0, r, 'documented at');
    const places = documented && documented !== '-' && documented !== 'set by the runtime' ? documented.split(/,\s*/).filter((p) => !/^\(\+\d+\)$/.test(p)) : [];
    const envs = [...new Set(places.map((p) => environmentOf(p.replace(/\s*\(\+\d+\)$/, ''))))];
    let status = 'documented';
    if (documented === 'set by the runtime') status = 'set by the runtime';
    else if (places.length === 0) {
      status = 'UNDOCUMENTED';
      undocumented.push(name);
    }
    return [name, status, envs.join(', ') || '–', documented || '–', cell(table0, r, 'read at') || '–'];
  });
  const blocks: Block[] = [
    para(
      undocumented.length > 0
        ? t`${String(rows.length)} variables; ${String(undocumented.length)} UNDOCUMENTED (read by the code, set nowhere in the repo): ${undocumented.join(', ')}. Document each in .env.example (or your settings schema) and set it in every environment before launch.`
        : t`${String(rows.length)} variables, every one documented or set by the runtime.`,
    ),
    table(['variable', 'status', 'environments', 'documented at', 'read at'], rows),
  ];
  if (table0.omitted) blocks.push(para(t`${String(table0.omitted)} more variables are left out of the report for size.`));
  return section(
    'env',
    'Environment variables',
    t`from the report's env-var inventory (repo stage; names and places only, never values); environments are read from the file names where each is documented`,
    true,
    blocks,
  );
}

const LOCK_RISK: Record<string, string> = {
  'ACCESS EXCLUSIVE': 'high: blocks reads and writes on the table while it runs',
  EXCLUSIVE: 'high: blocks writes and most reads',
  'SHARE ROW EXCLUSIVE': 'medium: blocks writes',
  SHARE: 'medium: blocks writes',
  'SHARE UPDATE EXCLUSIVE': 'low: blocks other schema changes and VACUUM',
  'ROW EXCLUSIVE': 'low: normal writes',
  'ROW SHARE': 'low',
  'ACCESS SHARE': 'low: reads only',
};

function lockRisk(mode: string, statement = ''): string {
  if (/^\s*CREATE\s+(?:UNLOGGED\s+|TEMP(?:ORARY)?\s+)?TABLE\b/i.test(statement)) return 'none: creates a new table nobody reads yet';
  if (!mode) return 'none found';
  const upper = mode.toUpperCase();
  // "ACCESS EXCLUSIVE (brief)": the longest known mode the text starts with
  const known = Object.keys(LOCK_RISK)
    .filter((m) => upper === m || upper.startsWith(`${m} `))
    .sort((a, b) => b.length - a.length)[0];
  return known ? (LOCK_RISK[known] as string) : `unknown lock mode ${mode}`;
}

function migrationsSection(report: Report): HandoverSection {
  const tables = inventory(report, 'migrations');
  if (tables.length === 0) {
    return section(
      'migrations',
      'Migrations and lock risk',
      t`not measured: this report has no migrations inventory (migrations stage: ${checkState(report, 'migrations.blocking-lock')}); run ${code('launchready audit --repo DIR')}`,
      false,
      [],
    );
  }
  const rows: string[][] = [];
  let omitted = 0;
  for (const tbl of tables) {
    omitted += tbl.omitted ?? 0;
    for (const r of tbl.rows) {
      const mode = cell(tbl, r, 'lock mode');
      rows.push([
        place(tbl, r),
        cell(tbl, r, 'statement'),
        mode || '–',
        cell(tbl, r, 'table') || '–',
        lockRisk(mode, cell(tbl, r, 'statement')),
        cell(tbl, r, 'measured ms') || '–',
      ]);
    }
  }
  const blocking = findingsWith(report, 'migrations.');
  const blocks: Block[] = [
    para(
      t`Which of these already ran is not measured: launchready reads the migration files, not the database's migration history. Cross off what your migration tool reports as applied; the rest runs on release day.`,
    ),
    rows.length > 0 ? table(['statement at', 'SQL', 'lock mode', 'table', 'lock risk', 'measured ms'], rows) : para(t`No migration statements found.`),
  ];
  if (omitted > 0) blocks.push(para(t`${String(omitted)} more statements are left out of the report for size.`));
  if (blocking.length > 0)
    blocks.push(para(t`Migration findings, by impact:`), { kind: 'list', items: blocking.slice(0, 20).map((f) => t`${f.id} at ${f.target}: ${f.title}. Fix: ${f.fix}`) });
  return section(
    'migrations',
    'Migrations and lock risk',
    t`from the report's migrations inventory (lock modes from analysis, measured in a throwaway sandbox when it ran)`,
    true,
    blocks,
  );
}

function routeSource(r: RouteRow): string {
  return r.source === 'production' ? 'production (evidence)' : r.source ? r.source : 'load';
}

function performanceSection(report: Report): HandoverSection {
  const routes = (report.metrics?.routes ?? []) as RouteRow[];
  if (routes.length === 0) {
    return section(
      'performance',
      'Baseline p95 per route',
      t`not measured: run ${code('launchready load')} (or ${code('launchready audit')} with routes in the config) and pass its JSON report`,
      false,
      [],
    );
  }
  const rows = routes.map((r) => {
    // refused (401, 404 to nearly every request): the target turned the probe away, its speed was not measured
    const refused = isRefused(r);
    const verdict = refused ? 'refused' : r.errorsPct >= 1 ? 'errors' : r.p95Ms <= r.budgetMs ? 'within budget' : 'OVER BUDGET';
    return [
      `${r.method} ${r.path}`,
      r.kind,
      routeSource(r),
      msText(r.budgetMs),
      msText(r.p50Ms),
      msText(r.p95Ms),
      verdict,
      refused ? 'not measured' : r.breakingRps === null || r.breakingRps === undefined ? (r.source === 'production' ? 'n/a (production)' : 'not reached') : `${r.breakingRps} rps`,
      `${r.errorsPct}%`,
    ];
  });
  const production = routes.filter((r) => r.source === 'production').length;
  return section(
    'performance',
    'Baseline p95 per route',
    t`from the report's metrics.routes${production > 0 ? ` (${production} rows from production evidence, marked; breaking rate only comes from load)` : ' (load stage)'}`,
    true,
    [table(['route', 'kind', 'source', 'budget', 'p50', 'p95', 'verdict', 'breaking rate', 'errors'], rows)],
  );
}

/** The report's own bottleneck summary when the performance stage wrote one, else the perf findings by impact. */
function bottlenecks(report: Report): { list: Bottleneck[]; source: string } | null {
  const raw = (report.metrics as { bottlenecks?: unknown } | undefined)?.bottlenecks;
  if (Array.isArray(raw) && raw.length > 0) {
    const list = raw
      .filter((b): b is Record<string, unknown> => typeof b === 'object' && b !== null)
      .slice(0, 3)
      .map((b) => {
        const str = (k: string) => (typeof b[k] === 'string' || typeof b[k] === 'number' ? String(b[k]) : '');
        const route = str('route') || [str('method'), str('path')].filter(Boolean).join(' ');
        return {
          what: [route, str('title') || str('summary')].filter(Boolean).join(': ') || 'bottleneck',
          cause: str('cause') || str('evidence') || 'cause not given',
          fix: str('fix'),
        };
      });
    return { list, source: "the report's bottleneck summary (metrics.bottlenecks)" };
  }
  const perf = report.findings.filter((f) => f.stage === 4 && f.severity !== 'info').sort((a, b) => a.impactRank - b.impactRank);
  if (perf.length > 0) {
    const list = perf.slice(0, 3).map((f) => {
      const ev = f.evidence ?? {};
      const cause =
        typeof ev.cause === 'string'
          ? ev.cause
          : Object.entries(ev)
              .slice(0, 4)
              .map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v).slice(0, 120) : String(v)}`)
              .join('; ');
      return { what: `${f.target}: ${f.title}`, cause: cause || f.id, fix: f.fix };
    });
    return { list, source: 'the three performance findings with the highest impact (no bottleneck summary in this report)' };
  }
  return null;
}

function bottlenecksSection(report: Report): HandoverSection {
  const found = bottlenecks(report);
  if (!found) {
    const measured = (report.metrics?.routes ?? []).length > 0;
    return section(
      'bottlenecks',
      'Top 3 bottlenecks',
      measured ? t`measured: routes were loaded and no performance finding was raised` : t`not measured: run ${code('launchready load')} (needs routes in the config)`,
      measured,
      measured ? [para(t`No bottleneck found at the measured rates.`)] : [],
    );
  }
  return section('bottlenecks', 'Top 3 bottlenecks', t`from ${found.source}`, true, [
    { kind: 'list', ordered: true, items: found.list.map((b) => t`${b.what}. Cause: ${b.cause}.${b.fix ? ` Fix: ${b.fix}` : ''}`) },
  ]);
}

/** A monitor's target with any credential in it masked (a query token, a password in the URL). */
function monitorTarget(m: MonitorDefinition): string {
  if (m.type === 'heartbeat') return `/heartbeat/${m.name} every ${duration(m.everyMs ?? 0)} (+${duration(m.graceMs ?? 0)} grace)`;
  if (m.url) {
    try {
      const u = new URL(m.url);
      if (u.password) u.password = maskSecret(decodeURIComponent(u.password));
      const search = u.search;
      u.search = '';
      return `${u.toString()}${search ? `?${maskSecret(search.slice(1))}` : ''}`;
    } catch {
      return maskSecret(m.url);
    }
  }
  return `${m.host ?? '?'}${m.port ? `:${m.port}` : ''}${m.record ? ` ${m.record}` : ''}`;
}

/** Where an alert goes, readable enough to recognise, never enough to use: hosts stay, paths, keys and passwords are masked. */
export function alertDestination(a: MonitorAlertConfig): string {
  switch (a.type) {
    case 'webhook':
      return `${maskUrl(a.url)}${a.secret ? ' (signed with HMAC-SHA256; secret not shown)' : ' (unsigned)'}`;
    case 'slack':
      return maskUrl(a.url);
    case 'ntfy':
      return maskUrl(a.url);
    case 'email':
      return `${a.to} via ${maskUrl(a.smtp)}`;
    case 'pagerduty':
      return `routing key ${maskSecret(a.routingKey)}${a.url ? ` at ${maskUrl(a.url)}` : ''}`;
  }
}

function monitorsSection(input: HandoverInput): HandoverSection {
  const { monitor, config, report } = input;
  const owner = who(ownerOf(config.owners ?? {}, 'monitoring'));
  const findings = findingsWith(report, 'monitoring.');
  const findingItems = findings.map((f) => t`${f.id}: ${f.title} (${f.target})`);
  if (!monitor) {
    return section(
      'monitors',
      'Monitors and alert routes',
      t`not configured: the config has no ${code('monitor:')} block; add one (see docs/monitor.md) and run ${code('launchready monitor')}`,
      false,
      findingItems.length > 0 ? [para(t`Monitoring findings in the report:`), { kind: 'list', items: findingItems }] : [],
    );
  }
  // the list `launchready monitor` builds and runs: automatic monitors merged the way it merges them
  const made: Record<string, string> = { canonical: 'canonical URL, made by launchready monitor', route: 'critical route, made by launchready monitor' };
  const rows = monitorsToRun(monitor, config).map((m) => [
    m.origin && made[m.origin] ? `${m.name} (${made[m.origin]})` : m.name,
    m.type,
    m.origin === 'route' ? `${m.method ?? 'GET'} ${monitorTarget(m)}` : monitorTarget(m),
    m.type === 'heartbeat' ? '–' : duration(m.intervalMs),
    m.conditions.map((c) => c.source).join('; ') || (m.type === 'heartbeat' ? 'heartbeat arrives in time' : 'reachable'),
    m.public ? 'yes' : 'no',
  ]);
  const alerts = monitor.alerts.map((a) => [a.type, alertDestination(a)]);
  const blocks: Block[] = [
    rows.length > 0
      ? table(['monitor', 'type', 'target', 'interval', 'fails when not', 'public'], rows)
      : para(t`No monitor is declared and no canonical URL or critical route is configured.`),
    alerts.length > 0
      ? para(
          t`Every incident (down, recovered, reminder, certificate expiring) goes to each alert channel below; destinations are masked (first 4 characters, then …, and the length). Alerts owner: ${owner}.`,
        )
      : para(t`NO ALERT CHANNEL: incidents are recorded but nobody is told. Add ${code('monitor.alerts')} before launch. Alerts owner: ${owner}.`),
  ];
  if (alerts.length > 0) blocks.push(table(['channel', 'destination (masked)'], alerts));
  if (monitor.maintenance.length > 0)
    blocks.push(
      para(
        t`Maintenance windows (alerts silenced): ${monitor.maintenance.map((w) => `${new Date(w.startMs).toISOString()} – ${new Date(w.endMs).toISOString()} (${w.monitors.join(', ')})`).join('; ')}.`,
      ),
    );
  if (findingItems.length > 0) blocks.push(para(t`Monitoring findings in the report:`), { kind: 'list', items: findingItems });
  return section('monitors', 'Monitors and alert routes', t`from the config's ${code('monitor:')} block${input.configPath ? ` (${input.configPath})` : ''}`, true, blocks);
}

function ownersSection(input: HandoverInput): HandoverSection {
  const owners = input.config.owners ?? {};
  const entries = Object.entries(owners);
  const open = input.report.findings.filter((f) => f.severity === 'blocker' || f.severity === 'high');
  const unowned = open.filter((f) => !f.owner);
  const blocks: Block[] = [];
  if (entries.length > 0) {
    const rows = entries.map(([area, owner]) => {
      const mine = open.filter((f) => f.owner === owner);
      return [area, owner, String(mine.length)];
    });
    blocks.push(table(['area', 'owner', 'open blockers and highs owned'], rows));
  }
  const areas = Object.keys(AREA_KEYS)
    .filter((a) => a !== 'everyone')
    .map((a) => [a, who(ownerOf(owners, a))]);
  blocks.push(para(t`Who answers for each area on release day (config keys resolve to areas; "default" covers the rest):`), table(['area', 'owner'], areas));
  if (unowned.length > 0)
    blocks.push(para(t`${String(unowned.length)} open blockers and highs have no owner: add the matching key (or ${code('default')}) under ${code('owners:')}.`));
  if (entries.length === 0)
    return section(
      'owners',
      'Owners per area',
      t`not configured: the config has no ${code('owners:')} block; add one (keys: domain, ssl, deployments, secrets, caching, monitoring, email, stages, default)`,
      false,
      blocks,
    );
  return section('owners', 'Owners per area', t`from the config's ${code('owners:')} block${input.configPath ? ` (${input.configPath})` : ''}`, true, blocks);
}

/** Blockers in fix order; a blocker the report left unowned gets its owner from today's config (same rule as the audit). */
function orderedBlockers(report: Report, owners: Record<string, string>): { entry: Report['blockers'][number]; finding: Finding | undefined; owner: string | null }[] {
  return [...report.blockers]
    .sort((a, b) => a.fixOrder - b.fixOrder)
    .map((entry) => {
      const finding = report.findings.find((f) => f.fingerprint === entry.fingerprint);
      return { entry, finding, owner: entry.owner ?? (finding ? ownerFor(finding, owners) : null) };
    });
}

function blockersSection(report: Report, owners: Record<string, string>): HandoverSection {
  const list = orderedBlockers(report, owners);
  const highs = report.findings.filter((f) => f.severity === 'high').length;
  if (list.length === 0) {
    return section('blockers', 'Open blockers in fix order', t`from the report's blockers (run ${report.startedAt})`, true, [
      para(t`No open blockers in this report${highs > 0 ? `; ${highs} high findings remain (see the audit report)` : ''}.`),
    ]);
  }
  const rows = list.map(({ entry, finding, owner }) => [
    String(entry.fixOrder),
    finding ? `${entry.id}: ${finding.title}` : entry.id,
    finding?.target ?? '–',
    owner ?? 'unassigned',
    (entry.after ?? []).length > 0 ? `after ${(entry.after ?? []).join(', ')}` : '',
    finding?.fix ?? '',
  ]);
  return section('blockers', 'Open blockers in fix order', t`from the report's blockers and findings (run ${report.startedAt})`, true, [
    table(['#', 'what', 'where', 'owner', 'depends on', 'fix'], rows),
    ...(highs > 0 ? [para(t`${String(highs)} high findings are not blockers; see the audit report's risk list.`)] : []),
  ]);
}

function checklistSection(input: HandoverInput, sections: HandoverSection[]): HandoverSection {
  const { report, config, monitor } = input;
  const owners = config.owners ?? {};
  const items: Text[] = [];
  const add = (area: string, text: Text) => items.push([`${who(ownerOf(owners, area))} (${area}): `, ...text]);
  // Before the release: blockers in fix order, by their owner.
  for (const { entry, finding, owner } of orderedBlockers(report, owners)) {
    items.push([
      `${owner ?? 'unassigned'}: `,
      ...t`fix blocker #${String(entry.fixOrder)} ${finding?.title ?? entry.id} (${finding?.target ?? entry.id})${(entry.after ?? []).length > 0 ? `, after #${(entry.after ?? []).join(', #')}` : ''}`,
    ]);
  }
  const env = inventory(report, 'envVars')[0];
  if (env) {
    const undocumented = env.rows.filter((r) => cell(env, r, 'documented at') === '-' || cell(env, r, 'documented at') === '').map((r) => cell(env, r, 'variable'));
    add(
      'deployments',
      undocumented.length > 0
        ? t`set every env var in production, especially the undocumented ${undocumented.join(', ')}`
        : t`confirm every env var is set in production (see Environment variables)`,
    );
  } else add('deployments', t`list the env vars production needs (not measured here)`);
  const migrations = inventory(report, 'migrations');
  const risky = migrations.flatMap((tbl) =>
    tbl.rows.filter((r) => /^(?:high|medium)/.test(lockRisk(cell(tbl, r, 'lock mode'), cell(tbl, r, 'statement')))).map((r) => place(tbl, r)),
  );
  if (migrations.length > 0)
    add(
      'migrations',
      risky.length > 0
        ? t`run pending migrations before the deploy, off-peak, with a lock_timeout; watch the blocking ones at ${risky.slice(0, 5).join(', ')}${risky.length > 5 ? ` and ${risky.length - 5} more` : ''}`
        : t`run pending migrations before the deploy (no blocking lock found)`,
    );
  const deploy = inventory(report, 'deploySteps')[0];
  const steps = deploy?.rows.filter((r) => cell(deploy, r, 'step') === 'deploy') ?? [];
  // an instruction or command reads better in a checklist than the runbook heading above it
  const isHeading = (r: string[]) => Number(deploy !== undefined && /^\s*#/.test(cell(deploy, r, 'what')));
  const rollbacks = (deploy?.rows.filter((r) => cell(deploy, r, 'step') === 'rollback') ?? []).sort((a, b) => isHeading(a) - isHeading(b));
  const health = deploy?.rows.filter((r) => cell(deploy, r, 'step') === 'health check') ?? [];
  if (deploy && steps[0]) add('deployments', t`deploy with ${cell(deploy, steps[0], 'what')} (${cell(deploy, steps[0], 'file')}:${cell(deploy, steps[0], 'line')})`);
  else add('deployments', t`deploy: no scripted deploy step found; write down the exact commands`);
  if (deploy && health[0]) add('deployments', t`check the health check answers after the deploy (${cell(deploy, health[0], 'file')}:${cell(deploy, health[0], 'line')})`);
  if (monitor) {
    const names = monitorsToRun(monitor, config).map((m) => m.name);
    add(
      'monitoring',
      t`start ${code('launchready monitor')} and watch ${names.length > 0 ? names.join(', ') : 'the automatic monitors'}; alerts go to ${monitor.alerts.length > 0 ? monitor.alerts.map((a) => a.type).join(', ') : 'NOBODY (no alert channel)'}`,
    );
  } else add('monitoring', t`set up monitoring before launch: no ${code('monitor:')} block in the config`);
  const routes = (report.metrics?.routes ?? []) as RouteRow[];
  const over = routes.filter((r) => r.p95Ms > r.budgetMs && !isRefused(r));
  if (routes.length > 0)
    add('performance', t`compare live p95 with the baseline${over.length > 0 ? `; already over budget: ${over.map((r) => `${r.method} ${r.path}`).join(', ')}` : ''}`);
  if (deploy && rollbacks[0])
    add('deployments', t`if it breaks, roll back: ${cell(deploy, rollbacks[0], 'what')} (${cell(deploy, rollbacks[0], 'file')}:${cell(deploy, rollbacks[0], 'line')})`);
  else add('deployments', t`if it breaks: no rollback path found; decide and write one down before launch`);
  for (const [host, c] of certificatesByHost(report)) {
    if (c.daysLeft === null || c.daysLeft >= 30) continue;
    add('ssl', t`renew the certificate for ${host} (${c.daysLeft < 0 ? `expired ${-c.daysLeft} days ago` : `expires ${c.validTo ?? ''}, ${c.daysLeft} days left`})`);
  }
  const notMeasured = sections.filter((s) => !s.measured).map((s) => s.title);
  if (notMeasured.length > 0) add('everyone', t`not measured in this document, check by hand or run the stage: ${notMeasured.join(', ')}`);
  return section(
    'checklist',
    'Release-day checklist (who does what)',
    t`derived from the owners, blockers, env vars, migrations, deploy and rollback steps and monitors above`,
    true,
    [{ kind: 'list', ordered: true, items }],
  );
}

export function buildHandover(input: HandoverInput): HandoverDoc {
  const { report } = input;
  const sections = [
    domainSection(report),
    certificatesSection(report, input.monitor),
    deploySection(report),
    envSection(report),
    migrationsSection(report),
    performanceSection(report),
    bottlenecksSection(report),
    monitorsSection(input),
    ownersSection(input),
    blockersSection(report, input.config.owners ?? {}),
  ];
  sections.push(checklistSection(input, sections));
  const name = input.config.app?.name ?? report.target.canonical ?? report.target.domain ?? report.target.repo ?? 'the app';
  const source = input.reportSource.kind === 'file' ? t`audit report ${input.reportSource.path}` : t`a fresh audit run by this command`;
  const daysOld = Math.floor((input.now.getTime() - Date.parse(report.startedAt)) / DAY_MS);
  return {
    title: `Handover: ${name}`,
    intro: [
      t`Written ${input.now.toISOString()} by launchready ${report.tool?.version ?? ''} from ${source} (run ${report.startedAt}${daysOld >= 1 ? `, ${daysOld} days ago` : ''}; grade ${report.grade}, score ${String(report.score)}/100) and ${input.configPath ? `the config ${input.configPath}` : 'no config file'}.`,
      t`Target: ${report.target.canonical ?? 'no URL'}${report.target.domain ? ` · domain ${report.target.domain}` : ''}${report.target.repo ? ` · repository ${report.target.repo}` : ''}.`,
    ],
    sections,
    footer: t`Secrets appear only masked: the first 4 characters, then …, and the length. Regenerate this document with ${code('launchready handover')} after each audit.`,
  };
}

// Turns config + flags into the collect plan: which hosts, URL variants, routes and stages, and why anything is left out.
// It is saved with the facts; how findings are judged and reported (owners, ignores, overrides, gate) is the run policy (policy.ts).
import { isIP } from 'node:net';
import { isAbsolute, resolve } from 'node:path';
import { getDomain } from 'tldts';
import { UsageError } from './config/load.js';
import type { LaunchreadyConfig, RouteKind } from './config/types.js';
import { MonitorConfigError } from './monitor/config.js';
import { resolveMonitors } from './monitor/monitors.js';
import { PIPELINE_STAGES, type PipelineStage } from './types.js';

export interface PlannedRoute {
  method: string;
  path: string;
  kind: RouteKind;
  budgetMs: number;
  critical: boolean;
  auth: 'public' | 'private';
  host: string | null;
  /** Header names only; values (tokens) stay in AuditSecrets. */
  headerNames: string[];
  hasBody: boolean;
}

export interface AuditPlan {
  appName: string | null;
  canonical: string | null;
  canonicalHost: string | null;
  /** Hosts whose http/https variants are audited, canonical host first. */
  hosts: string[];
  domain: string | null;
  /** Ports of the http and https variants; null when that scheme is not probed (a URL with an explicit port names one scheme only). */
  ports: { http: number | null; https: number | null };
  /** Page paths fetched on the canonical host for headers, mixed content and caching. */
  paths: string[];
  frontendOrigins: string[];
  routes: PlannedRoute[];
  email: { domain: string | null; dkimSelectors: string[]; smtpPort: number };
  repo: string | null;
  migrationsDir: string | null;
  databaseConfigured: boolean;
  logs: string[];
  advisoriesDir: string | null;
  seedRows: number;
  /** PostgreSQL major version for the version-dependent migration rules (null: the database's, else the sandbox's). */
  migrationsPgVersion: number | null;
  load: PlanLoad;
  /**
   * What `launchready monitor` would watch with this config (the `monitor:` keys of the contract): `routes` are the
   * paths on the canonical host requested by an http monitor (declared, or made for a critical route); `certificates`
   * is true when a tls monitor or an https monitor sees a certificate (each warns before expiry).
   */
  monitor: { configured: boolean; alertTypes: string[]; certificates: boolean; routes: string[]; intervalMs: number };
  /** Pipeline stages collected (--only/--skip); the stages judged are the run policy's (src/policy.ts). */
  stages: PipelineStage[];
  /** Why a stage is left out (by --only/--skip). */
  stageReasons: Partial<Record<PipelineStage, string>>;
  yes: boolean;
  /** Production evidence to read (absolute paths or globs; flags first, then config) and the access log format. */
  evidence: EvidencePlan;
  /** The rate-limit burst per probed route (before the probe's own cap of 200). */
  protection: { requests: number; windowMs: number };
}

export interface EvidencePlan {
  accessLogs: string[];
  traces: string[];
  har: string[];
  format: 'nginx' | 'apache' | 'alb' | 'heroku' | 'json' | null;
  /** Paths in the report are shown relative to this directory. */
  cwd: string;
}

/** How the load stage measures each route (config `load:` plus the flags of `launchready load`). */
export interface PlanLoad {
  /** As configured; null when unset (the stage then assumes DEFAULT_EXPECTED_PEAK_RPS). */
  expectedPeakRps: number | null;
  durationMs: number;
  /** Ceiling of the headroom ramp (load.ramp.maxRps or load.maxRps); null: 20x the expected peak, at most 2000. */
  maxRps: number | null;
  warmupMs: number;
  maxRequests: number;
  rampFactor: number;
  /** false: baseline only (--no-ramp). */
  ramp: boolean;
  /** > 0: closed model with this many users (--users / load.users). */
  users: number;
  thinkTimeMs: number;
  /** Baseline arrival rate from --rate; null: the expected peak. */
  rateRps: number | null;
}

export const DEFAULT_EXPECTED_PEAK_RPS = 10;

/** Values that must reach collectors but never a facts file or report. */
export interface AuditSecrets {
  routeHeaders: Record<string, Record<string, string>>;
  routeBodies: Record<string, string>;
  databaseUrl: string | null;
}

export interface PlanFlags {
  urls: string[];
  domain?: string;
  repo?: string | null;
  noRepo?: boolean;
  only?: string[];
  skip?: string[];
  databaseUrl?: string;
  advisories?: string;
  seedRows?: number;
  yes?: boolean;
  /** --access-log, --traces, --har (added to the config's evidence lists). */
  accessLogs?: string[];
  traces?: string[];
  har?: string[];
  /** Flags of `launchready load` that override the config's load: section. */
  load?: { rateRps?: number; users?: number; durationMs?: number; noRamp?: boolean };
  cwd: string;
  /** Is cwd a git work tree (default repo)? */
  cwdIsGitRepo: boolean;
}

export function routeKey(route: { method: string; path: string }): string {
  return `${route.method} ${route.path}`;
}

export function parseDuration(text: string | undefined, fallbackMs: number): number {
  if (!text) return fallbackMs;
  const m = /^(\d+)(ms|s|m|h)$/.exec(text.trim());
  if (!m) return fallbackMs;
  const n = Number(m[1]);
  return n * ({ ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const)[m[2] as 'ms' | 's' | 'm' | 'h'];
}

export function parseStageList(list: string[] | undefined, flag: string): PipelineStage[] | undefined {
  if (!list) return undefined;
  const names = list
    .flatMap((s) => s.split(','))
    .map((s) => s.trim())
    .filter(Boolean);
  if (list.length > 0 && names.length === 0) throw new UsageError(`${flag}: no stage named`, `stages are: ${PIPELINE_STAGES.join(', ')}`);
  for (const n of names) {
    if (!(PIPELINE_STAGES as readonly string[]).includes(n)) throw new UsageError(`${flag}: unknown stage "${n}"`, `stages are: ${PIPELINE_STAGES.join(', ')}`);
  }
  return names as PipelineStage[];
}

const DEFAULT_BUDGET: Record<RouteKind, number> = {
  read: 300,
  page: 300,
  'public-api': 300,
  report: 800,
  login: 800,
  'password-reset': 800,
  signup: 800,
  webhook: 800,
  health: 300,
};

function toUrl(text: string, what: string): URL {
  try {
    const url = new URL(text);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('scheme');
    return url;
  } catch {
    throw new UsageError(`${what}: "${text}" is not an http(s) URL`, 'give a full URL such as https://app.example.com');
  }
}

export const IP_LITERAL_REASON = 'the URL is an IP address; pass --domain for email checks';

/** A hostname that is an IPv4 or IPv6 literal ("[::1]" as URL.hostname gives it). */
export function isIpLiteral(host: string): boolean {
  return isIP(host.replace(/^\[|\]$/g, '')) !== 0;
}

/**
 * Ports of the variants. A URL with an explicit port names that scheme's port only: the other scheme is probed on
 * app.ports when configured, else not at all (guessing 80/443 for a test stack on :18080 reports a dead port).
 */
function variantPorts(url: URL | null, configured: { http?: number; https?: number } | undefined): AuditPlan['ports'] {
  if (!url?.port) return { http: configured?.http ?? 80, https: configured?.https ?? 443 };
  const scheme = url.protocol === 'https:' ? 'https' : 'http';
  const other = scheme === 'https' ? 'http' : 'https';
  return { [scheme]: Number(url.port), [other]: configured?.[other] ?? null } as AuditPlan['ports'];
}

export const DEFAULT_PROBE_REQUESTS = 30;
export const DEFAULT_PROBE_WINDOW_MS = 10_000;
const MAX_PROBE_WINDOW_MS = 60_000;

function evidencePlan(config: LaunchreadyConfig, flags: PlanFlags): EvidencePlan {
  const abs = (list: string[] | undefined): string[] => [...new Set((list ?? []).map((p) => (isAbsolute(p) ? p : resolve(flags.cwd, p))))];
  return {
    accessLogs: abs([...(flags.accessLogs ?? []), ...(config.evidence?.accessLogs ?? [])]),
    traces: abs([...(flags.traces ?? []), ...(config.evidence?.traces ?? [])]),
    har: abs([...(flags.har ?? []), ...(config.evidence?.har ?? [])]),
    format: config.evidence?.format ?? null,
    cwd: flags.cwd,
  };
}

function protectionPlan(config: LaunchreadyConfig): AuditPlan['protection'] {
  const window = config.protection?.window;
  const windowMs = window === undefined ? DEFAULT_PROBE_WINDOW_MS : parseDuration(window, Number.NaN);
  if (!Number.isFinite(windowMs) || windowMs > MAX_PROBE_WINDOW_MS)
    throw new UsageError(`config protection.window: expected a duration up to 60s, got "${String(window).slice(0, 40)}"`, 'for example protection: { window: 10s }');
  return { requests: config.protection?.requests ?? DEFAULT_PROBE_REQUESTS, windowMs };
}

export function buildPlan(config: LaunchreadyConfig, flags: PlanFlags, env: NodeJS.ProcessEnv = process.env): { plan: AuditPlan; secrets: AuditSecrets } {
  const urls = (flags.urls.length > 0 ? flags.urls : config.app?.canonical ? [config.app.canonical] : []).map((u, i) =>
    toUrl(u, i === 0 && flags.urls.length === 0 ? 'app.canonical' : '--url'),
  );
  const canonicalUrl = urls[0] ?? null;
  const canonicalHost = canonicalUrl?.hostname.toLowerCase() ?? null;
  // An IP address has no registrable domain: no www. variant, no DNS or email checks unless --domain names one.
  const ipLiteral = canonicalHost !== null && isIpLiteral(canonicalHost);
  const urlDomain = canonicalHost && !ipLiteral ? (getDomain(canonicalHost, { allowPrivateDomains: false }) ?? canonicalHost) : null;
  const domain = flags.domain?.toLowerCase() ?? urlDomain ?? config.email?.domain ?? null;
  const ports = variantPorts(canonicalUrl, config.app?.ports);
  const hostSet = new Set<string>();
  if (canonicalHost) hostSet.add(canonicalHost);
  for (const u of urls.slice(1)) hostSet.add(u.hostname.toLowerCase());
  if (config.app?.hosts && config.app.hosts.length > 0) {
    for (const h of config.app.hosts) hostSet.add(h.toLowerCase());
  } else if (domain && canonicalHost && !ipLiteral) {
    hostSet.add(domain);
    hostSet.add(`www.${domain}`);
  }
  const routes: PlannedRoute[] = [];
  const secrets: AuditSecrets = { routeHeaders: {}, routeBodies: {}, databaseUrl: null };
  for (const r of config.routes ?? []) {
    const kind = r.kind ?? 'read';
    const route: PlannedRoute = {
      method: (r.method ?? (kind === 'login' || kind === 'password-reset' || kind === 'signup' || kind === 'webhook' ? 'POST' : 'GET')).toUpperCase(),
      path: r.path,
      kind,
      budgetMs: r.budgetMs ?? DEFAULT_BUDGET[kind],
      critical: r.critical ?? false,
      auth: r.auth ?? (r.headers && Object.keys(r.headers).some((h) => /authorization|cookie/i.test(h)) ? 'private' : 'public'),
      host: r.host?.toLowerCase() ?? null,
      headerNames: Object.keys(r.headers ?? {}),
      hasBody: r.body !== undefined,
    };
    routes.push(route);
    if (r.headers) secrets.routeHeaders[routeKey(route)] = r.headers;
    if (r.body !== undefined) secrets.routeBodies[routeKey(route)] = r.body;
  }
  const pagePaths = new Set<string>(['/']);
  if (canonicalUrl && canonicalUrl.pathname !== '/') pagePaths.add(canonicalUrl.pathname);
  for (const p of config.app?.paths ?? []) pagePaths.add(p);
  for (const r of routes) if (r.kind === 'page' && r.method === 'GET') pagePaths.add(r.path);

  const only = parseStageList(flags.only, '--only');
  const skip = parseStageList(flags.skip, '--skip') ?? [];
  const stageReasons: Partial<Record<PipelineStage, string>> = {};
  const stages = PIPELINE_STAGES.filter((s) => {
    if (only && !only.includes(s)) {
      stageReasons[s] = `stage ${s} not selected by --only`;
      return false;
    }
    if (skip.includes(s)) {
      stageReasons[s] = `stage ${s} left out by --skip`;
      return false;
    }
    if (ipLiteral && !domain && (s === 'dns' || s === 'email')) {
      stageReasons[s] = IP_LITERAL_REASON;
      return false;
    }
    return true;
  });
  const repo = flags.noRepo ? null : (flags.repo ?? config.repo ?? (flags.cwdIsGitRepo ? flags.cwd : null));
  const databaseUrl = flags.databaseUrl ?? config.database?.url ?? (config.database?.urlEnv ? env[config.database.urlEnv] : undefined) ?? null;
  secrets.databaseUrl = databaseUrl;
  const plan: AuditPlan = {
    appName: config.app?.name ?? null,
    canonical: canonicalUrl?.href ?? null,
    canonicalHost,
    hosts: [...hostSet],
    domain,
    ports,
    paths: [...pagePaths],
    frontendOrigins: config.app?.frontendOrigins ?? [],
    routes,
    email: { domain: config.email?.domain?.toLowerCase() ?? domain, dkimSelectors: config.email?.dkimSelectors ?? [], smtpPort: config.email?.smtpPort ?? 25 },
    repo,
    migrationsDir: config.migrations?.dir ?? null,
    databaseConfigured: databaseUrl !== null,
    logs: config.logs ?? [],
    advisoriesDir: flags.advisories ?? config.advisories ?? null,
    seedRows: flags.seedRows ?? config.migrations?.seedRows ?? 10_000,
    migrationsPgVersion: config.migrations?.postgresVersion ?? null,
    load: {
      expectedPeakRps: config.load?.expectedPeakRps ?? null,
      durationMs: flags.load?.durationMs ?? parseDuration(config.load?.duration, 20_000),
      maxRps: config.load?.ramp?.maxRps ?? config.load?.maxRps ?? null,
      warmupMs: parseDuration(config.load?.warmup, 3000),
      maxRequests: config.load?.maxRequests ?? 20_000,
      rampFactor: config.load?.ramp?.factor ?? 2,
      ramp: flags.load?.noRamp !== true,
      users: flags.load?.users ?? config.load?.users ?? 0,
      thinkTimeMs: parseDuration(config.load?.thinkTime, 1000),
      rateRps: flags.load?.rateRps ?? null,
    },
    monitor: monitorPlan(config, canonicalHost),
    stages,
    stageReasons,
    yes: flags.yes ?? false,
    evidence: evidencePlan(config, flags),
    protection: protectionPlan(config),
  };
  return { plan, secrets };
}

/** plan.monitor from the monitor config, with the automatic monitors `launchready monitor` adds. */
function monitorPlan(config: LaunchreadyConfig, canonicalHost: string | null): AuditPlan['monitor'] {
  if (config.monitor === undefined) return { configured: false, alertTypes: [], certificates: false, routes: [], intervalMs: 30_000 };
  let resolved: ReturnType<typeof resolveMonitors>;
  try {
    resolved = resolveMonitors(config);
  } catch (error) {
    if (error instanceof MonitorConfigError)
      throw new UsageError(`invalid config: ${error.problems.join('; ')}`, `fix ${error.problems.length === 1 ? 'that monitor key' : 'those monitor keys'} (docs/monitor.md)`);
    throw error;
  }
  const routes = new Set<string>();
  let certificates = false;
  for (const m of resolved.monitors) {
    if (m.type === 'tls') certificates = true;
    if (m.type !== 'http' || !m.url) continue;
    try {
      const url = new URL(m.url);
      if (url.protocol === 'https:') certificates = true;
      if (m.origin === 'route' || canonicalHost === null || url.hostname.toLowerCase() === canonicalHost) routes.add(url.pathname);
    } catch {
      // a bad URL is reported by the monitor config's validation
    }
  }
  return {
    configured: true,
    alertTypes: resolved.settings.alerts.map((a) => a.type),
    certificates,
    routes: [...routes],
    intervalMs: resolved.settings.intervalMs,
  };
}

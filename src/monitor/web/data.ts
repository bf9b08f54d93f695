// What the dashboard, the API, /metrics and /status show, read from the store in a few bulk queries (never one query
// per monitor on the list views), and the JSON shapes of the API (docs/monitor.md, "Dashboard and API").
import type { MonitorDefinition } from '../config.js';
import type { Incident, LatestResult, MonitorStore, StoredResult, UptimeCount } from '../store/store.js';
import { HOUR_MS, MINUTE_MS } from '../store/store.js';

/** A monitor as the server needs it: the resolved config entry (name, type and public at least). */
export type WebMonitor = Pick<MonitorDefinition, 'name' | 'type' | 'public'> & Partial<Omit<MonitorDefinition, 'name' | 'type' | 'public'>>;

export type MonitorStateName = 'up' | 'down' | 'failing' | 'unknown';

const WINDOWS = { '24h': 24 * HOUR_MS, '7d': 7 * 24 * HOUR_MS, '30d': 30 * 24 * HOUR_MS } as const;
export type WindowName = keyof typeof WINDOWS;
export const WINDOW_NAMES = Object.keys(WINDOWS) as WindowName[];

export interface MonitorSummary {
  name: string;
  type: string;
  public: boolean;
  /** What is probed, without credentials or query string. */
  target: string | null;
  /** down: an incident is open; failing: the last check failed but failAfter is not reached yet. */
  state: MonitorStateName;
  lastCheckAt: number | null;
  lastResponseMs: number | null;
  lastError: string | null;
  uptime: Record<WindowName, UptimeCount | null>;
  certExpiresAt: number | null;
  lastHeartbeatAt: number | null;
  openIncident: Incident | null;
}

/** The probed target as shown on the dashboard: scheme, host and path of a URL (no user, password or query). */
function describeTarget(m: WebMonitor): string | null {
  if (m.url) {
    try {
      const u = new URL(m.url);
      return `${u.protocol}//${u.host}${u.pathname}`;
    } catch {
      return null;
    }
  }
  if (m.host) return m.port ? `${m.host}:${m.port}` : m.record ? `${m.host} ${m.record}` : m.host;
  if (m.type === 'heartbeat') return `/heartbeat/${m.name}`;
  return null;
}

function stateOf(latest: LatestResult | undefined, open: Incident | undefined): MonitorStateName {
  if (open) return 'down';
  if (!latest) return 'unknown';
  return latest.ok ? 'up' : 'failing';
}

export async function summarise(store: MonitorStore, monitors: readonly WebMonitor[], now: number): Promise<MonitorSummary[]> {
  const [latest, open, beats] = await Promise.all([store.latest(), store.incidents({ open: true, limit: 1000 }), store.heartbeats()]);
  const uptimes = {} as Record<WindowName, Map<string, UptimeCount>>;
  // one monitor (its own page): sums of its rows only, not a GROUP BY over every monitor
  const only = monitors.length === 1 ? monitors[0]!.name : undefined;
  const sums = await store.uptimeWindows(
    now,
    WINDOW_NAMES.map((w) => WINDOWS[w]),
    only,
  );
  WINDOW_NAMES.forEach((w, i) => {
    uptimes[w] = sums[i]!;
  });
  const openByMonitor = new Map(open.map((i) => [i.monitor, i]));
  return monitors.map((m) => {
    const last = latest.get(m.name);
    const incident = openByMonitor.get(m.name);
    const uptime = {} as Record<WindowName, UptimeCount | null>;
    for (const w of WINDOW_NAMES) uptime[w] = uptimes[w].get(m.name) ?? null;
    return {
      name: m.name,
      type: m.type,
      public: m.public === true,
      target: describeTarget(m),
      state: stateOf(last, incident),
      lastCheckAt: last?.at ?? null,
      lastResponseMs: last?.responseMs ?? null,
      lastError: last && !last.ok ? last.error : null,
      uptime,
      certExpiresAt: last?.certExpiresAt ?? null,
      lastHeartbeatAt: beats.get(m.name)?.lastAt ?? null,
      openIncident: incident ?? null,
    };
  });
}

export const RANGES = { '24h': { ms: 24 * HOUR_MS, size: 'minute' }, '7d': { ms: 7 * 24 * HOUR_MS, size: 'hour' }, '30d': { ms: 30 * 24 * HOUR_MS, size: 'hour' } } as const;
export type RangeName = keyof typeof RANGES;

export interface TrendPoint {
  at: number;
  checks: number;
  failures: number;
  p50Ms: number | null;
  p95Ms: number | null;
}

/** p50/p95 per minute (24 h) or per hour (7 d, 30 d) from the roll-ups. */
export async function trendOf(
  store: MonitorStore,
  monitor: string,
  range: RangeName,
  now: number,
): Promise<{ from: number; to: number; size: 'minute' | 'hour'; points: TrendPoint[] }> {
  const r = RANGES[range];
  const step = r.size === 'minute' ? MINUTE_MS : HOUR_MS;
  const to = Math.ceil(now / step) * step;
  const from = to - r.ms;
  return { from, to, size: r.size, points: await store.trend(monitor, r.size, from, to) };
}

// ---- JSON shapes

const iso = (ms: number | null | undefined) => (ms === null || ms === undefined ? null : new Date(ms).toISOString());
const round = (n: number | null, digits = 2) => (n === null ? null : Math.round(n * 10 ** digits) / 10 ** digits);

function uptimeJson(u: UptimeCount | null) {
  return u === null ? { ratio: null, checks: 0, failures: 0 } : { ratio: u.ratio === null ? null : round(u.ratio, 6), checks: u.checks, failures: u.failures };
}

export function incidentJson(i: Incident, now: number) {
  return {
    id: i.id,
    monitor: i.monitor,
    open: i.endedAt === null,
    startedAt: iso(i.startedAt),
    endedAt: iso(i.endedAt),
    durationMs: (i.endedAt ?? now) - i.startedAt,
    lastError: i.lastError,
  };
}

export function monitorJson(s: MonitorSummary, now: number) {
  return {
    name: s.name,
    type: s.type,
    public: s.public,
    target: s.target,
    state: s.state,
    lastCheckAt: iso(s.lastCheckAt),
    lastResponseMs: round(s.lastResponseMs),
    lastError: s.lastError,
    uptime: { '24h': uptimeJson(s.uptime['24h']), '7d': uptimeJson(s.uptime['7d']), '30d': uptimeJson(s.uptime['30d']) },
    certExpiresAt: iso(s.certExpiresAt),
    lastHeartbeatAt: iso(s.lastHeartbeatAt),
    openIncident: s.openIncident ? incidentJson(s.openIncident, now) : null,
  };
}

export function resultJson(r: StoredResult) {
  return { at: iso(r.at), ok: r.ok, responseMs: round(r.responseMs), error: r.error, worker: r.worker ?? null };
}

export function trendJson(t: TrendPoint) {
  return { at: iso(t.at), checks: t.checks, failures: t.failures, p50Ms: round(t.p50Ms), p95Ms: round(t.p95Ms) };
}

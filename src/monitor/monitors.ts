// The monitors `launchready monitor` runs: the ones declared in monitor.monitors, plus one for the canonical URL and one
// per `critical: true` route, made automatically unless a declared http monitor already requests the same URL.
import type { LaunchreadyConfig, RouteConfig } from '../config/types.js';
import { type Condition, parseCondition } from './conditions.js';
import { type MonitorDefinition, type MonitorSettings, parseMonitorSection } from './config.js';

/** Warn this long before a certificate expires when no cert_expires_in condition names a bound. */
export const DEFAULT_CERT_WARNING_MS = 14 * 86_400_000;

function sameRequest(a: string, b: string): boolean {
  try {
    const x = new URL(a);
    const y = new URL(b);
    const path = (u: URL) => (u.pathname.length > 1 ? u.pathname.replace(/\/+$/, '') : u.pathname) + u.search;
    return x.protocol === y.protocol && x.host === y.host && path(x) === path(y);
  } catch {
    return false;
  }
}

function routeUrl(canonical: URL, route: RouteConfig): string {
  const url = new URL(route.path, canonical);
  if (route.host) url.hostname = route.host;
  return url.href;
}

function routeMonitorName(route: RouteConfig): string {
  const method = (route.method ?? 'GET').toLowerCase();
  const path = route.path
    .replace(/^\/+/, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `route-${method}-${path || 'root'}`.slice(0, 64).replace(/[-.]+$/, '');
}

/** Conditions a monitor gets when it declares none: an answer below 400, or NOERROR for DNS. */
function defaultConditions(m: MonitorDefinition): Condition[] {
  if (m.type === 'http') return [parseCondition('status < 400', 'http')];
  if (m.type === 'dns') return [parseCondition('rcode == NOERROR', 'dns')];
  return [];
}

export interface ResolvedMonitors {
  settings: MonitorSettings;
  monitors: MonitorDefinition[];
}

/** Parse `monitor:` (throws MonitorConfigError) and add the automatic monitors. */
export function resolveMonitors(config: LaunchreadyConfig): ResolvedMonitors {
  const settings = parseMonitorSection(config.monitor);
  return { settings, monitors: monitorsToRun(settings, config) };
}

/**
 * The declared monitors plus the automatic ones, merged as `launchready monitor` runs them (a critical `GET /` is the
 * canonical monitor, not a second one). The handover document lists this same list, so it never names a monitor that
 * does not run.
 */
export function monitorsToRun(settings: MonitorSettings, config: LaunchreadyConfig): MonitorDefinition[] {
  const monitors: MonitorDefinition[] = settings.monitors.map((m) => ({ ...m, origin: 'config' as const }));
  const names = new Set(monitors.map((m) => m.name));
  const declaredUrls = monitors.filter((m) => m.type === 'http' && m.url).map((m) => ({ url: m.url!, method: (m.method ?? 'GET').toUpperCase() }));
  const add = (m: MonitorDefinition) => {
    if (declaredUrls.some((d) => d.method === (m.method ?? 'GET').toUpperCase() && sameRequest(d.url, m.url!))) return;
    let name = m.name;
    for (let i = 2; names.has(name); i++) name = `${m.name.slice(0, 60)}-${i}`;
    names.add(name);
    declaredUrls.push({ url: m.url!, method: (m.method ?? 'GET').toUpperCase() });
    monitors.push({ ...m, name });
  };
  const base = {
    type: 'http' as const,
    intervalMs: settings.intervalMs,
    timeoutMs: settings.timeoutMs,
    failAfter: settings.failAfter,
    recoverAfter: settings.recoverAfter,
    conditions: [],
    public: false,
  };
  let canonical: URL | null = null;
  try {
    canonical = config.app?.canonical ? new URL(config.app.canonical) : null;
  } catch {
    canonical = null;
  }
  if (canonical) {
    add({ ...base, name: 'canonical', url: canonical.href, origin: 'canonical' });
    for (const route of config.routes ?? []) {
      if (!route.critical) continue;
      const method = (route.method ?? 'GET').toUpperCase();
      add({
        ...base,
        name: routeMonitorName(route),
        url: routeUrl(canonical, route),
        method,
        ...(route.headers ? { headers: route.headers } : {}),
        ...(route.body !== undefined && method !== 'GET' && method !== 'HEAD' ? { body: route.body } : {}),
        origin: 'route',
      });
    }
  }
  for (const m of monitors) if (m.conditions.length === 0) m.conditions = defaultConditions(m);
  return monitors;
}

// The load stage: each configured route alone through the load engine (open model at the expected peak, or N users),
// warm-up excluded, then the stepped headroom ramp; every run bounded by load.maxRequests, the duration and the
// error-storm stop, loopback only unless --yes, connected through the run's NetContext (--resolve, --ca-file,
// --dns-server). Header and body values come from AuditSecrets and never reach the facts.
import type { LoadFacts, LoadProbeSettings, LoadRampStep, LoadRouteFacts } from '../../facts/load.js';
import { isLoadRunFailure, type LoadRoute, type LoadRunOptions, runLoad } from '../../load/engine.js';
import { runRamp, stepOf } from '../../load/ramp.js';
import { type AuditPlan, type AuditSecrets, DEFAULT_EXPECTED_PEAK_RPS, type PlannedRoute, routeKey } from '../../plan.js';
import { type CollectRun, defineCollector, upToTime } from '../collector.js';
import type { LoadWindowObserver } from './window.js';

export type { LoadWindowObserver } from './window.js';

const ERROR_LIMIT_PCT = 1;
const DEFAULT_RAMP_CEILING = 2000;
const MAX_STEP_MS = 5000;
/** Kinds whose probe body is expected to be refused: a 4xx or a rate limit is the route working, not failing. */
const AUTH_KINDS = new Set(['login', 'password-reset', 'signup']);
const AUTH_ACCEPT = [400, 401, 403, 422, 429];

/** The probe settings of this plan: what the stage will do, stored in the facts. */
export function loadSettings(plan: AuditPlan, timeoutMs: number): LoadProbeSettings {
  const l = plan.load;
  const peak = l.expectedPeakRps ?? DEFAULT_EXPECTED_PEAK_RPS;
  const closed = l.users > 0;
  const baselineRps = closed ? null : (l.rateRps ?? peak);
  const start = baselineRps ?? peak;
  const maxRps = l.maxRps ?? Math.min(DEFAULT_RAMP_CEILING, Math.max(peak * 20, start * l.rampFactor));
  const stepDurationMs = Math.max(100, Math.min(l.durationMs, MAX_STEP_MS));
  return {
    model: closed ? 'closed' : 'open',
    expectedPeakRps: peak,
    expectedPeakConfigured: l.expectedPeakRps !== null,
    baselineRps,
    users: closed ? l.users : null,
    thinkTimeMs: closed ? l.thinkTimeMs : null,
    warmupMs: l.warmupMs,
    durationMs: l.durationMs,
    maxRequests: l.maxRequests,
    timeoutMs,
    ramp: l.ramp ? { factor: l.rampFactor, maxRps, stepDurationMs, rates: headroomRates(start, peak, l.rampFactor, maxRps) } : null,
    errorLimitPct: ERROR_LIMIT_PCT,
    allowNonLoopback: plan.yes,
  };
}

/**
 * How long one route's window takes at most: warm-up and baseline, then every ramp step with its own warm-up, cut short
 * where the route's request cap (load.maxRequests, warm-up and ramp included) runs out. The ramp usually stops earlier,
 * at the breaking rate: this is the bound the user waits for at worst.
 */
function plannedRouteMs(settings: LoadProbeSettings): number {
  const phases: { rps: number | null; ms: number }[] = [{ rps: settings.baselineRps, ms: settings.warmupMs + settings.durationMs }];
  const ramp = settings.ramp;
  if (ramp) for (const rps of ramp.rates) phases.push({ rps, ms: ramp.stepDurationMs + Math.min(settings.warmupMs, Math.round(ramp.stepDurationMs / 4)) });
  let remaining = settings.maxRequests;
  let total = 0;
  for (const { rps, ms } of phases) {
    if (rps === null) {
      total += ms; // closed model: the rate is the users', unknown in advance
      continue;
    }
    const requests = (rps * ms) / 1000;
    if (requests >= remaining) return total + (remaining * 1000) / rps;
    remaining -= requests;
    total += ms;
  }
  return total;
}

/** The progress list's line for the load stage: "5 routes, up to 5 min". */
export function plannedLoad(plan: AuditPlan): string | null {
  const routes = plan.routes.length;
  if (routes === 0) return null;
  return `${routes} route${routes === 1 ? '' : 's'}, ${upToTime(routes * plannedRouteMs(loadSettings(plan, 0)))}`;
}

/** Ramp steps above the baseline: start x factor, x factor ... up to the ceiling, with exactly 10x the peak included. */
function headroomRates(start: number, peak: number, factor: number, maxRps: number): number[] {
  const rates = new Set<number>();
  for (let rate = start * factor; rate < maxRps && rates.size < 32; rate *= factor) rates.add(Math.round(rate * 100) / 100);
  if (maxRps > start) rates.add(maxRps);
  if (peak * 10 > start && peak * 10 <= maxRps) rates.add(peak * 10);
  return [...rates].sort((a, b) => a - b);
}

/** The URL of a route: the canonical origin (or the route's own host on the same scheme and port) plus its path. */
export function routeUrl(plan: AuditPlan, route: PlannedRoute): string | null {
  if (!plan.canonical) return null;
  try {
    const base = new URL(plan.canonical);
    if (route.host) base.hostname = route.host;
    return new URL(route.path.startsWith('/') ? route.path : `/${route.path}`, base.origin).href;
  } catch {
    return null;
  }
}

function engineRoute(route: PlannedRoute, url: string, secrets: AuditSecrets): LoadRoute {
  const key = routeKey(route);
  return {
    url,
    method: route.method,
    path: route.path,
    kind: route.kind,
    budgetMs: route.budgetMs,
    headers: secrets.routeHeaders[key],
    body: secrets.routeBodies[key],
    acceptStatus: AUTH_KINDS.has(route.kind) ? AUTH_ACCEPT : undefined,
  };
}

async function observe<T>(observers: readonly LoadWindowObserver[], errors: string[], call: (o: LoadWindowObserver) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (const o of observers) {
    try {
      out.push(await call(o));
    } catch (error) {
      errors.push(String((error as Error)?.message ?? error).split('\n')[0] ?? 'observer failed');
    }
  }
  return out;
}

/** One route's whole window: warm-up and baseline, then the ramp from the next step up; observers around it. */
async function loadOneRoute(
  run: Pick<CollectRun, 'secrets' | 'net' | 'progress' | 'loadObservers'>,
  plan: AuditPlan,
  route: PlannedRoute,
  settings: LoadProbeSettings,
): Promise<LoadRouteFacts> {
  const key = routeKey(route);
  const url = routeUrl(plan, route);
  const facts: LoadRouteFacts = {
    method: route.method,
    path: route.path,
    kind: route.kind,
    budgetMs: route.budgetMs,
    url: url ?? route.path,
    outcome: 'refused',
    refusal: null,
    baseline: null,
    breakingRps: null,
    breakingCause: null,
    rampEndedBy: null,
    steps: [],
    requestsSent: 0,
    queriesPerRequest: null,
    observerErrors: [],
  };
  if (!url) {
    facts.refusal = { code: 'BAD_URL', message: `cannot build a URL for ${key}` };
    return facts;
  }
  const shared: Omit<LoadRunOptions, 'model' | 'durationMs'> = {
    route: engineRoute(route, url, run.secrets),
    timeoutMs: settings.timeoutMs,
    allowNonLoopback: settings.allowNonLoopback,
    network: run.net,
  };
  const observers = run.loadObservers ?? [];
  await observe(observers, facts.observerErrors, (o) => o.begin(key));
  try {
    run.progress(`${key}: baseline`);
    const baseline = await runLoad({
      ...shared,
      model:
        settings.model === 'closed'
          ? { type: 'closed', users: settings.users ?? 1, thinkTimeMs: settings.thinkTimeMs ?? 0 }
          : { type: 'open', rps: settings.baselineRps ?? settings.expectedPeakRps },
      durationMs: settings.durationMs,
      warmupMs: settings.warmupMs,
      maxRequests: settings.maxRequests,
    });
    if (isLoadRunFailure(baseline)) {
      facts.refusal = baseline.error;
      return facts;
    }
    facts.outcome = 'measured';
    const { method: _m, path: _p, kind: _k, budgetMs: _b, ...measured } = baseline;
    facts.baseline = measured;
    facts.requestsSent = baseline.sent;
    const first: LoadRampStep = stepOf(baseline, route.budgetMs, ERROR_LIMIT_PCT, baseline.rps);
    if (first.broken) {
      // Already broken at the baseline rate: that is the breaking point, and a ramp would only pile on.
      facts.breakingRps = first.offeredRps;
      facts.breakingCause = first.broken;
      return facts;
    }
    const remaining = settings.maxRequests - baseline.sent;
    if (!settings.ramp || baseline.stoppedBy !== 'duration') return facts;
    if (remaining <= 0 || settings.ramp.rates.length === 0) {
      facts.rampEndedBy = remaining <= 0 ? 'max-requests' : 'max-rps';
      return facts;
    }
    run.progress(`${key}: headroom ramp`);
    const ramp = await runRamp({
      ...shared,
      startRps: settings.ramp.rates[0] as number,
      maxRps: settings.ramp.maxRps,
      rates: settings.ramp.rates,
      stepDurationMs: settings.ramp.stepDurationMs,
      warmupMs: Math.min(settings.warmupMs, Math.round(settings.ramp.stepDurationMs / 4)),
      maxRequests: remaining,
      errorLimitPct: settings.errorLimitPct,
    });
    if ('error' in ramp) return facts;
    facts.steps = ramp.steps;
    facts.rampEndedBy = ramp.endedBy;
    facts.breakingRps = ramp.breakingRps;
    facts.breakingCause = ramp.steps.find((s) => s.broken)?.broken ?? null;
    facts.requestsSent += ramp.steps.reduce((sum, s) => sum + s.sent, 0);
    return facts;
  } finally {
    const ended = await observe(observers, facts.observerErrors, (o) => o.end(key, facts.requestsSent));
    for (const e of ended) if (e && typeof e.queriesPerRequest === 'number' && facts.queriesPerRequest === null) facts.queriesPerRequest = e.queriesPerRequest;
  }
}

export const loadCollector = defineCollector({
  source: 'load',
  title: 'Load and headroom',
  stages: ['perf'],
  // Measured with nothing else running in this process: repository scans, SQL parsing and the other stages' probes
  // share its event loop, and a busy loop shows up as the target's latency (connections that take long to set up) or as
  // timeouts. The migrations sandbox goes on in its own process, at the lowest CPU priority: it does not hold the load
  // test back. The rate-limit burst waits for the load test instead (see the protection collector).
  planned: plannedLoad,
  quietAfter: ['secrets', 'env', 'deploy', 'deps', 'logs', 'monitoring', 'evidence', 'migrations', 'dns', 'tls', 'web', 'email'],
  missingInput(plan) {
    if (plan.routes.length === 0) return 'no routes configured (routes: in launchready.yml, or launchready load --url URL)';
    if (!plan.canonical) return 'no URL to load routes on (app.canonical or --url)';
    return null;
  },
  async collect(run): Promise<LoadFacts> {
    const settings = loadSettings(run.plan, run.net.timeoutMs);
    const routes: LoadRouteFacts[] = [];
    // One route at a time: a route's numbers (and a database observer's deltas) are its own.
    for (const route of run.plan.routes) routes.push(await loadOneRoute(run, run.plan, route, settings));
    return { settings, routes };
  },
});

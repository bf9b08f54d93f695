// One route's whole measurement: the baseline at the expected peak (or N users), then the headroom ramp, sharing
// the route's request budget; plus the projection onto `metrics.routes` of the JSON report.
import { DEFAULT_MAX_REQUESTS, isLoadRunFailure, type LoadRunFailure, type LoadRunOptions, type LoadRunResult, runLoad } from './engine.js';
import { type RampResult, type RampStep, runRamp } from './ramp.js';

export interface RouteLoadOptions extends LoadRunOptions {
  /** Omit for the baseline only (--no-ramp). startRps defaults to the baseline's rate. */
  ramp?: { startRps?: number; factor?: number; maxRps: number; stepDurationMs: number; errorLimitPct?: number };
}

export interface RouteLoadResult extends LoadRunResult {
  breakingRps: number | null;
  steps: RampStep[];
  rampEndedBy: RampResult['endedBy'] | null;
}

export async function loadRoute(options: RouteLoadOptions): Promise<RouteLoadResult | LoadRunFailure> {
  const { ramp, ...baselineOptions } = options;
  const baseline = await runLoad(baselineOptions);
  if (isLoadRunFailure(baseline)) return baseline;
  const result: RouteLoadResult = { ...baseline, breakingRps: null, steps: [], rampEndedBy: null };
  const remaining = (options.maxRequests ?? DEFAULT_MAX_REQUESTS) - baseline.sent;
  if (!ramp || baseline.stoppedBy === 'aborted' || baseline.stoppedBy === 'error-storm') return result;
  if (remaining <= 0) return { ...result, rampEndedBy: 'max-requests' };
  const startRps = ramp.startRps ?? baseline.offeredRps ?? Math.max(1, baseline.rps);
  const { model: _model, durationMs: _duration, maxRequests: _max, ...shared } = baselineOptions;
  const headroom = await runRamp({ ...shared, ...ramp, startRps, maxRequests: remaining });
  if ('error' in headroom) return result;
  return { ...result, breakingRps: headroom.breakingRps, steps: headroom.steps, rampEndedBy: headroom.endedBy };
}

/** The route as `metrics.routes[]` of report.schema.json. A route with no response at all shows 0 ms and 100% errors. */
export function toMetricsRoute(r: RouteLoadResult, queriesPerRequest: number | null = null) {
  return {
    method: r.method,
    path: r.path,
    kind: r.kind ?? 'read',
    budgetMs: r.budgetMs,
    requests: r.requests,
    rps: r.rps,
    errorsPct: r.errorsPct,
    p50Ms: r.p50Ms ?? 0,
    p95Ms: r.p95Ms ?? 0,
    p99Ms: r.p99Ms ?? 0,
    maxMs: r.maxMs ?? 0,
    breakingRps: r.breakingRps,
    queriesPerRequest,
    curve: r.steps.filter((s) => s.p95Ms !== null).map((s) => ({ rps: s.offeredRps, p95Ms: s.p95Ms as number, errorsPct: s.errorsPct })),
  };
}

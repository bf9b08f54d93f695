// Per-route performance metrics for the report: rows from the load facts (source 'load'), then production rows from
// access logs (source 'production'). --baseline adds each route's change.
import { productionRouteMetrics } from '../analyze/evidence-findings.js';
import { loadRouteKey, measuredRoutes, routeRefusal } from '../analyze/load-verdicts.js';
import type { Facts } from '../facts/index.js';
import { isCollectorFailure } from '../facts/index.js';
import type { RouteChange, RouteMetrics } from '../types.js';

const num = (v: number | null | undefined): number => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : 0);
const round = (v: number, digits = 2): number => Math.round(v * 10 ** digits) / 10 ** digits;

function loadRouteMetrics(facts: Facts): RouteMetrics[] {
  const load = facts.sources.load;
  if (!load || isCollectorFailure(load)) return [];
  return measuredRoutes(load).map((r) => {
    const b = r.baseline;
    // A refused route (404 or 401 to nearly every request) has no breaking rate, and its error share is the refusals',
    // warm-up included: an error-storm stop inside the warm-up otherwise leaves "0% errors" in the table.
    const refusal = routeRefusal(r);
    const curve: NonNullable<RouteMetrics['curve']> = [];
    if (b.p95Ms !== null) curve.push({ rps: b.offeredRps ?? b.rps, p95Ms: b.p95Ms, errorsPct: b.errorsPct });
    for (const s of r.steps) if (s.p95Ms !== null) curve.push({ rps: s.offeredRps, p95Ms: s.p95Ms, errorsPct: s.errorsPct });
    return {
      method: r.method,
      path: r.path,
      kind: r.kind,
      budgetMs: r.budgetMs,
      requests: b.requests,
      rps: num(b.rps),
      errorsPct: Math.min(100, refusal ? round((refusal.refused * 100) / refusal.outcomes, 1) : num(b.errorsPct)),
      p50Ms: num(b.p50Ms),
      p95Ms: num(b.p95Ms),
      p99Ms: num(b.p99Ms),
      maxMs: num(b.maxMs),
      breakingRps: refusal ? null : r.breakingRps,
      queriesPerRequest: r.queriesPerRequest === null ? null : round(r.queriesPerRequest),
      curve,
      source: 'load' as const,
      distribution: b.distribution.map((d) => ({ percentile: d.percentile, ms: num(d.ms) })),
      ...(refusal ? { refusal: { status: refusal.status, refused: refusal.refused, outcomes: refusal.outcomes } } : {}),
    };
  });
}

/** The load stage's rows, then production rows from access logs (the baseline when no load test ran). */
export function buildRouteMetrics(facts: Facts): RouteMetrics[] {
  const evidence = facts.sources.evidence;
  const production = evidence && !isCollectorFailure(evidence) ? productionRouteMetrics(evidence, facts.plan) : [];
  return [...loadRouteMetrics(facts), ...production];
}

/** Each route's change against the same route (method, path, source) of a previous report. */
export function withBaselineChange(routes: RouteMetrics[], previous: unknown): RouteMetrics[] {
  const prevRoutes = (previous as { metrics?: { routes?: unknown } } | null)?.metrics?.routes;
  if (!Array.isArray(prevRoutes)) return routes;
  const byKey = new Map<string, { p95Ms: number; breakingRps: number | null }>();
  for (const p of prevRoutes.slice(0, 10_000)) {
    const row = p as Partial<RouteMetrics>;
    if (typeof row?.method !== 'string' || typeof row.path !== 'string' || typeof row.p95Ms !== 'number') continue;
    // a route refused last time measured no p95 to compare against
    if (row.refusal) continue;
    byKey.set(`${row.source ?? 'load'}\0${loadRouteKey(row as RouteMetrics)}`, { p95Ms: row.p95Ms, breakingRps: typeof row.breakingRps === 'number' ? row.breakingRps : null });
  }
  return routes.map((r) => {
    // a refused route's p95 is its refusal's: against a measured p95 it would read as a regression or a gain
    if (r.refusal) return r;
    const prev = byKey.get(`${r.source ?? 'load'}\0${loadRouteKey(r)}`);
    if (!prev) return r;
    const change: RouteChange = {
      previousP95Ms: num(prev.p95Ms),
      p95DeltaMs: round(r.p95Ms - prev.p95Ms),
      p95DeltaPct: prev.p95Ms > 0 ? round(((r.p95Ms - prev.p95Ms) * 100) / prev.p95Ms, 1) : null,
      previousBreakingRps: prev.breakingRps,
    };
    return { ...r, change };
  });
}

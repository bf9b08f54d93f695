// Shared reading of the load facts for the perf checks and the report: which routes were measured, and why not.
import type { LoadErrorCounts, LoadFacts, LoadRouteFacts } from '../facts/load.js';

export type MeasuredRoute = LoadRouteFacts & { baseline: NonNullable<LoadRouteFacts['baseline']> };

export function measuredRoutes(load: LoadFacts): MeasuredRoute[] {
  return load.routes.filter((r): r is MeasuredRoute => r.outcome === 'measured' && r.baseline !== null);
}

export function loadRouteKey(r: { method: string; path: string }): string {
  return `${r.method} ${r.path}`;
}

/** Why no route could be judged: every target refused before any traffic. `needsYes` when only the loopback gate stopped it. */
export function unmeasuredReason(load: LoadFacts): { reason: string; needsYes: boolean } | null {
  if (measuredRoutes(load).length > 0 || load.routes.length === 0) return null;
  const refused = load.routes.filter((r) => r.refusal);
  const needsYes = refused.length > 0 && refused.every((r) => r.refusal?.code === 'NOT_LOOPBACK');
  const first = refused[0]?.refusal?.message ?? 'no route was measured';
  return { reason: needsYes ? `load not run: ${first}` : `no route could be loaded: ${first}`, needsYes };
}

/** Routes that were refused while others were measured, as one line for a partial result. */
export function refusedNote(load: LoadFacts): string | null {
  const refused = load.routes.filter((r) => r.outcome === 'refused');
  if (refused.length === 0 || measuredRoutes(load).length === 0) return null;
  return `${refused.length} of ${load.routes.length} routes not loaded: ${refused.map((r) => `${loadRouteKey(r)} (${r.refusal?.code ?? 'refused'})`).join(', ')}`;
}

/** Server-side failures: 5xx, timeouts, resets, refused connections, TLS and other transport errors (a 4xx is the request's fault). */
export function serverFailures(errors: LoadErrorCounts): number {
  return errors.status5xx + errors.timeout + errors.reset + errors.refused + errors.tls + errors.other;
}

export function round1(n: number): number {
  return Math.round(n * 10) / 10;
}

/** Share of a run's outcomes that must be refusals for the route to count as refusing the probe: "all or nearly all". */
const REFUSED_SHARE = 0.9;

export interface RouteRefusal {
  /** The status the route answered most, null when only the class is known (facts saved by earlier versions). */
  status: number | null;
  refused: number;
  outcomes: number;
}

/**
 * Whether a run (the baseline or a ramp step) was refused rather than loaded: (nearly) every outcome an unaccepted 4xx
 * other than 408 and 429 (a wrong path, method, token or cookie). Such a run measured the route's refusal, not its
 * capacity, whatever stopped it (the error-storm stop, the duration, the request cap). Server errors, timeouts and
 * resets, and a mix of 2xx with 429 (a rate limit under load), are left to the error and headroom judgement.
 */
export function refusalOf(run: { refusals?: { outcomes: number; statuses: Record<string, number> }; errors?: LoadErrorCounts; requests: number }): RouteRefusal | null {
  if (run.refusals) {
    const { outcomes, statuses } = run.refusals;
    let refused = 0;
    let status: number | null = null;
    let most = 0;
    // facts read back with --from-facts may hold anything: count only 4xx codes with finite counts, at most 100
    for (const [code, n] of Object.entries(statuses ?? {}).slice(0, 100)) {
      if (!/^4\d\d$/.test(code) || typeof n !== 'number' || !Number.isFinite(n) || n <= 0) continue;
      refused += n;
      if (n > most) [most, status] = [n, Number(code)];
    }
    return typeof outcomes === 'number' && outcomes > 0 && refused > 0 && refused >= REFUSED_SHARE * outcomes ? { status, refused, outcomes } : null;
  }
  // Facts saved before per-status counts: the measured 4xx class (429 cannot be told apart there).
  const refused = run.errors?.status4xx ?? 0;
  return run.requests > 0 && refused > 0 && refused >= REFUSED_SHARE * run.requests ? { status: null, refused, outcomes: run.requests } : null;
}

/** The route's refusal when its baseline was refused: then nothing about its speed or headroom was measured. */
export function routeRefusal(r: MeasuredRoute): RouteRefusal | null {
  return refusalOf(r.baseline);
}

/** The one wording of a refused route, the same in the findings and the top 3 bottlenecks. */
export function refusalVerdict(ref: RouteRefusal): string {
  return `refused: answered ${ref.status ?? '4xx'} to ${ref.refused} of ${ref.outcomes} requests — check the path, method and headers`;
}

/** Routes whose baseline was refused, as one line for a partial result or a did-not-run reason. */
export function refusedRoutesNote(routes: MeasuredRoute[]): string | null {
  const refused = routes.flatMap((r) => {
    const ref = routeRefusal(r);
    return ref ? [`${loadRouteKey(r)} ${refusalVerdict(ref)}`] : [];
  });
  if (refused.length === 0) return null;
  return `not measured: ${refused.join('; ')}`;
}

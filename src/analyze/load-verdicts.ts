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

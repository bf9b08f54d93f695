// The top 3 bottlenecks: the three worst routes, each with the cause found (N+1, slow query, unindexed filter,
// errors, saturation at N req/s, over budget) and the fix, from the route rows and the performance findings.
import { refusalVerdict } from '../analyze/load-verdicts.js';
import type { Bottleneck, Finding, RouteMetrics } from '../types.js';
import { SEVERITIES } from '../types.js';

/** Causes in the order they explain a slow route: a database cause explains the latency; a route already over budget at
 * the baseline is slow, not saturated; saturation is what is left. */
const CAUSES: { id: string; cause: (f: Finding, r: RouteMetrics) => string }[] = [
  { id: 'perf.n-plus-one', cause: (_f, r) => `N+1 queries${r.queriesPerRequest !== null ? ` (${r.queriesPerRequest} per request)` : ''}` },
  { id: 'perf.slow-query', cause: () => 'slow query' },
  { id: 'db.seq-scan-heavy', cause: () => 'unindexed filter (sequential scans)' },
  { id: 'db.missing-fk-index', cause: () => 'unindexed foreign key' },
  { id: 'perf.queries-per-request', cause: (_f, r) => `${r.queriesPerRequest ?? 'many'} queries per request` },
  { id: 'perf.inline-long-work', cause: () => 'slow work done inline' },
  {
    id: 'perf.errors-under-load',
    cause: (f) =>
      f.evidence.failed === 0 && f.evidence.stoppedBy === 'error-storm' && Number((f.evidence.errorsByClass as Record<string, unknown> | undefined)?.status4xx) > 0
        ? 'every request refused with 4xx: not measured'
        : `errors under load (${f.evidence.failedPct ?? '?'}% failed)`,
  },
  { id: 'perf.p95-over-budget', cause: (_f, r) => `over budget (p95 ${Math.round(r.p95Ms)} ms, budget ${r.budgetMs} ms)` },
  { id: 'perf.low-headroom', cause: (f, r) => `saturation at ${f.evidence.breakingRps ?? r.breakingRps} req/s` },
];

const FALLBACK_FIX = {
  errors: 'Read the server logs for the failing requests at that rate: pool exhaustion (database connections, workers) or a crash under concurrency.',
  saturation: 'Find what saturates first at that rate (database, a lock, too few workers), add the index or cache, or raise the pool and scale out.',
  refused:
    "The route refuses launchready's requests: check its path and method and that its headers in launchready.yml (token, cookie) are current, then run `launchready load` again.",
  budget: 'Profile the route: queries per request, slow queries and outbound calls; cache, index or move the slow part to a background job.',
};

function routeKey(r: { method: string; path: string }): string {
  return `${r.method} ${r.path}`;
}

/** A finding is about a route when it targets the route, or its evidence names it. */
function findingsFor(r: RouteMetrics, findings: Finding[]): Finding[] {
  const key = routeKey(r);
  return findings.filter((f) => {
    if (f.stage !== 4) return false;
    const named = f.evidence?.route;
    return f.target === key || named === key || f.target.endsWith(` ${r.path}`) || f.target === r.path;
  });
}

function severityRank(f: Finding[]): number {
  return Math.min(SEVERITIES.length, ...f.map((x) => SEVERITIES.indexOf(x.severity)));
}

export function topBottlenecks(routes: RouteMetrics[], findings: Finding[], expectedPeakRps: number | null, limit = 3): Bottleneck[] {
  const candidates: { b: Bottleneck; rank: number; ratio: number }[] = [];
  for (const r of routes) {
    const related = findingsFor(r, findings);
    const primary = CAUSES.map((c) => ({ c, f: related.find((f) => f.id === c.id) })).find((x) => x.f);
    // A refused route (404, 401 to every request) explains everything else seen on it: nothing was measured.
    const refused = related.find((f) => f.id === 'perf.errors-under-load' && typeof f.evidence?.verdict === 'string');
    let b: Bottleneck | null = null;
    if (refused) {
      b = {
        route: routeKey(r),
        source: r.source ?? 'load',
        cause: String(refused.evidence.verdict),
        detail: `${refused.evidence.rate ?? 'the baseline'}: speed and headroom not measured`,
        fix: refused.fix,
        severity: refused.severity,
        findings: [...new Set(related.map((f) => f.id))],
      };
    } else if (r.refusal) {
      // the refusal finding ignored or turned off: still a refusal, not "errors (100%)"
      b = {
        route: routeKey(r),
        source: r.source ?? 'load',
        cause: refusalVerdict(r.refusal),
        detail: 'speed and headroom not measured',
        fix: FALLBACK_FIX.refused,
        severity: null,
        findings: [...new Set(related.map((f) => f.id))],
      };
    } else if (primary?.f) {
      b = {
        route: routeKey(r),
        source: r.source ?? 'load',
        cause: primary.c.cause(primary.f, r),
        detail: primary.f.title,
        fix: primary.f.fix,
        severity: related.reduce((worst, f) => (SEVERITIES.indexOf(f.severity) < SEVERITIES.indexOf(worst) ? f.severity : worst), primary.f.severity),
        findings: [...new Set(related.map((f) => f.id))],
      };
    } else if (r.errorsPct > 1) {
      b = {
        route: routeKey(r),
        source: r.source ?? 'load',
        cause: `errors (${r.errorsPct}%)`,
        detail: `${r.errorsPct}% of ${r.requests} requests failed`,
        fix: FALLBACK_FIX.errors,
        severity: null,
        findings: [],
      };
    } else if (r.breakingRps !== null && expectedPeakRps !== null && r.breakingRps < 10 * expectedPeakRps) {
      b = {
        route: routeKey(r),
        source: r.source ?? 'load',
        cause: `saturation at ${r.breakingRps} req/s`,
        detail: `breaks at ${r.breakingRps} req/s`,
        fix: FALLBACK_FIX.saturation,
        severity: null,
        findings: [],
      };
    } else if (r.p95Ms > r.budgetMs) {
      b = {
        route: routeKey(r),
        source: r.source ?? 'load',
        cause: `over budget (p95 ${Math.round(r.p95Ms)} ms, budget ${r.budgetMs} ms)`,
        detail: `p95 ${Math.round(r.p95Ms)} ms`,
        fix: FALLBACK_FIX.budget,
        severity: null,
        findings: [],
      };
    }
    if (b) candidates.push({ b, rank: related.length > 0 ? severityRank(related) : SEVERITIES.length, ratio: r.budgetMs > 0 ? r.p95Ms / r.budgetMs : 0 });
  }
  candidates.sort((x, y) => x.rank - y.rank || y.ratio - x.ratio);
  return candidates.slice(0, limit).map((c) => c.b);
}

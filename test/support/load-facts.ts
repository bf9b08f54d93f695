// Load facts for perf check and report tests: routes measured with given numbers, or refused.
import type { LoadFacts, LoadRampStep, LoadRouteFacts } from '../../src/facts/load.ts';

export interface RouteNumbers {
  method?: string;
  path: string;
  kind?: string;
  budgetMs?: number;
  p50Ms?: number;
  p95Ms?: number | null;
  p99Ms?: number;
  rps?: number;
  requests?: number;
  errors?: Partial<LoadRouteFacts['baseline'] extends infer B ? (B extends { errors: infer E } ? E : never) : never>;
  errorsPct?: number;
  stoppedBy?: 'duration' | 'max-requests' | 'error-storm' | 'aborted';
  breakingRps?: number | null;
  breakingCause?: LoadRouteFacts['breakingCause'];
  rampEndedBy?: LoadRouteFacts['rampEndedBy'];
  steps?: LoadRampStep[];
  queriesPerRequest?: number | null;
  /** Every outcome, warm-up included, and the unaccepted 4xx (not 408/429) among them by status. */
  refusals?: { outcomes: number; failed?: number; statuses: Record<string, number> };
}

export function step(offeredRps: number, p95Ms: number, errorsPct = 0, broken: LoadRampStep['broken'] = null): LoadRampStep {
  return { offeredRps, rps: offeredRps, requests: offeredRps, sent: offeredRps, p50Ms: p95Ms / 2, p95Ms, p99Ms: p95Ms * 1.2, errorsPct, stoppedBy: 'duration', broken };
}

export function measuredRoute(n: RouteNumbers): LoadRouteFacts {
  const errors = { status5xx: 0, status4xx: 0, timeout: 0, reset: 0, tls: 0, refused: 0, other: 0, ...n.errors };
  const p95 = n.p95Ms === undefined ? 40 : n.p95Ms;
  return {
    method: n.method ?? 'GET',
    path: n.path,
    kind: n.kind ?? 'read',
    budgetMs: n.budgetMs ?? (n.kind === 'report' ? 800 : 300),
    url: `https://app.acme.test${n.path}`,
    outcome: 'measured',
    refusal: null,
    baseline: {
      model: 'open',
      offeredRps: 20,
      users: null,
      connections: 6,
      requests: n.requests ?? 200,
      sent: (n.requests ?? 200) + 60,
      rps: n.rps ?? 20,
      errorsPct: n.errorsPct ?? 0,
      p50Ms: n.p50Ms ?? (p95 === null ? null : p95 / 2),
      p95Ms: p95,
      p99Ms: n.p99Ms ?? (p95 === null ? null : p95 * 1.3),
      maxMs: p95 === null ? null : p95 * 2,
      uncorrected: { p50Ms: 10, p95Ms: 20, p99Ms: 30, maxMs: 40 },
      distribution: p95 === null ? [] : [50, 75, 90, 95, 99, 99.9, 100].map((p) => ({ percentile: p, ms: (p95 * p) / 95 })),
      errors,
      cancelled: 0,
      ...(n.refusals ? { refusals: n.refusals } : {}),
      stoppedBy: n.stoppedBy ?? 'duration',
      windowMs: 10_000,
    },
    breakingRps: n.breakingRps ?? null,
    breakingCause: n.breakingCause ?? null,
    rampEndedBy: n.rampEndedBy === undefined ? 'max-rps' : n.rampEndedBy,
    steps: n.steps ?? [step(40, p95 ?? 0), step(80, p95 ?? 0)],
    requestsSent: 1000,
    queriesPerRequest: n.queriesPerRequest ?? null,
    observerErrors: [],
  };
}

export function refusedRoute(
  path: string,
  code = 'NOT_LOOPBACK',
  message = 'app.acme.test resolves to 203.0.113.7, not loopback: load traffic to other hosts needs --yes',
): LoadRouteFacts {
  return {
    method: 'GET',
    path,
    kind: 'read',
    budgetMs: 300,
    url: `https://app.acme.test${path}`,
    outcome: 'refused',
    refusal: { code, message },
    baseline: null,
    breakingRps: null,
    breakingCause: null,
    rampEndedBy: null,
    steps: [],
    requestsSent: 0,
    queriesPerRequest: null,
    observerErrors: [],
  };
}

export function loadFacts(routes: LoadRouteFacts[], settings: Partial<LoadFacts['settings']> = {}): LoadFacts {
  return {
    settings: {
      model: 'open',
      expectedPeakRps: 20,
      expectedPeakConfigured: true,
      baselineRps: 20,
      users: null,
      thinkTimeMs: null,
      warmupMs: 3000,
      durationMs: 20_000,
      maxRequests: 20_000,
      timeoutMs: 10_000,
      ramp: { factor: 2, maxRps: 400, stepDurationMs: 5000, rates: [40, 80, 160, 200, 320, 400] },
      errorLimitPct: 1,
      allowNonLoopback: false,
      ...settings,
    },
    routes,
  };
}

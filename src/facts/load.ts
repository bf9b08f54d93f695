// Facts of the load stage: how each route was probed (settings, no header or body values) and what it measured.

/** The probe settings used for this run, so a report read later says how the numbers were made. */
export interface LoadProbeSettings {
  model: 'open' | 'closed';
  /** The rate headroom is judged against: load.expectedPeakRps, or the default when unset. */
  expectedPeakRps: number;
  expectedPeakConfigured: boolean;
  /** Baseline arrival rate (open model): --rate or the expected peak; null in the closed model. */
  baselineRps: number | null;
  users: number | null;
  thinkTimeMs: number | null;
  warmupMs: number;
  durationMs: number;
  /** Requests per route at most, warm-up and ramp included. */
  maxRequests: number;
  timeoutMs: number;
  /** null: --no-ramp (baseline only). */
  ramp: { factor: number; maxRps: number; stepDurationMs: number; rates: number[] } | null;
  /** A step breaks above this error percentage, or when its p95 passes the budget. */
  errorLimitPct: number;
  /** Whether traffic to non-loopback addresses was allowed (--yes). */
  allowNonLoopback: boolean;
}

export interface LoadLatency {
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
  maxMs: number | null;
}

/** Failures by class: unaccepted statuses, and what went wrong on the wire. */
export interface LoadErrorCounts {
  status5xx: number;
  status4xx: number;
  timeout: number;
  reset: number;
  tls: number;
  refused: number;
  other: number;
}

export interface LoadClientRefusals {
  outcomes: number;
  /** Failed outcomes of any class, warm-up included (absent in facts of the first version with refusals). */
  failed?: number;
  /** status code -> count */
  statuses: Record<string, number>;
}

export interface LoadBaseline extends LoadLatency {
  model: 'open' | 'closed';
  offeredRps: number | null;
  users: number | null;
  connections: number;
  /** Outcomes measured after the warm-up. */
  requests: number;
  /** Everything sent, warm-up included. */
  sent: number;
  rps: number;
  errorsPct: number;
  /** Service time from the socket write: what a closed-loop tool would report. */
  uncorrected: LoadLatency;
  /** How late the load generator sent its most delayed request (open model; absent in facts saved by earlier versions). */
  generatorLagMs?: number;
  distribution: { percentile: number; ms: number }[];
  errors: LoadErrorCounts;
  cancelled: number;
  /** Every outcome, warm-up included, and the unaccepted 4xx among them by status (408 and 429 left out); absent in facts saved by earlier versions. */
  refusals?: LoadClientRefusals;
  stoppedBy: 'duration' | 'max-requests' | 'error-storm' | 'aborted';
  windowMs: number;
}

export interface LoadRampStep {
  offeredRps: number;
  rps: number;
  requests: number;
  sent: number;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
  errorsPct: number;
  /** As in LoadBaseline. */
  generatorLagMs?: number;
  /** As in LoadBaseline. */
  refusals?: LoadClientRefusals;
  stoppedBy: 'duration' | 'max-requests' | 'error-storm' | 'aborted';
  broken: 'p95-over-budget' | 'errors' | null;
}

export interface LoadRouteFacts {
  method: string;
  path: string;
  kind: string;
  budgetMs: number;
  /** The URL loaded (origin and path; header and body values never appear here). */
  url: string;
  /** measured: the baseline ran; refused: the target was refused before any connection (not loopback, DNS, bad URL). */
  outcome: 'measured' | 'refused';
  refusal: { code: string; message: string } | null;
  baseline: LoadBaseline | null;
  /** The first offered rate at which p95 passed the budget or errors passed the limit (baseline included); null: never broke. */
  breakingRps: number | null;
  breakingCause: 'p95-over-budget' | 'errors' | null;
  /** How the headroom ramp ended; null when it did not run (--no-ramp, or the baseline already broke). */
  rampEndedBy: 'broken' | 'max-rps' | 'max-requests' | 'aborted' | null;
  steps: LoadRampStep[];
  /** Requests sent in the route's whole load window (warm-up, baseline and ramp): the divisor for queries per request. */
  requestsSent: number;
  /** From a database observer of the load window (pg_stat_statements call deltas / requests sent); null without one. */
  queriesPerRequest: number | null;
  /** Observers that failed during this route's window (message only). */
  observerErrors: string[];
}

export interface LoadFacts {
  settings: LoadProbeSettings;
  routes: LoadRouteFacts[];
}

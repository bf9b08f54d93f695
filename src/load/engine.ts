// Load engine for one route: open model (constant arrival rate, latency measured from the SCHEDULED send time as
// wrk2 does, so a stalled server cannot hide) or closed model (N users with think time). Bounded by duration,
// maxRequests and an error-storm stop; loopback only unless allowed. Results are plain JSON, without header values.
import { createSecureContext } from 'node:tls';
import { Client, Pool } from 'undici';
import { type ErrorClass, type ErrorCounts, emptyErrorCounts, statusClass, totalErrors, transportClass } from './errors.js';
import { LatencyHistogram } from './histogram.js';
import { isTargetRefusal, type LoadNetwork, type LoadTarget, resolveTarget, type TargetRefusal } from './target.js';

export interface LoadRoute {
  /** Full URL requested, secrets already resolved by the caller. */
  url: string;
  method?: string;
  /** Path shown in results (default: the URL's path); keep `${VAR}` references unresolved here. */
  path?: string;
  kind?: string | null;
  /** Default: 800 for `report` routes, 300 otherwise. */
  budgetMs?: number;
  headers?: Record<string, string>;
  cookies?: Record<string, string>;
  body?: string;
  /** Statuses >= 400 that count as success (a login probe expecting 401). */
  acceptStatus?: number[];
}

export type LoadModel = { type: 'open'; rps: number } | { type: 'closed'; users: number; thinkTimeMs?: number };

export interface LoadRunOptions {
  route: LoadRoute;
  model: LoadModel;
  durationMs: number;
  /** Sent but excluded from the histograms and counts (default 0). */
  warmupMs?: number;
  /** Requests sent at most, warm-up included (default 20,000). */
  maxRequests?: number;
  /** Per request: connect, headers and idle body time (default 10 s); also the drain time after the last send. */
  timeoutMs?: number;
  /** Fixed pool size; default: rate x expectedLatencyMs (open) or users (closed), at most maxConnections. */
  connections?: number;
  maxConnections?: number;
  /** Latency the pool is sized for in the open model (default: the budget). */
  expectedLatencyMs?: number;
  /** Traffic to non-loopback addresses (the CLI's --yes). */
  allowNonLoopback?: boolean;
  network?: LoadNetwork;
  signal?: AbortSignal;
}

export interface LatencySummary {
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
  maxMs: number | null;
}

export type StopReason = 'duration' | 'max-requests' | 'error-storm' | 'aborted';

export interface LoadRunResult extends LatencySummary {
  method: string;
  path: string;
  kind: string | null;
  budgetMs: number;
  model: 'open' | 'closed';
  offeredRps: number | null;
  users: number | null;
  connections: number;
  /** Outcomes measured after the warm-up (responses and failures). */
  requests: number;
  /** Everything sent, warm-up included. */
  sent: number;
  /** Responses per second over the measured window (first scheduled send to last completion). */
  rps: number;
  errorsPct: number;
  /** Service time from the actual write to the socket: what a closed-loop tool would report. */
  uncorrected: LatencySummary;
  /**
   * Open model: how late this process sent its most delayed measured request, because its own event loop was busy
   * (0 when it kept its timetable). Latency is measured from the later of the scheduled time and the time this process
   * could send, so a pause of the load generator is not charged to the target; a target that holds connections busy
   * still is, because the request then waits in the pool after that time.
   */
  generatorLagMs: number;
  distribution: { percentile: number; ms: number }[];
  errors: ErrorCounts;
  /** Requests cut off by an error-storm stop or abort, counted nowhere else. */
  cancelled: number;
  /**
   * Every outcome of the run, warm-up included, and the unaccepted 4xx among them by status: a route that answers 404
   * or 401 to (nearly) everything refuses the probe (wrong path, method or token), whenever the run stopped, even when
   * the error-storm stop fired inside the warm-up and nothing was measured. 408 and 429 are left out: a request
   * timeout and a rate limit are answers to the load, not to the request.
   */
  refusals: ClientRefusals;
  stoppedBy: StopReason;
  warmupMs: number;
  windowMs: number;
}

export interface ClientRefusals {
  outcomes: number;
  /** Failed outcomes of any class among them (an error storm inside the warm-up leaves the measured counts empty). */
  failed: number;
  /** status code -> count; at most 100 keys (400-499). */
  statuses: Record<string, number>;
}

/** 4xx statuses that answer the load rather than refuse the request. */
const LOAD_ANSWERS_4XX = new Set([408, 429]);

export interface LoadRunFailure {
  method: string;
  path: string;
  error: TargetRefusal;
}

export function isLoadRunFailure(r: LoadRunResult | LoadRunFailure): r is LoadRunFailure {
  return 'error' in r;
}

export const DEFAULT_MAX_REQUESTS = 20_000;
const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_CONNECTIONS = 256;
const MAX_RESPONSE_BYTES = 8 * 1024 * 1024;
const STORM_WINDOW_MS = 2000;
const STORM_BUCKET_MS = 100;
const STORM_MIN_OUTCOMES = 5;
const STORM_FAILURE_RATIO = 0.5;
const DISTRIBUTION = [50, 75, 90, 95, 99, 99.9, 100];
/** A timer may fire this much late on an idle event loop: below it, the scheduled time stands. */
const TIMER_JITTER_MS = 5;

export function defaultBudgetMs(kind: string | null | undefined): number {
  return kind === 'report' ? 800 : 300;
}

/** Little's law: connections in flight = rate x latency; sizing for the budget means a route within budget never waits on the client. */
export function connectionsFor(rps: number, expectedLatencyMs: number, cap = DEFAULT_MAX_CONNECTIONS): number {
  return Math.max(1, Math.min(cap, Math.ceil((rps * expectedLatencyMs) / 1000)));
}

const ms = (micros: number | null): number | null => (micros === null ? null : Math.round(micros) / 1000);

function summarize(h: LatencyHistogram): LatencySummary {
  return { p50Ms: ms(h.percentileMicros(50)), p95Ms: ms(h.percentileMicros(95)), p99Ms: ms(h.percentileMicros(99)), maxMs: ms(h.maxMicros()) };
}

/** One request in flight. Uses undici's raw handler callbacks: no header parsing or body streams per request. */
class Exchange {
  sentAt = 0;
  status = 0;
  constructor(
    readonly run: Run,
    readonly scheduled: number,
    readonly measured: boolean,
    readonly user: number,
  ) {}
  onConnect(): void {
    this.sentAt = performance.now();
  }
  onHeaders(status: number): boolean {
    this.status = status;
    return true;
  }
  onData(): boolean {
    return true;
  }
  onComplete(): void {
    this.run.settle(this, null);
  }
  onError(error: Error): void {
    this.run.settle(this, error);
  }
}

class Run {
  readonly corrected = new LatencyHistogram();
  readonly uncorrected = new LatencyHistogram();
  readonly errors = emptyErrorCounts();
  readonly refusals: ClientRefusals = { outcomes: 0, failed: 0, statuses: {} };
  readonly accept: Set<number>;
  readonly pool: Pool;
  /** Closed model: one connection per user, so a user's next request never searches the pool for a free one. */
  readonly userClients: Client[] = [];
  readonly dispatchOptions: { path: string; method: string; headers: string[]; body: Buffer | null; headersTimeout: number; bodyTimeout: number };
  readonly maxRequests: number;
  readonly warmupMs: number;
  readonly totalMs: number;
  start = 0;
  sent = 0;
  inFlight = 0;
  responses = 0;
  outcomes = 0;
  cancelled = 0;
  lastMeasuredDone = 0;
  /** Largest lateness of the timetable over the measured sends (open model). */
  generatorLagMs = 0;
  stoppedAt = 0;
  stoppedBy: StopReason | null = null;
  private expired = false;
  private cancelling = false;
  private readonly stormTotal = new Float64Array(STORM_WINDOW_MS / STORM_BUCKET_MS);
  private readonly stormFailed = new Float64Array(STORM_WINDOW_MS / STORM_BUCKET_MS);
  private readonly stormSlot = new Float64Array(STORM_WINDOW_MS / STORM_BUCKET_MS).fill(-1);
  private drainTimer: NodeJS.Timeout | undefined;
  private resolveDone: (() => void) | undefined;
  readonly done: Promise<void>;
  onSettled: ((e: Exchange) => void) | undefined;

  constructor(
    readonly options: LoadRunOptions,
    readonly target: LoadTarget,
    readonly connections: number,
  ) {
    const { route } = options;
    this.accept = new Set(route.acceptStatus ?? []);
    this.maxRequests = Math.max(0, options.maxRequests ?? DEFAULT_MAX_REQUESTS);
    this.warmupMs = Math.max(0, options.warmupMs ?? 0);
    this.totalMs = this.warmupMs + Math.max(0, options.durationMs);
    const timeout = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const ca = options.network?.caCerts;
    const clientOptions = {
      pipelining: 1,
      keepAliveTimeout: 30_000,
      headersTimeout: timeout,
      bodyTimeout: timeout,
      maxResponseSize: MAX_RESPONSE_BYTES,
      connect: { lookup: target.pinnedLookup, timeout, ...(ca ? { secureContext: createSecureContext({ ca: [...ca] }) } : {}) },
    };
    this.pool = new Pool(target.origin, { ...clientOptions, connections });
    if (options.model.type === 'closed' && options.model.users <= connections) {
      for (let u = 0; u < options.model.users; u++) this.userClients.push(new Client(target.origin, clientOptions));
    }
    const headers: string[] = ['user-agent', 'launchready-load'];
    for (const [name, value] of Object.entries(route.headers ?? {})) headers.push(name, value);
    const cookies = Object.entries(route.cookies ?? {});
    if (cookies.length > 0) headers.push('cookie', cookies.map(([k, v]) => `${k}=${v}`).join('; '));
    this.dispatchOptions = {
      path: `${target.url.pathname}${target.url.search}`,
      method: (route.method ?? 'GET').toUpperCase(),
      headers,
      body: route.body === undefined ? null : Buffer.from(route.body),
      headersTimeout: timeout,
      bodyTimeout: timeout,
    };
    this.done = new Promise((resolve) => {
      this.resolveDone = resolve;
    });
  }

  /**
   * `measured` comes from the timetable, not from `scheduled`: a warm-up request sent late is still warm-up, and
   * `(start + 1000) - start` is not always 1000 in floating point.
   */
  send(scheduled: number, user: number, measured = scheduled - this.start >= this.warmupMs): void {
    this.sent++;
    this.inFlight++;
    const exchange = new Exchange(this, scheduled, measured, user);
    (this.userClients[user] ?? this.pool).dispatch(this.dispatchOptions, exchange as never);
  }

  settle(e: Exchange, error: Error | null): void {
    const now = performance.now();
    this.inFlight--;
    if (error && this.cancelling) {
      this.cancelled++;
      this.finishIfIdle();
      return;
    }
    let failure: ErrorClass | null = null;
    if (error) failure = this.expired ? 'timeout' : transportClass(error);
    else if (e.status >= 400 && !this.accept.has(e.status)) failure = statusClass(e.status);
    this.refusals.outcomes++;
    if (failure) this.refusals.failed++;
    if (failure === 'status4xx' && !LOAD_ANSWERS_4XX.has(e.status)) this.refusals.statuses[e.status] = (this.refusals.statuses[e.status] ?? 0) + 1;
    if (e.measured) {
      this.outcomes++;
      this.lastMeasuredDone = now;
      if (failure) this.errors[failure]++;
      if (!error) {
        this.responses++;
        this.corrected.recordMicros((now - e.scheduled) * 1000);
        this.uncorrected.recordMicros((now - (e.sentAt || e.scheduled)) * 1000);
      }
    }
    this.recordStorm(now, failure !== null);
    if (this.stoppedBy) this.finishIfIdle();
    else this.onSettled?.(e);
  }

  private recordStorm(now: number, failed: boolean): void {
    const slot = Math.floor((now - this.start) / STORM_BUCKET_MS);
    const i = slot % this.stormSlot.length;
    if (this.stormSlot[i] !== slot) {
      this.stormSlot[i] = slot;
      this.stormTotal[i] = 0;
      this.stormFailed[i] = 0;
    }
    this.stormTotal[i]! += 1;
    if (failed) this.stormFailed[i]! += 1;
  }

  /** More than half of the outcomes of the last 2 s failed (checked once the run is 2 s old). */
  inErrorStorm(now: number): boolean {
    if (now - this.start < STORM_WINDOW_MS) return false;
    const current = Math.floor((now - this.start) / STORM_BUCKET_MS);
    let total = 0;
    let failed = 0;
    for (let i = 0; i < this.stormSlot.length; i++) {
      if (current - this.stormSlot[i]! < this.stormSlot.length) {
        total += this.stormTotal[i]!;
        failed += this.stormFailed[i]!;
      }
    }
    return total >= STORM_MIN_OUTCOMES && failed / total > STORM_FAILURE_RATIO;
  }

  stop(reason: StopReason): void {
    if (this.stoppedBy) return;
    this.stoppedBy = reason;
    this.stoppedAt = performance.now();
    if (reason === 'error-storm' || reason === 'aborted') {
      this.cancelling = true;
      this.destroyConnections();
    } else {
      // Whatever is still unanswered one timeout after the last send counts as a timeout.
      this.drainTimer = setTimeout(() => {
        this.expired = true;
        this.destroyConnections();
      }, this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    }
    this.finishIfIdle();
  }

  destroyConnections(): Promise<unknown> {
    return Promise.all([this.pool, ...this.userClients].map((d) => d.destroy().catch(() => {})));
  }

  private finishIfIdle(): void {
    if (this.stoppedBy && this.inFlight <= 0) {
      clearTimeout(this.drainTimer);
      this.resolveDone?.();
    }
  }
}

function runOpen(run: Run, rps: number): void {
  const interval = 1000 / rps;
  let index = 0;
  const tick = () => {
    if (run.stoppedBy) return;
    const now = performance.now();
    for (;;) {
      // From the index, not by accumulation: the timetable never drifts however late a tick fires.
      const offset = index * interval;
      if (offset >= run.totalMs) return run.stop('duration');
      const due = run.start + offset;
      if (due > now) break;
      if (run.sent >= run.maxRequests) return run.stop('max-requests');
      // Late past timer jitter: this process's event loop was busy (a GC pause, other work in the same process), not
      // the target. Measuring from `now` keeps that pause out of the target's latency; the lag is reported instead.
      const lag = now - due;
      const measured = offset >= run.warmupMs;
      if (lag > TIMER_JITTER_MS && measured) run.generatorLagMs = Math.max(run.generatorLagMs, lag);
      run.send(lag > TIMER_JITTER_MS ? now : due, 0, measured);
      index++;
    }
    setTimeout(tick, Math.max(0, run.start + index * interval - performance.now()));
  };
  tick();
}

function runClosed(run: Run, users: number, thinkTimeMs: number): void {
  const next = (user: number) => {
    if (run.stoppedBy) return;
    const now = performance.now();
    if (now - run.start >= run.totalMs) return run.stop('duration');
    if (run.sent >= run.maxRequests) return run.stop('max-requests');
    run.send(now, user);
  };
  // A microtask, not a direct call: undici is still inside its response callback.
  run.onSettled = (e) => (thinkTimeMs > 0 ? setTimeout(next, thinkTimeMs, e.user) : queueMicrotask(() => next(e.user)));
  for (let user = 0; user < users; user++) next(user);
}

/** Load one route once. Refusals (bad URL, DNS, non-loopback without permission) come back as data before any connection. */
export async function runLoad(options: LoadRunOptions): Promise<LoadRunResult | LoadRunFailure> {
  const { route, model } = options;
  if (model.type === 'open' && !(Number.isFinite(model.rps) && model.rps > 0)) throw new RangeError(`load rate must be a positive number, got ${model.rps}`);
  if (model.type === 'closed' && !(Number.isInteger(model.users) && model.users > 0)) throw new RangeError(`load users must be a positive integer, got ${model.users}`);
  const method = (route.method ?? 'GET').toUpperCase();
  const shownPath = route.path ?? safePath(route.url);
  const target = await resolveTarget(route.url, options.allowNonLoopback === true, options.network);
  if (isTargetRefusal(target)) return { method, path: shownPath, error: target };
  const budgetMs = route.budgetMs ?? defaultBudgetMs(route.kind);
  const cap = options.maxConnections ?? DEFAULT_MAX_CONNECTIONS;
  const connections =
    options.connections ?? (model.type === 'open' ? connectionsFor(model.rps, options.expectedLatencyMs ?? budgetMs, cap) : Math.max(1, Math.min(cap, model.users)));
  const run = new Run(options, target, connections);
  const onAbort = () => run.stop('aborted');
  if (options.signal?.aborted) run.stop('aborted');
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const monitor = setInterval(() => {
    const now = performance.now();
    if (run.inErrorStorm(now)) run.stop('error-storm');
    else if (model.type === 'closed' && now - run.start >= run.totalMs) run.stop('duration');
  }, STORM_BUCKET_MS);
  run.start = performance.now();
  try {
    if (!run.stoppedBy) {
      if (model.type === 'open') runOpen(run, model.rps);
      else runClosed(run, model.users, model.thinkTimeMs ?? 0);
    }
    await run.done;
  } finally {
    clearInterval(monitor);
    options.signal?.removeEventListener('abort', onAbort);
    await run.destroyConnections();
  }
  const windowStart = run.start + run.warmupMs;
  const windowEnd = Math.max(run.lastMeasuredDone, Math.min(run.stoppedAt, run.start + run.totalMs));
  const windowMs = Math.max(0, windowEnd - windowStart);
  const failures = totalErrors(run.errors);
  return {
    method,
    path: shownPath,
    kind: route.kind ?? null,
    budgetMs,
    model: model.type,
    offeredRps: model.type === 'open' ? model.rps : null,
    users: model.type === 'closed' ? model.users : null,
    connections,
    requests: run.outcomes,
    sent: run.sent,
    rps: windowMs > 0 ? round2((run.responses * 1000) / windowMs) : 0,
    errorsPct: run.outcomes > 0 ? round2((failures * 100) / run.outcomes) : 0,
    ...summarize(run.corrected),
    uncorrected: summarize(run.uncorrected),
    generatorLagMs: Math.round(run.generatorLagMs),
    distribution: run.corrected.count > 0 ? DISTRIBUTION.map((p) => ({ percentile: p, ms: ms(run.corrected.percentileMicros(p)) as number })) : [],
    errors: run.errors,
    cancelled: run.cancelled,
    refusals: run.refusals,
    stoppedBy: run.stoppedBy ?? 'duration',
    warmupMs: run.warmupMs,
    windowMs: Math.round(windowMs),
  };
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

function safePath(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}

// Per-route aggregation of access-log records: counts, latency quantiles, 5xx rate, busiest minute, first and last
// timestamp. Memory is bounded: at most maxRoutes routes (the rest fold into one "other" bucket) and a budget of
// per-minute counters (compacted when exceeded, the busiest minute then marked approximate).
import type { AccessRecord } from './access-formats.js';
import { LogHistogram } from './histogram.js';
import { RouteTemplater } from './routes.js';

const DEFAULT_MAX_ROUTES = 2000;
const MINUTE_BUDGET = 300_000;
const OTHER_DISTINCT_CAP = 10_000;

export interface BusiestMinute {
  /** ISO start of the minute (UTC). */
  minute: string;
  requests: number;
}

export interface AccessRouteStats {
  method: string;
  route: string;
  /** The route came from the configured templates, not from automatic folding. */
  configured: boolean;
  requests: number;
  /** Requests whose line carried a request time (the quantiles cover these). */
  timed: number;
  errors5xx: number;
  /** 5xx share of requests, 0..1. */
  errorRate: number;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
  maxMs: number | null;
  meanMs: number | null;
  busiestMinute: BusiestMinute | null;
  firstSeen: string | null;
  lastSeen: string | null;
}

export interface OtherRoutes {
  requests: number;
  errors5xx: number;
  /** Distinct method+route pairs folded here (counted up to 10,000; atLeast says the count stopped there). */
  distinctRoutes: number;
  atLeast: boolean;
}

export interface AccessTotals {
  requests: number;
  timed: number;
  errors5xx: number;
  firstSeen: string | null;
  lastSeen: string | null;
  busiestMinute: BusiestMinute | null;
  /** True when the per-minute counters were compacted: the busiest minutes are lower bounds. */
  busiestMinuteApproximate: boolean;
}

class MinuteCounter {
  counts = new Map<number, number>();
  best = 0;
  bestMinute = Number.NaN;
  add(minute: number): number {
    const n = (this.counts.get(minute) ?? 0) + 1;
    this.counts.set(minute, n);
    if (n > this.best) {
      this.best = n;
      this.bestMinute = minute;
    }
    return this.counts.size;
  }
  /** Keeps only the newest few minutes (logs are nearly in time order, so older minutes are complete). */
  compact(): number {
    const keys = [...this.counts.keys()].sort((a, b) => b - a).slice(0, 3);
    const kept = new Map<number, number>();
    for (const k of keys) kept.set(k, this.counts.get(k)!);
    const dropped = this.counts.size - kept.size;
    this.counts = kept;
    return dropped;
  }
  result(): BusiestMinute | null {
    return Number.isNaN(this.bestMinute) ? null : { minute: new Date(this.bestMinute * 60_000).toISOString(), requests: this.best };
  }
}

class RouteAccumulator {
  requests = 0;
  errors5xx = 0;
  first = Number.POSITIVE_INFINITY;
  last = Number.NEGATIVE_INFINITY;
  readonly latency = new LogHistogram();
  readonly minutes = new MinuteCounter();
  constructor(
    readonly method: string,
    readonly route: string,
    readonly configured: boolean,
  ) {}
}

const iso = (ms: number): string | null => (Number.isFinite(ms) ? new Date(ms).toISOString() : null);

export class AccessLogAggregator {
  private readonly routes = new Map<string, RouteAccumulator>();
  private readonly templater: RouteTemplater;
  private readonly maxRoutes: number;
  private readonly total = new RouteAccumulator('*', '*', false);
  private readonly other = { requests: 0, errors5xx: 0, distinct: new Set<string>(), atLeast: false };
  private minuteEntries = 0;
  private approximate = false;

  constructor(options: { routes?: readonly string[]; maxRoutes?: number } = {}) {
    this.templater = new RouteTemplater(options.routes ?? []);
    this.maxRoutes = options.maxRoutes ?? DEFAULT_MAX_ROUTES;
  }

  add(record: AccessRecord): void {
    const { template, configured } = this.templater.route(record.method, record.target);
    const key = `${record.method} ${template}`;
    let acc = this.routes.get(key);
    if (!acc) {
      if (this.routes.size >= this.maxRoutes) {
        this.addOther(key, record);
        return;
      }
      acc = new RouteAccumulator(record.method, template, configured);
      this.routes.set(key, acc);
    }
    this.count(acc, record);
  }

  private addOther(key: string, record: AccessRecord): void {
    this.other.requests++;
    if (record.status >= 500) this.other.errors5xx++;
    if (this.other.distinct.size < OTHER_DISTINCT_CAP) this.other.distinct.add(key);
    else if (!this.other.distinct.has(key)) this.other.atLeast = true;
    this.count(this.total, record);
  }

  private count(acc: RouteAccumulator, record: AccessRecord): void {
    this.countInto(acc, record);
    if (acc !== this.total) this.countInto(this.total, record);
    if (this.minuteEntries > MINUTE_BUDGET) this.compactMinutes();
  }

  private countInto(a: RouteAccumulator, record: AccessRecord): void {
    a.requests++;
    if (record.status >= 500) a.errors5xx++;
    const d = record.durationMs;
    if (!Number.isNaN(d)) a.latency.record(d);
    const t = record.timeMs;
    if (!Number.isNaN(t)) {
      if (t < a.first) a.first = t;
      if (t > a.last) a.last = t;
      const before = a.minutes.counts.size;
      if (a.minutes.add(Math.floor(t / 60_000)) > before) this.minuteEntries++;
    }
  }

  private compactMinutes(): void {
    this.approximate = true;
    for (const acc of this.routes.values()) this.minuteEntries -= acc.minutes.compact();
    this.minuteEntries -= this.total.minutes.compact();
  }

  private stats(acc: RouteAccumulator): AccessRouteStats {
    const h = acc.latency;
    const round = (v: number | null): number | null => (v === null ? null : Math.round(v * 1000) / 1000);
    return {
      method: acc.method,
      route: acc.route,
      configured: acc.configured,
      requests: acc.requests,
      timed: h.count,
      errors5xx: acc.errors5xx,
      errorRate: acc.requests === 0 ? 0 : acc.errors5xx / acc.requests,
      p50Ms: round(h.quantile(0.5)),
      p95Ms: round(h.quantile(0.95)),
      p99Ms: round(h.quantile(0.99)),
      maxMs: round(h.count === 0 ? null : h.max),
      meanMs: round(h.mean()),
      busiestMinute: acc.minutes.result(),
      firstSeen: iso(acc.first),
      lastSeen: iso(acc.last),
    };
  }

  /** Routes by request count (descending), the folded rest, and totals. */
  summary(): { routes: AccessRouteStats[]; other: OtherRoutes | null; totals: AccessTotals } {
    const routes = [...this.routes.values()].map((a) => this.stats(a)).sort((a, b) => b.requests - a.requests || (a.route < b.route ? -1 : 1));
    const t = this.total;
    return {
      routes,
      other:
        this.other.requests === 0
          ? null
          : { requests: this.other.requests, errors5xx: this.other.errors5xx, distinctRoutes: this.other.distinct.size, atLeast: this.other.atLeast },
      totals: {
        requests: t.requests,
        timed: t.latency.count,
        errors5xx: t.errors5xx,
        firstSeen: iso(t.first),
        lastSeen: iso(t.last),
        busiestMinute: t.minutes.result(),
        busiestMinuteApproximate: this.approximate,
      },
    };
  }
}

// Grouping spans into requests and requests into routes: per route the latency, queries per request, repeated
// query fingerprints (N+1) and time spent waiting on outbound calls; per query fingerprint the calls and mean time.
// Memory is bounded: open traces are capped (idle ones flushed, the least recently touched evicted), spans per
// trace are capped, and routes and fingerprints fold into "other" past their caps.
import { LogHistogram } from './histogram.js';
import type { FlatSpan, OutboundKind } from './otlp.js';
import { normaliseQuery, queryId } from './sql-fingerprint.js';

export interface TraceThresholds {
  /** Same fingerprint this many times in one request (median over the route's requests) → N+1. */
  nPlusOneMin: number;
  /** Mean query time above this → slow query. */
  slowQueryMs: number;
  /** Time in outbound calls in one request above this → inline long work. */
  outboundMs: number;
  /** Route p95 above this → inline long work. */
  slowRouteP95Ms: number;
}

export const DEFAULT_THRESHOLDS: TraceThresholds = { nPlusOneMin: 5, slowQueryMs: 100, outboundMs: 500, slowRouteP95Ms: 2000 };

export interface TraceLimits {
  maxOpenTraces: number;
  maxSpansPerTrace: number;
  maxRoutes: number;
  maxFingerprints: number;
  /** A trace whose root arrived and that got no span while this many other spans were read is complete. */
  idleSpans: number;
}

const DEFAULT_LIMITS: TraceLimits = { maxOpenTraces: 20_000, maxSpansPerTrace: 5_000, maxRoutes: 2_000, maxFingerprints: 5_000, idleSpans: 20_000 };

interface StoredSpan {
  spanId: string;
  parentSpanId: string;
  startMs: number;
  endMs: number;
  name: string;
  route: string | null;
  fingerprint: number;
  outbound: { kind: OutboundKind; target: string } | null;
}

interface OpenTrace {
  id: string;
  spans: StoredSpan[];
  hasRoot: boolean;
  touched: number;
}

interface Fingerprint {
  id: string;
  text: string;
  calls: number;
  totalMs: number;
  maxMs: number;
  routes: Set<string>;
}

interface RouteFingerprint {
  /** per-request count → number of requests with that count */
  perRequest: Map<number, number>;
  requestsWith: number;
  calls: number;
  maxPerRequest: number;
  maxTraceId: string;
}

interface OutboundTarget {
  kind: OutboundKind;
  target: string;
  calls: number;
  totalMs: number;
  maxMs: number;
}

class RouteAccumulator {
  requests = 0;
  queries = 0;
  readonly latency = new LogHistogram();
  readonly fingerprints = new Map<number, RouteFingerprint>();
  readonly outbound = new Map<string, OutboundTarget>();
  longWorkRequests = 0;
  worst: { traceId: string; outboundMs: number; durationMs: number; calls: { kind: OutboundKind; target: string; span: string; ms: number }[] } | null = null;
  constructor(readonly route: string) {}
}

export interface NPlusOneSignal {
  queryId: string;
  query: string;
  /** Median per-request count over the route's requests (requests without the query count 0). */
  medianPerRequest: number;
  maxPerRequest: number;
  requestsWithQuery: number;
  exampleTraceId: string;
}

export interface OutboundCallSummary {
  kind: OutboundKind;
  target: string;
  span: string;
  ms: number;
}

export interface InlineLongWorkSignal {
  /** Requests that spent more than the threshold in outbound calls before answering. */
  requestsOverThreshold: number;
  /** The route's p95 is over the slow-route limit. */
  p95OverLimit: boolean;
  worst: { traceId: string; outboundMs: number; durationMs: number; calls: OutboundCallSummary[] } | null;
  targets: { kind: OutboundKind; target: string; calls: number; meanMs: number; maxMs: number }[];
}

export interface TraceRouteStats {
  route: string;
  requests: number;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
  maxMs: number | null;
  queriesPerRequest: number;
  nPlusOne: NPlusOneSignal[];
  inlineLongWork: InlineLongWorkSignal | null;
  /** Fingerprints run by this route: calls and per-request median. */
  queries: { queryId: string; query: string; calls: number; medianPerRequest: number; maxPerRequest: number }[];
}

export interface QueryStats {
  queryId: string;
  query: string;
  calls: number;
  meanMs: number;
  maxMs: number;
  totalMs: number;
  slow: boolean;
  routes: string[];
}

export interface TraceTotals {
  spans: number;
  traces: number;
  requests: number;
  /** Database or outbound spans with no request span above them (background work, or a trace cut short). */
  orphanSpans: number;
  /** Traces flushed before they went idle because too many were open. */
  evictedTraces: number;
  /** Spans past the per-trace cap. */
  droppedSpans: number;
  otherRouteRequests: number;
  otherFingerprintCalls: number;
  /** The most traces held open at once (bounded by maxOpenTraces). */
  peakOpenTraces: number;
}

const r3 = (v: number | null): number | null => (v === null ? null : Math.round(v * 1000) / 1000);
const OTHER_FINGERPRINT = -1;
const MAX_SHOWN_QUERY = 2000;

function medianOf(perRequest: Map<number, number>, requests: number): number {
  // requests without the query ran it 0 times
  const withQuery = [...perRequest.values()].reduce((a, b) => a + b, 0);
  const zeros = requests - withQuery;
  const rank = Math.ceil(requests / 2);
  if (rank <= zeros) return 0;
  let seen = zeros;
  for (const count of [...perRequest.keys()].sort((a, b) => a - b)) {
    seen += perRequest.get(count)!;
    if (seen >= rank) return count;
  }
  return 0;
}

/** Union length of [start, end] intervals clipped to [from, to]: parallel calls are not counted twice. */
function coveredMs(intervals: [number, number][], from: number, to: number): number {
  const clipped = intervals.map(([a, b]) => [Math.max(a, from), Math.min(b, to)] as [number, number]).filter(([a, b]) => b > a);
  clipped.sort((x, y) => x[0] - y[0]);
  let total = 0;
  let curA = Number.NaN;
  let curB = Number.NaN;
  for (const [a, b] of clipped) {
    if (Number.isNaN(curA) || a > curB) {
      if (!Number.isNaN(curA)) total += curB - curA;
      curA = a;
      curB = b;
    } else if (b > curB) curB = b;
  }
  if (!Number.isNaN(curA)) total += curB - curA;
  return total;
}

export class TraceAggregator {
  private readonly open = new Map<string, OpenTrace>();
  private readonly routes = new Map<string, RouteAccumulator>();
  private readonly fingerprints: Fingerprint[] = [];
  private readonly fingerprintIndex = new Map<string, number>();
  private readonly rawCache = new Map<string, number>();
  private readonly otherFingerprint: Fingerprint = { id: 'other', text: '(other queries)', calls: 0, totalMs: 0, maxMs: 0, routes: new Set() };
  private readonly thresholds: TraceThresholds;
  private readonly limits: TraceLimits;
  private spansRead = 0;
  private sinceSweep = 0;
  readonly totals: TraceTotals = {
    spans: 0,
    traces: 0,
    requests: 0,
    orphanSpans: 0,
    evictedTraces: 0,
    droppedSpans: 0,
    otherRouteRequests: 0,
    otherFingerprintCalls: 0,
    peakOpenTraces: 0,
  };

  constructor(thresholds: Partial<TraceThresholds> = {}, limits: Partial<TraceLimits> = {}) {
    this.thresholds = { ...DEFAULT_THRESHOLDS, ...thresholds };
    this.limits = { ...DEFAULT_LIMITS, ...limits };
  }

  private fingerprintOf(statement: string): number {
    const cached = this.rawCache.get(statement);
    if (cached !== undefined) return cached;
    const text = normaliseQuery(statement);
    const id = queryId(text);
    let index = this.fingerprintIndex.get(id);
    if (index === undefined) {
      if (this.fingerprints.length >= this.limits.maxFingerprints) return OTHER_FINGERPRINT;
      index = this.fingerprints.length;
      this.fingerprints.push({ id, text: text.length > MAX_SHOWN_QUERY ? `${text.slice(0, MAX_SHOWN_QUERY)}…` : text, calls: 0, totalMs: 0, maxMs: 0, routes: new Set() });
      this.fingerprintIndex.set(id, index);
    }
    // parameterised statements repeat verbatim: remember short ones (bounded) to skip normalising again
    if (statement.length <= 1024) {
      if (this.rawCache.size >= 10_000) this.rawCache.clear();
      this.rawCache.set(statement, index);
    }
    return index;
  }

  add(span: FlatSpan): void {
    this.totals.spans++;
    this.spansRead++;
    let trace = this.open.get(span.traceId);
    if (trace) {
      // move to the end: the map stays ordered by last touch, oldest first
      this.open.delete(span.traceId);
    } else {
      trace = { id: span.traceId, spans: [], hasRoot: false, touched: 0 };
      if (this.open.size >= this.limits.maxOpenTraces) {
        const oldest = this.open.values().next().value as OpenTrace;
        this.open.delete(oldest.id);
        if (!oldest.hasRoot || this.spansRead - oldest.touched < this.limits.idleSpans) this.totals.evictedTraces++;
        this.flush(oldest);
      }
    }
    trace.touched = this.spansRead;
    this.open.set(span.traceId, trace);
    if (this.open.size > this.totals.peakOpenTraces) this.totals.peakOpenTraces = this.open.size;
    if (span.parentSpanId === '') trace.hasRoot = true;
    if (trace.spans.length >= this.limits.maxSpansPerTrace) {
      this.totals.droppedSpans++;
    } else {
      trace.spans.push({
        spanId: span.spanId,
        parentSpanId: span.parentSpanId,
        startMs: span.startMs,
        endMs: span.endMs,
        name: span.name,
        route: span.route,
        fingerprint: span.dbStatement === null ? -2 : this.fingerprintOf(span.dbStatement),
        outbound: span.outbound,
      });
    }
    if (++this.sinceSweep >= 1000) this.sweep();
  }

  /** Flushes traces that went idle: root seen and no span for idleSpans spans (4x that without a root). */
  private sweep(): void {
    this.sinceSweep = 0;
    for (const trace of this.open.values()) {
      const idle = this.spansRead - trace.touched;
      if (idle < this.limits.idleSpans) break;
      if (trace.hasRoot || idle >= 4 * this.limits.idleSpans) {
        this.open.delete(trace.id);
        this.flush(trace);
      }
    }
  }

  private routeFor(route: string): RouteAccumulator | null {
    let acc = this.routes.get(route);
    if (!acc) {
      if (this.routes.size >= this.limits.maxRoutes) return null;
      acc = new RouteAccumulator(route);
      this.routes.set(route, acc);
    }
    return acc;
  }

  private flush(trace: OpenTrace): void {
    this.totals.traces++;
    const byId = new Map<string, StoredSpan>();
    for (const s of trace.spans) byId.set(s.spanId, s);
    const work = new Map<StoredSpan, StoredSpan[]>();
    // a span exported twice (an exporter retry) counts once: the last copy wins
    for (const s of trace.spans) if (s.route !== null && byId.get(s.spanId) === s) work.set(s, []);
    for (const s of trace.spans) {
      if (s.route !== null || (s.fingerprint === -2 && s.outbound === null) || byId.get(s.spanId) !== s) continue;
      // the nearest request span above this database or outbound span
      let parent = byId.get(s.parentSpanId);
      for (let depth = 0; parent && parent.route === null && depth < 200; depth++) parent = byId.get(parent.parentSpanId);
      const list = parent ? work.get(parent) : undefined;
      if (list) list.push(s);
      else this.totals.orphanSpans++;
    }
    for (const [request, children] of work) this.countRequest(trace.id, request, children);
  }

  private countRequest(traceId: string, request: StoredSpan, children: StoredSpan[]): void {
    this.totals.requests++;
    const acc = this.routeFor(request.route!);
    if (!acc) {
      this.totals.otherRouteRequests++;
      return;
    }
    acc.requests++;
    const durationMs = request.endMs - request.startMs;
    if (durationMs >= 0) acc.latency.record(durationMs);
    const counts = new Map<number, number>();
    const intervals: [number, number][] = [];
    const calls: OutboundCallSummary[] = [];
    for (const c of children) {
      const ms = Math.max(0, c.endMs - c.startMs);
      if (c.fingerprint !== -2) {
        acc.queries++;
        counts.set(c.fingerprint, (counts.get(c.fingerprint) ?? 0) + 1);
        const fp = c.fingerprint === OTHER_FINGERPRINT ? this.otherFingerprint : this.fingerprints[c.fingerprint]!;
        if (c.fingerprint === OTHER_FINGERPRINT) this.totals.otherFingerprintCalls++;
        fp.calls++;
        fp.totalMs += ms;
        if (ms > fp.maxMs) fp.maxMs = ms;
        if (fp.routes.size < 20) fp.routes.add(acc.route);
      } else if (c.outbound) {
        // only the part before the response went out keeps the user waiting
        if (c.startMs < request.endMs) {
          intervals.push([c.startMs, c.endMs]);
          calls.push({ kind: c.outbound.kind, target: c.outbound.target, span: c.name, ms: r3(Math.min(c.endMs, request.endMs) - c.startMs)! });
        }
        const key = `${c.outbound.kind} ${c.outbound.target}`;
        let t = acc.outbound.get(key);
        if (!t) {
          if (acc.outbound.size >= 50) continue;
          t = { kind: c.outbound.kind, target: c.outbound.target, calls: 0, totalMs: 0, maxMs: 0 };
          acc.outbound.set(key, t);
        }
        t.calls++;
        t.totalMs += ms;
        if (ms > t.maxMs) t.maxMs = ms;
      }
    }
    for (const [fp, n] of counts) {
      let rf = acc.fingerprints.get(fp);
      if (!rf) {
        if (acc.fingerprints.size >= 200) continue;
        rf = { perRequest: new Map(), requestsWith: 0, calls: 0, maxPerRequest: 0, maxTraceId: '' };
        acc.fingerprints.set(fp, rf);
      }
      rf.perRequest.set(n, (rf.perRequest.get(n) ?? 0) + 1);
      rf.requestsWith++;
      rf.calls += n;
      if (n > rf.maxPerRequest) {
        rf.maxPerRequest = n;
        rf.maxTraceId = traceId;
      }
    }
    if (intervals.length > 0) {
      const outboundMs = coveredMs(intervals, request.startMs, request.endMs);
      if (outboundMs > this.thresholds.outboundMs) acc.longWorkRequests++;
      if (outboundMs > (acc.worst?.outboundMs ?? 0)) {
        calls.sort((a, b) => b.ms - a.ms);
        acc.worst = { traceId, outboundMs: r3(outboundMs)!, durationMs: r3(durationMs)!, calls: calls.slice(0, 10) };
      }
    }
  }

  /** Flushes every open trace and returns per-route and per-query results. */
  finish(): { routes: TraceRouteStats[]; queries: QueryStats[]; totals: TraceTotals } {
    for (const trace of this.open.values()) this.flush(trace);
    this.open.clear();
    const t = this.thresholds;
    const fpOf = (index: number): Fingerprint => (index === OTHER_FINGERPRINT ? this.otherFingerprint : this.fingerprints[index]!);
    const routes: TraceRouteStats[] = [...this.routes.values()].map((acc) => {
      const queries = [...acc.fingerprints.entries()]
        .map(([index, rf]) => ({ fp: fpOf(index), rf, median: medianOf(rf.perRequest, acc.requests) }))
        .sort((a, b) => b.rf.calls - a.rf.calls);
      const p95 = acc.latency.quantile(0.95);
      const p95OverLimit = p95 !== null && p95 > t.slowRouteP95Ms;
      const inline: InlineLongWorkSignal | null =
        acc.longWorkRequests > 0 || p95OverLimit
          ? {
              requestsOverThreshold: acc.longWorkRequests,
              p95OverLimit,
              worst: acc.worst && acc.worst.outboundMs > t.outboundMs ? acc.worst : null,
              targets: [...acc.outbound.values()]
                .sort((a, b) => b.totalMs - a.totalMs)
                .slice(0, 10)
                .map((o) => ({ kind: o.kind, target: o.target, calls: o.calls, meanMs: r3(o.totalMs / o.calls)!, maxMs: r3(o.maxMs)! })),
            }
          : null;
      return {
        route: acc.route,
        requests: acc.requests,
        p50Ms: r3(acc.latency.quantile(0.5)),
        p95Ms: r3(p95),
        p99Ms: r3(acc.latency.quantile(0.99)),
        maxMs: r3(acc.latency.count === 0 ? null : acc.latency.max),
        queriesPerRequest: acc.requests === 0 ? 0 : Math.round((acc.queries / acc.requests) * 100) / 100,
        nPlusOne: queries
          .filter((q) => q.fp !== this.otherFingerprint && q.median >= t.nPlusOneMin)
          .map((q) => ({
            queryId: q.fp.id,
            query: q.fp.text,
            medianPerRequest: q.median,
            maxPerRequest: q.rf.maxPerRequest,
            requestsWithQuery: q.rf.requestsWith,
            exampleTraceId: q.rf.maxTraceId,
          })),
        inlineLongWork: inline,
        queries: queries.slice(0, 50).map((q) => ({ queryId: q.fp.id, query: q.fp.text, calls: q.rf.calls, medianPerRequest: q.median, maxPerRequest: q.rf.maxPerRequest })),
      };
    });
    routes.sort((a, b) => b.requests - a.requests || (a.route < b.route ? -1 : 1));
    const all = this.otherFingerprint.calls > 0 ? [...this.fingerprints, this.otherFingerprint] : this.fingerprints;
    const queries: QueryStats[] = all
      .filter((f) => f.calls > 0)
      .map((f) => {
        const mean = f.totalMs / f.calls;
        return {
          queryId: f.id,
          query: f.text,
          calls: f.calls,
          meanMs: r3(mean)!,
          maxMs: r3(f.maxMs)!,
          totalMs: r3(f.totalMs)!,
          slow: f !== this.otherFingerprint && mean > t.slowQueryMs,
          routes: [...f.routes],
        };
      })
      .sort((a, b) => b.totalMs - a.totalMs);
    return { routes, queries, totals: this.totals };
  }
}

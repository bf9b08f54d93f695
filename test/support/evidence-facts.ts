// Fact builders for the evidence and protection checks: small, plain objects shaped like the collectors' output.
import type { AccessRouteStats } from '../../src/evidence/access-stats.ts';
import { DEFAULT_THRESHOLDS, type TraceRouteStats } from '../../src/evidence/trace-stats.ts';
import type { EvidenceFacts } from '../../src/facts/evidence.ts';
import type { EdgeFacts, ProbeRouteKind, ProtectionFacts, RateLimitProbeResult, RouteProbe } from '../../src/facts/protection.ts';

export function accessRoute(method: string, route: string, p95Ms: number, over: Partial<AccessRouteStats> = {}): AccessRouteStats {
  return {
    method,
    route,
    configured: false,
    requests: 1240,
    timed: 1240,
    errors5xx: 0,
    errorRate: 0,
    p50Ms: p95Ms / 3,
    p95Ms,
    p99Ms: p95Ms * 1.2,
    maxMs: p95Ms * 2,
    meanMs: p95Ms / 2,
    busiestMinute: { minute: '2026-11-01T10:31:00.000Z', requests: 40 },
    firstSeen: '2026-11-01T10:00:00.000Z',
    lastSeen: '2026-11-01T11:59:00.000Z',
    ...over,
  };
}

export function traceRoute(route: string, over: Partial<TraceRouteStats> = {}): TraceRouteStats {
  return { route, requests: 10, p50Ms: 40, p95Ms: 80, p99Ms: 90, maxMs: 95, queriesPerRequest: 3, nPlusOne: [], inlineLongWork: null, queries: [], ...over };
}

/** GET /api/orders from traces: 13 queries a request, one of them (order items) run 12 times a request, an N+1. */
export function nPlusOneOrdersRoute(): TraceRouteStats {
  return traceRoute('GET /api/orders', {
    queriesPerRequest: 13,
    nPlusOne: [
      {
        queryId: 'a1b2c3d4e5f6',
        query: 'SELECT * FROM order_items WHERE order_id = ?',
        medianPerRequest: 12,
        maxPerRequest: 12,
        requestsWithQuery: 10,
        exampleTraceId: '0000000000000000000000000000000b',
      },
    ],
  });
}

export function evidenceFacts(over: Partial<EvidenceFacts> = {}): EvidenceFacts {
  return {
    inputs: { accessLogs: [], traces: [], har: [] },
    unmatched: [],
    files: [],
    accessLog: null,
    traces: null,
    har: [],
    inventories: [],
    ...over,
  };
}

export function withAccessLog(routes: AccessRouteStats[]): EvidenceFacts {
  const requests = routes.reduce((n, r) => n + r.requests, 0);
  return evidenceFacts({
    inputs: { accessLogs: ['access.log'], traces: [], har: [] },
    files: [{ kind: 'access-log', path: 'access.log', format: 'nginx', bytes: 1000, lines: requests, malformed: 0, items: null, error: null }],
    accessLog: {
      routes,
      other: null,
      totals: {
        requests,
        timed: requests,
        errors5xx: 0,
        firstSeen: '2026-11-01T10:00:00.000Z',
        lastSeen: '2026-11-01T11:59:00.000Z',
        busiestMinute: null,
        busiestMinuteApproximate: false,
      },
      lines: requests,
      parsed: requests,
      malformed: 0,
    },
  });
}

export function withTraces(routes: TraceRouteStats[], queries: NonNullable<EvidenceFacts['traces']>['queries'] = []): EvidenceFacts {
  const requests = routes.reduce((n, r) => n + r.requests, 0);
  return evidenceFacts({
    inputs: { accessLogs: [], traces: ['traces.json'], har: [] },
    files: [{ kind: 'traces', path: 'traces.json', format: null, bytes: 1000, lines: 10, malformed: 0, items: 100, error: null }],
    traces: {
      routes,
      queries,
      totals: { spans: 100, traces: requests, requests, orphanSpans: 0, evictedTraces: 0, droppedSpans: 0, otherRouteRequests: 0, otherFingerprintCalls: 0, peakOpenTraces: 4 },
      thresholds: DEFAULT_THRESHOLDS,
      malformedLines: 0,
    },
  });
}

export function probeResult(kind: ProbeRouteKind, over: Partial<RateLimitProbeResult> = {}): RateLimitProbeResult {
  return {
    url: 'https://app.acme.test/api/login',
    method: 'POST',
    kind,
    requestHeaderNames: ['content-type'],
    plan: { count: 30, windowMs: 10_000, concurrency: 1, requestedCount: 30, capped: false },
    refused: null,
    addresses: ['127.0.0.1'],
    sent: 30,
    answered: 30,
    statuses: { '200': 30 },
    errors: {},
    durationMs: 10_012,
    limited: null,
    stoppedBy: 'count',
    ...over,
  };
}

export function limitedResult(kind: ProbeRouteKind, retryAfter: string | null, over: Partial<RateLimitProbeResult> = {}): RateLimitProbeResult {
  return probeResult(kind, {
    sent: 6,
    answered: 6,
    statuses: { '200': 5, '429': 1 },
    durationMs: 1800,
    limited: { requestNumber: 6, atMs: 1790, status: 429, retryAfter, rateLimitHeaders: {} },
    stoppedBy: 'limited',
    ...over,
  });
}

export function routeProbe(route: string, result: RateLimitProbeResult, auth: 'public' | 'private' = 'public'): RouteProbe {
  return { route, kind: result.kind, auth, result };
}

export function edgeFacts(over: Partial<EdgeFacts> = {}): EdgeFacts {
  return {
    host: 'app.acme.test',
    cnameChain: [],
    addresses: ['192.0.2.10'],
    dnsFrom: 'dns-facts',
    headersUrl: 'https://app.acme.test/',
    headersFrom: 'web-facts',
    responseHeaders: { server: ['nginx/1.24.0'] },
    error: null,
    classification: { edge: null, evidence: [], seen: { cnames: 0, addresses: 1, headers: 1 } },
    ...over,
  };
}

export function protectionFacts(over: Partial<ProtectionFacts> = {}): ProtectionFacts {
  return {
    settings: { count: 30, windowMs: 10_000, allowNonLoopback: false },
    probes: [],
    unprobed: [],
    edge: edgeFacts(),
    routes: [{ route: 'POST /api/login', auth: 'public' }],
    inventories: [],
    ...over,
  };
}

// Findings drawn from production evidence (access logs, traces, HAR), as pure functions of the evidence facts, for
// the perf checks: perf.p95-over-budget (access log), perf.n-plus-one, perf.queries-per-request, perf.slow-query
// (traces). perf.inline-long-work and perf.repeated-api-calls have their own check files that call these too.
// Also the production rows of the report's route table.
import type { EvidenceFacts } from '../facts/evidence.js';
import { maskSecret } from '../mask.js';
import type { AuditPlan, PlannedRoute } from '../plan.js';
import type { FindingDraft, RouteMetrics } from '../types.js';

/** Fewer timed requests than this on a route that is not configured tell too little to judge its p95. */
const MIN_TIMED_REQUESTS = 20;
const DEFAULT_QUERIES_PER_REQUEST_LIMIT = 20;
const DEFAULT_BUDGET_MS = 300;
const MAX_FINDINGS = 50;

type Evidence = Pick<EvidenceFacts, 'accessLog' | 'traces' | 'har' | 'files'>;
type Plan = Pick<AuditPlan, 'routes'>;

const ms = (v: number | null | undefined): string => (v === null || v === undefined ? '?' : v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${Math.round(v)} ms`);

function sources(evidence: Evidence, kind: 'access-log' | 'traces' | 'har'): string[] {
  return evidence.files.filter((f) => f.kind === kind && f.error === null).map((f) => f.path);
}

/** "GET /api/orders/:id" → the configured route it came from, when the access log matched one. */
function configuredRoute(plan: Plan, method: string, path: string): PlannedRoute | undefined {
  return plan.routes.find((r) => r.method === method && r.path === path) ?? plan.routes.find((r) => r.path === path);
}

/** "from access log, 1,240 requests between 2026-11-01T10:00:00.000Z and 2026-11-01T11:59:00.000Z" */
function accessLogWindowText(requests: number, from: string | null, to: string | null): string {
  return `from access log, ${requests.toLocaleString('en-US')} requests between ${from ?? '?'} and ${to ?? '?'}`;
}

/**
 * perf.p95-over-budget from access logs: a route's p95 over its budget (configured, else 300 ms); blocker over 2x.
 * Routes that are not configured need MIN_TIMED_REQUESTS timed requests to be judged.
 */
export function accessLogBudgetFindings(evidence: Evidence, plan: Plan): FindingDraft[] {
  const log = evidence.accessLog;
  if (!log) return [];
  const out: FindingDraft[] = [];
  for (const r of log.routes) {
    if (r.p95Ms === null || r.timed === 0) continue;
    const configured = configuredRoute(plan, r.method, r.route);
    if (!configured && r.timed < MIN_TIMED_REQUESTS) continue;
    const budget = configured?.budgetMs ?? DEFAULT_BUDGET_MS;
    if (r.p95Ms <= budget) continue;
    const window = accessLogWindowText(r.requests, r.firstSeen, r.lastSeen);
    out.push({
      target: `${r.method} ${r.route}`,
      key: 'production',
      severity: r.p95Ms > 2 * budget ? 'blocker' : 'high',
      title: `${r.method} ${r.route} answers in ${ms(r.p95Ms)} at p95 in production, over its ${budget} ms budget`,
      evidence: {
        source: 'production',
        summary: `${window}: p95 ${ms(r.p95Ms)} against a ${budget} ms budget${configured ? '' : ' (default for a route not in the config)'}`,
        route: `${r.method} ${r.route}`,
        requests: r.requests,
        timedRequests: r.timed,
        from: r.firstSeen,
        to: r.lastSeen,
        p50Ms: r.p50Ms,
        p95Ms: r.p95Ms,
        p99Ms: r.p99Ms,
        maxMs: r.maxMs,
        budgetMs: budget,
        errorRate: r.errorRate,
        busiestMinute: r.busiestMinute,
        files: sources(evidence, 'access-log'),
      },
      fix: `Find where ${r.method} ${r.route} spends its time (traces, or EXPLAIN ANALYZE of its queries), then add the missing index, cache the result, or move the slow part to a background job until its p95 is under ${budget} ms.`,
    });
  }
  return out.sort((a, b) => (b.evidence.p95Ms as number) / (b.evidence.budgetMs as number) - (a.evidence.p95Ms as number) / (a.evidence.budgetMs as number)).slice(0, MAX_FINDINGS);
}

/** perf.n-plus-one from traces: the same fingerprint 5+ times in one request (median over the route's requests). */
export function traceNPlusOneFindings(evidence: Evidence): FindingDraft[] {
  const t = evidence.traces;
  if (!t) return [];
  const out: FindingDraft[] = [];
  for (const r of t.routes) {
    for (const n of r.nPlusOne) {
      out.push({
        target: r.route,
        key: `trace:${n.queryId}`,
        title: `${r.route} runs the same query ${n.medianPerRequest} times per request (N+1)`,
        evidence: {
          source: 'traces',
          summary: `from traces, ${r.requests} requests: median ${n.medianPerRequest} runs of one query per request, at most ${n.maxPerRequest} (trace ${n.exampleTraceId})`,
          route: r.route,
          requests: r.requests,
          query: n.query,
          queryId: n.queryId,
          medianPerRequest: n.medianPerRequest,
          maxPerRequest: n.maxPerRequest,
          requestsWithQuery: n.requestsWithQuery,
          exampleTraceId: n.exampleTraceId,
          files: sources(evidence, 'traces'),
        },
        fix: `Load the rows of "${n.query.slice(0, 120)}" for the whole request in one query (a JOIN, WHERE id IN (...), or the ORM's eager loading: include/preload/select_related/prefetch_related) instead of once per item.`,
      });
    }
  }
  return out.slice(0, MAX_FINDINGS);
}

/** perf.queries-per-request from traces: a route averaging more than the limit (20) queries per request. */
export function traceQueriesPerRequestFindings(evidence: Evidence, limit = DEFAULT_QUERIES_PER_REQUEST_LIMIT): FindingDraft[] {
  const t = evidence.traces;
  if (!t) return [];
  return t.routes
    .filter((r) => r.requests > 0 && r.queriesPerRequest > limit)
    .slice(0, MAX_FINDINGS)
    .map((r) => ({
      target: r.route,
      key: 'traces',
      title: `${r.route} runs ${r.queriesPerRequest} queries per request on average`,
      evidence: {
        source: 'traces',
        summary: `from traces, ${r.requests} requests: ${r.queriesPerRequest} queries per request on average (limit ${limit})`,
        route: r.route,
        requests: r.requests,
        queriesPerRequest: r.queriesPerRequest,
        limit,
        topQueries: r.queries.slice(0, 5).map((q) => ({ query: q.query, calls: q.calls, medianPerRequest: q.medianPerRequest })),
        files: sources(evidence, 'traces'),
      },
      fix: `Cut the queries of ${r.route}: batch per-item lookups into one query, load related rows eagerly, and cache what does not change per request.`,
    }));
}

/** perf.slow-query from traces: a fingerprint whose mean time is over the threshold (100 ms unless set otherwise). */
export function traceSlowQueryFindings(evidence: Evidence, thresholdMs?: number): FindingDraft[] {
  const t = evidence.traces;
  if (!t) return [];
  const limit = thresholdMs ?? t.thresholds.slowQueryMs;
  return t.queries
    .filter((q) => q.queryId !== 'other' && q.meanMs > limit)
    .slice(0, MAX_FINDINGS)
    .map((q) => ({
      target: q.routes[0] ?? q.queryId,
      key: `trace:${q.queryId}`,
      title: `A query takes ${ms(q.meanMs)} on average in production traces`,
      evidence: {
        source: 'traces',
        summary: `from traces: ${q.calls} calls, mean ${ms(q.meanMs)}, max ${ms(q.maxMs)} (limit ${limit} ms)`,
        query: q.query,
        queryId: q.queryId,
        calls: q.calls,
        meanMs: q.meanMs,
        maxMs: q.maxMs,
        totalMs: q.totalMs,
        routes: q.routes,
        thresholdMs: limit,
        files: sources(evidence, 'traces'),
      },
      fix: `Run EXPLAIN (ANALYZE, BUFFERS) on "${q.query.slice(0, 120)}" with real parameters; add the index its filter or sort needs, or fetch fewer rows.`,
    }));
}

/**
 * perf.inline-long-work from traces (a request spending more than 500 ms in outbound calls before it answers, or a
 * route p95 over 2 s) and from access logs (a route p95 over 2 s, when traces did not already name it).
 */
export function inlineLongWorkFindings(evidence: Evidence): FindingDraft[] {
  const out: FindingDraft[] = [];
  const seen = new Set<string>();
  const t = evidence.traces;
  for (const r of t?.routes ?? []) {
    const w = r.inlineLongWork;
    if (!w || !t) continue;
    seen.add(r.route);
    const worst = w.worst;
    const where = worst?.calls[0] ? `${worst.calls[0].kind} ${worst.calls[0].target} (${worst.calls[0].span})` : null;
    const summary = worst
      ? `from traces, ${r.requests} requests: ${w.requestsOverThreshold} spent more than ${t.thresholds.outboundMs} ms in outbound calls before answering; the worst ${ms(worst.outboundMs)} of ${ms(worst.durationMs)}, mostly ${where ?? 'outbound calls'} (trace ${worst.traceId})`
      : `from traces, ${r.requests} requests: p95 ${ms(r.p95Ms)}, over ${ms(t.thresholds.slowRouteP95Ms)}`;
    out.push({
      target: r.route,
      key: 'traces',
      title: worst ? `${r.route} keeps the request waiting ${ms(worst.outboundMs)} on ${where ?? 'outbound calls'}` : `${r.route} takes ${ms(r.p95Ms)} at p95`,
      evidence: {
        source: 'traces',
        summary,
        route: r.route,
        requests: r.requests,
        p95Ms: r.p95Ms,
        requestsOverThreshold: w.requestsOverThreshold,
        outboundThresholdMs: t.thresholds.outboundMs,
        p95OverLimit: w.p95OverLimit,
        worst,
        targets: w.targets,
        files: sources(evidence, 'traces'),
      },
      fix: `Answer ${r.route} first and do ${where ?? 'the slow work'} in a background job (a queue such as BullMQ, Sidekiq, Celery, or a transactional outbox), telling the user it is on its way.`,
    });
  }
  const log = evidence.accessLog;
  for (const r of log?.routes ?? []) {
    const name = `${r.method} ${r.route}`;
    if (seen.has(name) || r.p95Ms === null || r.p95Ms <= 2000 || r.timed < MIN_TIMED_REQUESTS) continue;
    out.push({
      target: name,
      key: 'access-log',
      title: `${name} takes ${ms(r.p95Ms)} at p95 in production`,
      evidence: {
        source: 'production',
        summary: `${accessLogWindowText(r.requests, r.firstSeen, r.lastSeen)}: p95 ${ms(r.p95Ms)}, over 2 s`,
        route: name,
        requests: r.requests,
        from: r.firstSeen,
        to: r.lastSeen,
        p95Ms: r.p95Ms,
        maxMs: r.maxMs,
        files: sources(evidence, 'access-log'),
      },
      fix: `Find what ${name} waits on (a trace of one slow request shows it) and move it to a background job, answering at once.`,
    });
  }
  return out.slice(0, MAX_FINDINGS);
}

const SENSITIVE_PARAM = /token|key|secret|pass|auth|session|sig|code|credential/i;

/** A URL with the values of sensitive-looking query parameters masked. */
export function maskUrlSecrets(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return url.length > 300 ? `${url.slice(0, 300)}…` : url;
  }
  if (u.username || u.password) {
    u.username = '';
    u.password = '';
  }
  for (const [name, value] of [...u.searchParams.entries()]) if (SENSITIVE_PARAM.test(name) && value.length > 0) u.searchParams.set(name, maskSecret(value));
  const text = u.href;
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

/** perf.repeated-api-calls from HAR: the same method and URL (query included) 2+ times in one page load. */
export function repeatedApiCallFindings(evidence: Evidence): FindingDraft[] {
  const out: FindingDraft[] = [];
  for (const h of evidence.har) {
    for (const page of h.pages) {
      for (const c of page.repeated) {
        const url = maskUrlSecrets(c.url);
        const pageName = page.title ?? page.pageref ?? 'the recording';
        out.push({
          target: `${c.method} ${url}`,
          key: `${h.path}#${page.pageref ?? ''}`,
          title: `${c.method} ${url} is sent ${c.count} times in one load of ${pageName}`,
          evidence: {
            source: 'har',
            summary: `from ${h.path}: ${c.count} identical calls in one page load, at ${c.offsetsMs.map((o) => `${o} ms`).join(', ')} from the page start`,
            file: h.path,
            page: pageName,
            method: c.method,
            url,
            count: c.count,
            startTimes: c.startTimes,
            offsetsMs: c.offsetsMs,
            statuses: c.statuses,
          },
          fix: 'Fetch it once per page load and share the result (lift the request into a shared store or a data-fetching cache such as TanStack Query or SWR with a dedupe window), and check effects that run twice (React StrictMode, remounts).',
        });
      }
    }
  }
  return out.slice(0, MAX_FINDINGS);
}

/** The report's route table from production access logs (with traces' queries per request), source "production". */
export function productionRouteMetrics(evidence: Pick<EvidenceFacts, 'accessLog' | 'traces'>, plan: Plan): RouteMetrics[] {
  const log = evidence.accessLog;
  const traceRoutes = new Map((evidence.traces?.routes ?? []).map((r) => [r.route, r]));
  const rows: RouteMetrics[] = [];
  for (const r of log?.routes ?? []) {
    if (r.timed === 0 || r.p50Ms === null || r.p95Ms === null || r.p99Ms === null || r.maxMs === null) continue;
    const configured = configuredRoute(plan, r.method, r.route);
    const spanS = r.firstSeen && r.lastSeen ? (Date.parse(r.lastSeen) - Date.parse(r.firstSeen)) / 1000 : 0;
    const trace = traceRoutes.get(`${r.method} ${r.route}`);
    rows.push({
      method: r.method,
      path: r.route,
      kind: configured?.kind ?? 'unknown',
      budgetMs: configured?.budgetMs ?? DEFAULT_BUDGET_MS,
      requests: r.requests,
      rps: spanS > 0 ? Math.round((r.requests / spanS) * 1000) / 1000 : 0,
      errorsPct: Math.round(r.errorRate * 10000) / 100,
      p50Ms: r.p50Ms,
      p95Ms: r.p95Ms,
      p99Ms: r.p99Ms,
      maxMs: r.maxMs,
      breakingRps: null,
      queriesPerRequest: trace ? trace.queriesPerRequest : null,
      source: 'production',
      window: { from: r.firstSeen, to: r.lastSeen },
    });
  }
  // configured routes first, then by traffic; the table stays readable
  const isConfigured = (row: RouteMetrics) => (configuredRoute(plan, row.method, row.path) ? 0 : 1);
  return rows.sort((a, b) => isConfigured(a) - isConfigured(b) || b.requests - a.requests).slice(0, 100);
}

/** Files of these kinds were given but none could be read: the reason (with their errors) the check cannot judge; else null. */
export function evidenceUnreadReason(evidence: Pick<EvidenceFacts, 'files'>, kinds: EvidenceFacts['files'][number]['kind'][]): string | null {
  const files = evidence.files.filter((f) => kinds.includes(f.kind));
  if (files.length === 0) return null;
  const errors = files.map((f) => f.error ?? `${f.path}: nothing readable`);
  return `no ${kinds.join(' or ')} evidence could be read: ${errors.slice(0, 3).join('; ')}`;
}

// Findings about a route's queries, from a neutral shape so both pg_stat_statements windows and traces can feed them:
// N+1 (one fingerprint run 5+ times per request), too many queries per request, slow queries.
import type { FindingDraft } from '../../types.js';
import { maskQueryText } from '../sql/normalise-query.js';

/** One normalised query as seen on one route. */
export interface RouteQueryStat {
  /** Route key, e.g. "GET /api/orders"; null for statistics not tied to a route (since the last reset). */
  route: string | null;
  /** Stable id of the normalised query (pg_stat_statements queryid, or a hash of the normalised text). */
  fingerprint: string;
  /** Normalised query text (masked again here). */
  query: string;
  /** Calls per request on the route; null when not tied to a route. */
  callsPerRequest: number | null;
  /** Mean execution time in ms, or null when unknown. */
  meanMs: number | null;
  /** Calls observed in total (window or since reset). */
  calls: number;
  /** Rows returned per call, when known: a list query's rows per call matching another query's calls per request is N+1. */
  rowsPerCall?: number | null;
  /** Where the numbers come from, e.g. "pg_stat_statements" or "trace". */
  source: string;
}

/** One route's query load. */
export interface RouteQueryLoad {
  route: string;
  /** All queries per request on the route (null: unknown). */
  queriesPerRequest: number | null;
  requests: number;
  statements: RouteQueryStat[];
  source: string;
}

export const N_PLUS_ONE_MIN_CALLS = 5;
export const QUERIES_PER_REQUEST_LIMIT = 20;
export const SLOW_QUERY_MS = 100;

const round = (n: number, digits = 2): number => Math.round(n * 10 ** digits) / 10 ** digits;

function masked(query: string): string {
  return maskQueryText(query).text;
}

/** The eager-loading rewrite of a per-row query: `col = $1` → `col = ANY($1)` with the list of ids, one round trip. */
export function eagerLoadingShape(query: string): string {
  const m = /((?:"[^"]+"|[A-Za-z_][\w$]*)(?:\.(?:"[^"]+"|[A-Za-z_][\w$]*))?)\s*=\s*(\$\d+|\?)/.exec(query);
  const batched = m ? `${query.slice(0, m.index)}${m[1]} = ANY(${m[2]})${query.slice(m.index + m[0].length)}` : null;
  const orm =
    'or the ORM’s eager loading (Rails includes/preload, Django select_related/prefetch_related, Prisma include, SQLAlchemy selectinload, Sequelize include, TypeORM relations)';
  return batched
    ? `Load the rows for all parents in one query instead of one per row: ${batched} with the array of parent ids, ${orm}.`
    : `Load the rows for all parents in one query (a JOIN or WHERE key = ANY($1) with the array of ids) instead of one per row, ${orm}.`;
}

/** The list query whose rows per call match this query's calls per request (once per request), if any. */
function listDrivingIt(r: RouteQueryLoad, s: RouteQueryStat): RouteQueryStat | null {
  const perRequest = s.callsPerRequest ?? 0;
  if (perRequest < 2) return null;
  return (
    r.statements.find(
      (l) => l !== s && l.callsPerRequest !== null && Math.abs(l.callsPerRequest - 1) <= 0.1 && typeof l.rowsPerCall === 'number' && Math.abs(l.rowsPerCall - perRequest) <= 0.5,
    ) ?? null
  );
}

/**
 * perf.n-plus-one: a fingerprint called `minCalls` or more times per request on a route, or called once per row a list
 * query of the same route returned (the count grows with the rows: 2 rows listed, 2 calls).
 */
export function nPlusOneDrafts(routes: readonly RouteQueryLoad[], minCalls = N_PLUS_ONE_MIN_CALLS): FindingDraft[] {
  const drafts: FindingDraft[] = [];
  for (const r of routes) {
    for (const s of r.statements) {
      if (s.callsPerRequest === null) continue;
      const list = s.callsPerRequest < minCalls ? listDrivingIt(r, s) : null;
      if (s.callsPerRequest < minCalls && !list) continue;
      const query = masked(s.query);
      drafts.push({
        target: r.route,
        key: s.fingerprint,
        title: `${r.route} runs the same query ${round(s.callsPerRequest, 1)} times per request (N+1)`,
        evidence: {
          route: r.route,
          query,
          fingerprint: s.fingerprint,
          callsPerRequest: round(s.callsPerRequest),
          queriesPerRequest: r.queriesPerRequest === null ? null : round(r.queriesPerRequest),
          meanMs: s.meanMs === null ? null : round(s.meanMs, 3),
          requests: r.requests,
          rule: list ? 'once per listed row' : `${minCalls}+ calls per request`,
          ...(list ? { listQuery: masked(list.query), rowsListed: round(list.rowsPerCall ?? 0) } : {}),
          source: s.source,
        },
        fix: eagerLoadingShape(query),
      });
    }
  }
  return drafts;
}

/** perf.queries-per-request: a route averaging more than `limit` queries per request. */
export function queriesPerRequestDrafts(routes: readonly RouteQueryLoad[], limit = QUERIES_PER_REQUEST_LIMIT): FindingDraft[] {
  const drafts: FindingDraft[] = [];
  for (const r of routes) {
    if (r.queriesPerRequest === null || r.queriesPerRequest <= limit) continue;
    const top = [...r.statements].sort((a, b) => (b.callsPerRequest ?? 0) - (a.callsPerRequest ?? 0)).slice(0, 5);
    const worst = top[0];
    drafts.push({
      target: r.route,
      title: `${r.route} runs ${round(r.queriesPerRequest, 1)} queries per request`,
      evidence: {
        route: r.route,
        queriesPerRequest: round(r.queriesPerRequest),
        limit,
        requests: r.requests,
        source: r.source,
        topQueries: top.map((s) => ({
          query: masked(s.query),
          callsPerRequest: s.callsPerRequest === null ? null : round(s.callsPerRequest),
          meanMs: s.meanMs === null ? null : round(s.meanMs, 3),
        })),
      },
      fix: worst
        ? `Cut the round trips: the most frequent query (${round(worst.callsPerRequest ?? 0, 1)} per request) is ${masked(worst.query)}. ${eagerLoadingShape(masked(worst.query))} Cache what does not change per request.`
        : 'Batch or cache the queries this route runs; load related rows in one query instead of one per row.',
    });
  }
  return drafts;
}

/** perf.slow-query: a query whose mean time exceeds `thresholdMs` (per route when tied to one). */
export function slowQueryDrafts(stats: readonly RouteQueryStat[], thresholdMs = SLOW_QUERY_MS): FindingDraft[] {
  const drafts: FindingDraft[] = [];
  for (const s of stats) {
    if (s.meanMs === null || s.meanMs <= thresholdMs || s.calls === 0) continue;
    const query = masked(s.query);
    const where = s.route ?? 'database';
    drafts.push({
      target: where,
      key: s.fingerprint,
      title: `${s.route ? `${s.route}: ` : ''}a query averages ${round(s.meanMs, 1)} ms`,
      evidence: {
        route: s.route,
        query,
        fingerprint: s.fingerprint,
        meanMs: round(s.meanMs, 3),
        calls: s.calls,
        callsPerRequest: s.callsPerRequest === null ? null : round(s.callsPerRequest),
        thresholdMs,
        source: s.source,
      },
      fix: `Run EXPLAIN (ANALYZE, BUFFERS) ${query} with representative parameters; add the index its filter or sort needs (CREATE INDEX CONCURRENTLY ...), select fewer rows or columns, or move the work off the request path.`,
    });
  }
  return drafts;
}

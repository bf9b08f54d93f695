// Rate-limit probe: a bounded burst from one client at one route, stopping at the first 429 (or 503 with Retry-After).
// Sends traffic, so it refuses non-loopback targets unless allowed, checking the resolved address before any request.
import { isIP } from 'node:net';
import type { LimitedResponse, ProbeRouteKind, RateLimitProbeResult } from '../facts/protection.js';
import { isLoopback, NetContext } from '../net/context.js';
import { type HttpResponse, httpRequest, isHttpFailure } from '../net/http.js';

export type { LimitedResponse, ProbeRouteKind, RateLimitProbeResult };

export const PROBE_ROUTE_KINDS: readonly ProbeRouteKind[] = ['login', 'password-reset', 'signup', 'webhook', 'public-api'];

export interface RateLimitProbeRoute {
  url: string;
  method?: string;
  /** Sent as given; values may hold resolved ${VAR} secrets and never appear in the result. */
  headers?: Record<string, string>;
  body?: string;
  kind: ProbeRouteKind;
}

export interface RateLimitProbeOptions {
  /** Requests to send (default 30, never more than PROBE_HARD_CAP). */
  count?: number;
  /** Time the requests are spread over, first to last start (default 10 s, at most PROBE_MAX_WINDOW_MS). */
  windowMs?: number;
  /** Requests in flight at once (default 1, at most PROBE_MAX_CONCURRENCY). */
  concurrency?: number;
  /** Deadline of each request (default: the context's timeout). */
  requestTimeoutMs?: number;
  /** Targets whose resolved addresses are not all loopback need this (the CLI maps --yes). */
  allowNonLoopback?: boolean;
}

const PROBE_DEFAULT_COUNT = 30;
const PROBE_DEFAULT_WINDOW_MS = 10_000;
export const PROBE_HARD_CAP = 200;
const PROBE_MAX_WINDOW_MS = 60_000;
const PROBE_MAX_CONCURRENCY = 4;
/** No request starts later than this after the window's end (timer jitter, slow answers). */
export const PROBE_START_SLACK_MS = 1000;
/** A target that fails this many requests in a row is not probed further. */
const PROBE_MAX_CONSECUTIVE_FAILURES = 5;

const RATE_LIMIT_HEADER = /^(x-)?rate-?limit(-|$)/i;
const MAX_HEADER_VALUE = 200;

function clamp(value: number | undefined, fallback: number, min: number, max: number): number {
  const n = value === undefined || !Number.isFinite(value) ? fallback : Math.floor(value);
  return Math.min(max, Math.max(min, n));
}

/** The URL without query, fragment or credentials. */
function publicUrl(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`;
}

function limitedBy(response: HttpResponse): { retryAfter: string | null; rateLimitHeaders: Record<string, string> } | null {
  const retryAfter = response.headers['retry-after']?.[0]?.slice(0, MAX_HEADER_VALUE) ?? null;
  if (response.status !== 429 && !(response.status === 503 && retryAfter !== null)) return null;
  const rateLimitHeaders: Record<string, string> = {};
  for (const [name, values] of Object.entries(response.headers)) if (RATE_LIMIT_HEADER.test(name)) rateLimitHeaders[name] = (values[0] ?? '').slice(0, MAX_HEADER_VALUE);
  return { retryAfter, rateLimitHeaders };
}

/** Send the burst. Never throws: refusals and failures come back as data. */
export async function probeRateLimit(ctx: NetContext, route: RateLimitProbeRoute, options: RateLimitProbeOptions = {}): Promise<RateLimitProbeResult> {
  const requestedCount = options.count ?? PROBE_DEFAULT_COUNT;
  const count = clamp(requestedCount, PROBE_DEFAULT_COUNT, 1, PROBE_HARD_CAP);
  const windowMs = clamp(options.windowMs, PROBE_DEFAULT_WINDOW_MS, 0, PROBE_MAX_WINDOW_MS);
  const concurrency = clamp(options.concurrency, 1, 1, PROBE_MAX_CONCURRENCY);
  const method = (route.method ?? 'GET').toUpperCase();
  const result: RateLimitProbeResult = {
    url: route.url,
    method,
    kind: route.kind,
    requestHeaderNames: Object.keys(route.headers ?? {}),
    plan: { count, windowMs, concurrency, requestedCount, capped: requestedCount > PROBE_HARD_CAP },
    refused: null,
    addresses: [],
    sent: 0,
    answered: 0,
    statuses: {},
    errors: {},
    durationMs: 0,
    limited: null,
    stoppedBy: 'refused',
  };

  let url: URL;
  try {
    url = new URL(route.url);
  } catch {
    result.url = '(not a URL)';
    result.refused = { code: 'BAD_URL', message: 'the route URL does not parse' };
    return result;
  }
  result.url = publicUrl(url);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    result.refused = { code: 'BAD_URL', message: `unsupported scheme ${url.protocol}` };
    return result;
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  const found = await ctx.lookup(host, port);
  if (found.error) {
    result.refused = { code: 'DNS', message: found.error.message };
    return result;
  }
  result.addresses = found.addresses;
  if (!options.allowNonLoopback && !found.addresses.every(isLoopback)) {
    result.refused = {
      code: 'NON_LOOPBACK',
      message: `${host} resolves to ${found.addresses.join(', ')}, not loopback: a rate-limit probe sends ${count} requests there only when confirmed (--yes)`,
    };
    return result;
  }
  const address = found.addresses[0] as string;
  // every request connects to the address checked above: a second lookup could answer differently (DNS rebinding)
  const pinned = isIP(host)
    ? ctx
    : new NetContext({
        timeoutMs: ctx.timeoutMs,
        concurrency,
        resolve: [`${host}:${port}:${isIP(address) === 6 ? `[${address}]` : address}`],
        dnsServers: ctx.dnsServers,
        extraCaPem: ctx.extraCaPem,
        allowNonLoopbackTraffic: ctx.allowNonLoopbackTraffic,
      });

  const intervalMs = count > 1 ? windowMs / (count - 1) : 0;
  const startDeadlineMs = windowMs + PROBE_START_SLACK_MS;
  const started = performance.now();
  const elapsed = () => performance.now() - started;
  let next = 0;
  let stopped: RateLimitProbeResult['stoppedBy'] | null = null;
  let consecutiveFailures = 0;
  const sleepers = new Set<() => void>();
  const stop = (why: RateLimitProbeResult['stoppedBy']) => {
    stopped ??= why;
    for (const wake of sleepers) wake();
  };
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      sleepers.add(wake);
    });

  const worker = async () => {
    while (stopped === null) {
      const index = next++;
      if (index >= count) return;
      const wait = index * intervalMs - elapsed();
      if (wait > 0) await sleep(wait);
      if (stopped !== null) return;
      if (elapsed() > startDeadlineMs) return stop('time');
      result.sent++;
      const response = await ctx.limit(() =>
        httpRequest(pinned, { url: route.url, method, headers: route.headers, body: route.body, timeoutMs: options.requestTimeoutMs, maxBodyBytes: 16 * 1024, decode: false }),
      );
      result.durationMs = Math.max(result.durationMs, elapsed());
      if (isHttpFailure(response)) {
        result.errors[response.error.code] = (result.errors[response.error.code] ?? 0) + 1;
        if (++consecutiveFailures >= PROBE_MAX_CONSECUTIVE_FAILURES) stop('failures');
        continue;
      }
      consecutiveFailures = 0;
      result.answered++;
      result.statuses[String(response.status)] = (result.statuses[String(response.status)] ?? 0) + 1;
      const limit = limitedBy(response);
      if (limit && (result.limited === null || index + 1 < result.limited.requestNumber)) {
        result.limited = { requestNumber: index + 1, atMs: Math.round(elapsed()), status: response.status, ...limit };
        stop('limited');
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  result.durationMs = Math.round(result.durationMs);
  result.stoppedBy = stopped ?? 'count';
  return result;
}

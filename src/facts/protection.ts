// Facts of the `protection` source: rate-limit probe results per configured route, and what was looked at to tell
// whether an edge network fronts the canonical host. Header values of requests never appear here (they may be secrets).
import type { FactTable } from './evidence.js';

export type ProbeRouteKind = 'login' | 'password-reset' | 'signup' | 'webhook' | 'public-api';

export interface LimitedResponse {
  /** 1 for the first request sent. */
  requestNumber: number;
  /** Milliseconds from the first request's start to this response. */
  atMs: number;
  status: number;
  retryAfter: string | null;
  /** RateLimit-* / X-RateLimit-* / X-Rate-Limit-* headers of that response, lower-case names. */
  rateLimitHeaders: Record<string, string>;
}

export interface RateLimitProbeResult {
  /** scheme://host:port/path: no query string and no credentials, which may hold secrets. */
  url: string;
  method: string;
  kind: ProbeRouteKind;
  /** Names only: header values may be secrets. */
  requestHeaderNames: string[];
  plan: { count: number; windowMs: number; concurrency: number; requestedCount: number; capped: boolean };
  /** Set when nothing was sent: a non-loopback target without allowNonLoopback, a name that does not resolve, a bad URL. */
  refused: { code: 'NON_LOOPBACK' | 'DNS' | 'BAD_URL'; message: string } | null;
  /** The resolved addresses, checked before sending; every request connected to the first. */
  addresses: string[];
  sent: number;
  answered: number;
  /** Status code → responses. */
  statuses: Record<string, number>;
  /** Error class (TIMEOUT, ECONNREFUSED, ECONNRESET, TLS_FAILURE, BAD_HTTP...) → failed requests. */
  errors: Record<string, number>;
  /** First request's start to the last answer or failure. */
  durationMs: number;
  limited: LimitedResponse | null;
  stoppedBy: 'limited' | 'count' | 'time' | 'failures' | 'refused';
}

export interface RouteProbe {
  /** The configured route: "POST /api/login". */
  route: string;
  kind: ProbeRouteKind;
  auth: 'public' | 'private';
  result: RateLimitProbeResult;
}

export interface EdgeEvidence {
  source: 'cname' | 'address' | 'header';
  provider: string;
  absorbsFloods: boolean;
  /** e.g. "CNAME x.cdn.cloudflare.net (*.cdn.cloudflare.net)". */
  detail: string;
}

export interface EdgeClassification {
  /** The flood-absorbing edge in front of the host, or null. */
  edge: string | null;
  evidence: EdgeEvidence[];
  /** How much there was to look at: without any, "no edge" means "not known". */
  seen: { cnames: number; addresses: number; headers: number };
}

export interface EdgeFacts {
  host: string;
  /** CNAME chain of the host, first target first. */
  cnameChain: string[];
  /** A and AAAA answers. */
  addresses: string[];
  /** Where the DNS answers came from: the dns stage's facts, or a lookup made by this collector. */
  dnsFrom: 'dns-facts' | 'lookup' | 'literal' | 'none';
  /** The URL whose response headers were read, and where they came from. */
  headersUrl: string | null;
  headersFrom: 'web-facts' | 'request' | 'none';
  /** Response headers (lower-case names; Set-Cookie left out), bounded. */
  responseHeaders: Record<string, string[]>;
  /** One line when the host could not be looked up or fetched. */
  error: string | null;
  classification: EdgeClassification;
}

export interface ProtectionFacts {
  /** The burst asked for (config protection.requests / protection.window), before the 200-request cap. */
  settings: { count: number; windowMs: number; allowNonLoopback: boolean };
  /** Configured routes of the probed kinds, one probe each (bounded). */
  probes: RouteProbe[];
  /** Probe kinds configured but no URL to send to (no canonical URL): why nothing was probed. */
  unprobed: { route: string; reason: string }[];
  /** Null when there is no canonical host. */
  edge: EdgeFacts | null;
  /** Routes as configured (auth decides the severity of protection.no-edge). */
  routes: { route: string; auth: 'public' | 'private' }[];
  inventories: FactTable[];
}

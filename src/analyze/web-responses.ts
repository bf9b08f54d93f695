// Views over web facts the checks share: header lookup, HTML pages, every response with headers.
import type { WebError, WebFacts, WebPage, WebResponse, WebVariant } from '../facts/web.js';

export function headerOf(response: Pick<WebResponse, 'headers'>, name: string): string | null {
  return response.headers[name.toLowerCase()]?.[0] ?? null;
}

export function headerValues(response: Pick<WebResponse, 'headers'>, name: string): string[] {
  return response.headers[name.toLowerCase()] ?? [];
}

export function hostOf(url: string): string {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return url;
  }
}

export type PageWithResponse = WebPage & { response: WebResponse };

/** Pages that answered (any status), with their final response. */
export function answeredPages(web: WebFacts): PageWithResponse[] {
  return web.pages.filter((p): p is PageWithResponse => p.response !== null);
}

/** Pages whose response is HTML. */
export function htmlPages(web: WebFacts): PageWithResponse[] {
  return answeredPages(web).filter((p) => p.html !== null);
}

export interface AnyResponse {
  source: 'page' | 'asset' | 'route';
  url: string;
  response: WebResponse;
  /** Route configured as authenticated. */
  private: boolean;
}

/** Every response the collector kept headers for: pages, assets and routes. */
export function allResponses(web: WebFacts): AnyResponse[] {
  const out: AnyResponse[] = [];
  for (const p of web.pages) if (p.response) out.push({ source: 'page', url: p.response.url, response: p.response, private: false });
  for (const a of web.assets) if (a.response) out.push({ source: 'asset', url: a.url, response: a.response, private: false });
  for (const r of web.routes) if (r.response) out.push({ source: 'route', url: r.url, response: r.response, private: r.auth === 'private' });
  return out;
}

/** Redirect hop list as shown in evidence: "301 http://a/ → https://a/". */
export function hopSummary(hops: { url: string; status: number | null; error?: { code: string } | null }[]): string[] {
  return hops.map((h) => `${h.status ?? h.error?.code ?? 'no answer'} ${h.url}`);
}

const PLAIN_FAILURE: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  TIMEOUT: 'timed out',
  TLS_FAILURE: 'TLS handshake failed',
  DNS: 'the name does not resolve',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  EADDRNOTAVAIL: 'address not available',
};

/** A request failure in plain words: "connection refused", "timed out", else the collector's message. */
export function failureInWords(error: Pick<WebError, 'code' | 'message'> | null | undefined): string {
  if (!error) return 'no answer';
  return PLAIN_FAILURE[error.code] ?? (error.message || error.code);
}

/** A variant whose request failed before any answer (refused, timeout, TLS, DNS): its target was not reached. */
export function variantUnreached(v: WebVariant): boolean {
  return v.outcome === 'error' && v.hops.every((h) => h.status === null);
}

/** Failures of the connection itself; a malformed answer (BAD_HTTP, HEADER_OVERFLOW) came from a server that is there. */
const CONNECTION_FAILURES = new Set(['ECONNREFUSED', 'ECONNRESET', 'TIMEOUT', 'ETIMEDOUT', 'TLS_FAILURE', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL']);

/**
 * The canonical host's variants when every one of them failed to connect (refused, timeout, TLS failure) and none
 * failed on DNS (dns.unresolvable-host covers that): the site cannot be reached at all. Null otherwise.
 */
export function canonicalUnreachable(web: WebFacts, canonicalHost: string | null): WebVariant[] | null {
  if (!canonicalHost) return null;
  const own = web.variants.filter((v) => v.host === canonicalHost);
  if (own.length === 0 || own.some((v) => v.dnsFailure || !variantUnreached(v) || !CONNECTION_FAILURES.has(v.error?.code ?? ''))) return null;
  return own;
}

/** Why no variant can be judged (every one failed before answering), or null when at least one answered. */
export function variantsUnreached(web: WebFacts, scheme?: 'http' | 'https'): string | null {
  const probed = web.variants.filter((v) => !scheme || v.scheme === scheme);
  if (probed.length === 0 || probed.some((v) => !variantUnreached(v))) return null;
  return `no ${scheme ? `${scheme}:// ` : ''}URL variant could be reached (${probed
    .slice(0, 4)
    .map((v) => `${v.url}: ${failureInWords(v.error)}`)
    .join('; ')})`;
}

/** Why the canonical pages cannot be judged (every page request failed), or null when one answered or none was made. */
export function pagesUnreached(web: WebFacts): string | null {
  if (web.pages.length === 0 || web.pages.some((p) => p.response !== null)) return null;
  const failed = web.pages.find((p) => p.error) ?? web.pages[0];
  return `no page of ${web.canonical ?? 'the canonical URL'} could be fetched (${failed?.url}: ${failureInWords(failed?.error)})`;
}

/** Why the https pages of the canonical host cannot be judged: its https variant failed, or no page answered. */
export function httpsPagesUnreached(web: WebFacts, canonicalHost: string | null): string | null {
  const pages = pagesUnreached(web);
  if (pages) return pages;
  const https = web.variants.find((v) => v.host === canonicalHost && v.scheme === 'https');
  if (https && variantUnreached(https)) return `${https.url} could not be reached: ${failureInWords(https.error)}`;
  return null;
}

/** Why the configured routes cannot be judged for CORS: every probe of every route failed. */
export function corsUnreached(web: WebFacts): string | null {
  const probes = web.cors.flatMap((r) => r.probes);
  if (probes.length === 0 || probes.some((p) => p.error === null)) return null;
  const first = web.cors[0];
  return `no CORS probe got an answer (${first?.method} ${first?.url}: ${failureInWords(probes[0]?.error)})`;
}

/** Why no response at all could be judged: pages, assets and routes all failed. */
export function responsesUnreached(web: WebFacts): string | null {
  if (allResponses(web).length > 0) return null;
  const pages = pagesUnreached(web);
  if (pages) return pages;
  const route = web.routes.find((r) => r.error);
  return route ? `no route answered (${route.method} ${route.url}: ${failureInWords(route.error)})` : null;
}

/** Why no static asset can be judged: assets were found on the pages but every request for one failed. */
export function assetsUnreached(web: WebFacts): string | null {
  if (web.assets.length === 0 || web.assets.some((a) => a.response !== null)) return null;
  const first = web.assets[0];
  return `no static asset could be fetched (${first?.url}: ${failureInWords(first?.error)})`;
}

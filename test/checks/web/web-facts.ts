// Fixture builders for web check tests: small WebFacts with only what a case needs.

import type { Facts } from '../../../src/facts/index.ts';
import type { CorsProbe, CorsRoute, HtmlSummary, WebAsset, WebFacts, WebHop, WebPage, WebResponse, WebRouteResponse, WebVariant } from '../../../src/facts/web.ts';
import type { AuditPlan } from '../../../src/plan.ts';
import { factsWith } from '../../support/facts.ts';

export const CANONICAL = 'https://app.acme.test/';

export function web(parts: Partial<WebFacts> = {}): WebFacts {
  return { canonical: CANONICAL, canonicalHost: 'app.acme.test', variants: [], pages: [], assets: [], routes: [], cors: [], securityTxt: null, healthProbes: [], ...parts };
}

export function webFactsWith(parts: Partial<WebFacts>, plan: Partial<AuditPlan> = {}): Facts {
  return factsWith({ web: web(parts) }, plan);
}

/** A hop list from [url, status, location?] triples; a string status is an error code. */
export function hops(...list: [string, number | string, string?][]): WebHop[] {
  return list.map(([url, status, location]) => ({
    url,
    status: typeof status === 'number' ? status : null,
    location: location ?? null,
    error: typeof status === 'string' ? { code: status, message: status } : null,
    remoteAddress: '127.0.0.1',
    tls: url.startsWith('https:') && typeof status === 'number' ? { authorized: true, authorizationError: null, protocol: 'TLSv1.3', cipher: 'TLS_AES_256_GCM_SHA384' } : null,
  }));
}

/** A variant whose chain follows the given hops; redirects are inferred from the locations. */
export function variant(url: string, hopList: WebHop[], extra: Partial<WebVariant> = {}): WebVariant {
  const u = new URL(url);
  const last = hopList[hopList.length - 1];
  const failed = last?.error ?? null;
  return {
    start: url,
    hops: hopList,
    outcome: failed ? 'error' : 'final',
    finalUrl: failed ? null : (last?.url ?? null),
    finalStatus: failed ? null : (last?.status ?? null),
    error: failed,
    dnsFailure: failed?.code === 'DNS',
    host: u.hostname,
    scheme: u.protocol === 'http:' ? 'http' : 'https',
    url,
    pathProbe: null,
    ...extra,
  };
}

export function response(url: string, headers: Record<string, string | string[]> = {}, extra: Partial<WebResponse> = {}): WebResponse {
  const h: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(headers)) h[k.toLowerCase()] = Array.isArray(v) ? v : [v];
  return {
    url,
    status: 200,
    headers: h,
    setCookieCount: h['set-cookie']?.length ?? 0,
    contentType: h['content-type']?.[0] ?? null,
    contentEncoding: h['content-encoding']?.[0] ?? null,
    bodyBytes: 500,
    declaredLength: null,
    bodyTruncated: false,
    acceptEncoding: 'gzip, br',
    ...extra,
  };
}

export function html(parts: Partial<HtmlSummary> = {}): HtmlSummary {
  return { metaCsp: [], metaReferrer: null, subresources: [], assets: [], truncated: false, ...parts };
}

/** An HTML page at url with these headers (content-type text/html added). */
export function page(url: string, headers: Record<string, string | string[]> = {}, htmlParts: Partial<HtmlSummary> | null = {}, extra: Partial<WebResponse> = {}): WebPage {
  const isHtml = htmlParts !== null;
  return {
    path: new URL(url).pathname,
    url,
    redirects: [],
    response: response(url, { ...(isHtml ? { 'content-type': 'text/html; charset=utf-8' } : {}), ...headers }, extra),
    html: htmlParts === null ? null : html(htmlParts),
    error: null,
  };
}

export function asset(url: string, headers: Record<string, string | string[]> = {}, fingerprinted = false, extra: Partial<WebResponse> = {}): WebAsset {
  return { url, kind: url.endsWith('.css') ? 'style' : 'script', fingerprinted, response: response(url, headers, extra), error: null };
}

export function route(path: string, headers: Record<string, string | string[]> = {}, extra: Partial<WebRouteResponse> = {}): WebRouteResponse {
  const url = new URL(path, CANONICAL).href;
  return { method: 'GET', path, kind: 'read', auth: 'public', url, response: response(url, headers), error: null, ...extra };
}

export function probe(type: CorsProbe['type'], origin: string, allowOrigin: string | null, allowCredentials: string | null = null): CorsProbe {
  const originKind = origin === 'null' ? 'null' : origin === 'https://evil.example' ? 'foreign' : 'frontend';
  return { type, origin, originKind, status: 200, allowOrigin, allowCredentials, allowMethods: null, allowHeaders: null, vary: null, error: null };
}

export function corsRoute(path: string, probes: CorsProbe[], extra: Partial<CorsRoute> = {}): CorsRoute {
  return { method: 'GET', path, kind: 'read', auth: 'public', url: new URL(path, CANONICAL).href, probes, ...extra };
}

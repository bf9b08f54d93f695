// The web collector: every http/https variant's redirect chain, the pages, their assets, routes, CORS probes,
// security.txt and health probes. Bounded everywhere: hops, bytes, header entries, asset and route counts.
import { assetKindOf, isFingerprinted, summariseHtml } from '../../analyze/html-resources.js';
import type {
  CorsProbe,
  CorsRoute,
  HealthProbe,
  RedirectChain,
  SecurityTxt,
  WebAsset,
  WebError,
  WebFacts,
  WebHop,
  WebPage,
  WebResponse,
  WebRouteResponse,
  WebVariant,
} from '../../facts/web.js';
import { WEB_PROBE_DEFAULTS } from '../../facts/web.js';
import { maskSecret } from '../../mask.js';
import type { NetContext } from '../../net/context.js';
import { type HttpRequest, type HttpResponse, type HttpResult, header, httpRequest, isHttpFailure } from '../../net/http.js';
import { type AuditPlan, type AuditSecrets, type PlannedRoute, routeKey } from '../../plan.js';
import { defineCollector } from '../collector.js';

const { maxRedirects: MAX_REDIRECTS, foreignOrigin: FOREIGN_ORIGIN, pathProbe: PATH_PROBE } = WEB_PROBE_DEFAULTS;
const CHAIN_DEADLINE_FACTOR = 3;
const MAX_PAGE_REDIRECTS = 5;
const MAX_ASSETS = 30;
const MAX_ROUTES = 20;
const MAX_PAGES = 20;
const MAX_HEADER_VALUES = 50;
const MAX_HEADER_NAMES = 100;
const MAX_HEADER_VALUE_CHARS = 4096;
const HOP_BODY_BYTES = 64 * 1024;
const PAGE_BODY_BYTES = 2 * 1024 * 1024;
const ASSET_BODY_BYTES = 256 * 1024;
const ACCEPT_ENCODING = 'gzip, br, zstd';
/** Accepted when the body must be read (Node decodes gzip/br but not zstd). */
const PAGE_ACCEPT_ENCODING = 'gzip, br';
const HEALTH_PATHS = ['/health', '/healthz', '/api/health', '/status', '/up'];
const API_KINDS = new Set(['read', 'report', 'public-api', 'webhook']);

/** httpRequest, with a request Node refuses to build (bad header characters in config) as data too. */
async function request(net: NetContext, options: HttpRequest): Promise<HttpResult> {
  try {
    return await httpRequest(net, options);
  } catch (error) {
    return { url: options.url, error: { code: 'BAD_REQUEST', message: String((error as Error)?.message ?? error).split('\n')[0] ?? 'request not sent' } };
  }
}

/** http://host or https://host with the port only when it is not the scheme's default. */
function variantUrl(scheme: 'http' | 'https', host: string, port: number): string {
  const isDefault = (scheme === 'http' && port === 80) || (scheme === 'https' && port === 443);
  const h = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return `${scheme}://${h}${isDefault ? '' : `:${port}`}/`;
}

function maskCookie(line: string): string {
  const semi = line.indexOf(';');
  const pair = semi === -1 ? line : line.slice(0, semi);
  const eq = pair.indexOf('=');
  const value = eq === -1 ? '' : pair.slice(eq + 1).trim();
  if (!value) return line;
  return `${pair.slice(0, eq)}=${maskSecret(value)}${semi === -1 ? '' : line.slice(semi)}`;
}

/** Bounded copy of a response's headers with cookie values masked: facts never hold a session token. */
function toWebResponse(r: HttpResponse, acceptEncoding: string | null): WebResponse {
  const headers: Record<string, string[]> = {};
  for (const [name, values] of Object.entries(r.headers).slice(0, MAX_HEADER_NAMES)) {
    headers[name] = values.slice(0, MAX_HEADER_VALUES).map((v) => {
      const bounded = v.length > MAX_HEADER_VALUE_CHARS ? `${v.slice(0, MAX_HEADER_VALUE_CHARS)}…` : v;
      return name === 'set-cookie' ? maskCookie(bounded) : bounded;
    });
  }
  const length = header(r, 'content-length');
  return {
    url: r.url,
    status: r.status,
    headers,
    setCookieCount: r.headers['set-cookie']?.length ?? 0,
    contentType: header(r, 'content-type') ?? null,
    contentEncoding: header(r, 'content-encoding')?.trim().toLowerCase() ?? null,
    bodyBytes: r.bodyBytes,
    declaredLength: length && /^\d+$/.test(length.trim()) ? Number(length) : null,
    bodyTruncated: r.bodyTruncated,
    acceptEncoding,
  };
}

interface FollowOptions {
  maxRedirects: number;
  headers?: Record<string, string>;
  maxBodyBytes: number;
}

interface FollowResult {
  chain: RedirectChain;
  /** The last response (final or the one that ended the chain), for header checks. Not saved as-is. */
  last: HttpResponse | null;
}

function isRedirect(status: number): boolean {
  return status >= 300 && status < 400 && status !== 304;
}

/** Follow redirects hop by hop: a revisited URL is a loop, more than maxRedirects is too many. */
async function followRedirects(net: NetContext, start: string, options: FollowOptions): Promise<FollowResult> {
  const hops: WebHop[] = [];
  const visited = new Set<string>();
  let url = start;
  const chain = (outcome: RedirectChain['outcome'], extra: Partial<RedirectChain> = {}): RedirectChain => ({
    start,
    hops,
    outcome,
    finalUrl: null,
    finalStatus: null,
    error: null,
    dnsFailure: false,
    ...extra,
  });
  // A chain of slow hops must not multiply the per-request deadline by the hop count.
  const deadline = performance.now() + net.timeoutMs * CHAIN_DEADLINE_FACTOR;
  for (;;) {
    if (performance.now() > deadline) {
      return { chain: chain('error', { error: { code: 'TIMEOUT', message: `redirect chain not finished after ${net.timeoutMs * CHAIN_DEADLINE_FACTOR} ms` } }), last: null };
    }
    visited.add(url);
    let r = await request(net, { url, method: 'GET', headers: options.headers, maxBodyBytes: options.maxBodyBytes });
    // One retry confirms a timeout before a variant is called broken (a busy server or host is not a dead one).
    if (isHttpFailure(r) && r.error.code === 'TIMEOUT' && performance.now() + net.timeoutMs < deadline) {
      r = await request(net, { url, method: 'GET', headers: options.headers, maxBodyBytes: options.maxBodyBytes });
    }
    if (isHttpFailure(r)) {
      const error: WebError = { code: r.error.code, message: r.error.message };
      hops.push({ url, status: null, location: null, error, remoteAddress: r.remoteAddress ?? null, tls: null });
      return { chain: chain('error', { error, dnsFailure: r.error.code === 'DNS' }), last: null };
    }
    const location = header(r, 'location') ?? null;
    hops.push({ url, status: r.status, location, error: null, remoteAddress: r.remoteAddress, tls: r.tls });
    if (!isRedirect(r.status) || location === null) return { chain: chain('final', { finalUrl: url, finalStatus: r.status }), last: r };
    let next: string;
    try {
      next = new URL(location, url).href;
    } catch {
      const error = { code: 'BAD_LOCATION', message: `unusable Location header: ${location.slice(0, 200)}` };
      return { chain: chain('error', { error }), last: r };
    }
    if (!/^https?:$/.test(new URL(next).protocol)) {
      return { chain: chain('error', { error: { code: 'BAD_LOCATION', message: `redirect to a non-http URL: ${next.slice(0, 200)}` } }), last: r };
    }
    if (visited.has(next)) return { chain: chain('loop', { error: { code: 'LOOP', message: `redirect back to ${next}` } }), last: r };
    if (hops.length > options.maxRedirects) {
      return { chain: chain('too-many-redirects', { error: { code: 'TOO_MANY_REDIRECTS', message: `more than ${options.maxRedirects} redirects` } }), last: r };
    }
    url = next;
  }
}

async function collectVariant(net: NetContext, host: string, scheme: 'http' | 'https', port: number): Promise<WebVariant> {
  const url = variantUrl(scheme, host, port);
  const { chain } = await followRedirects(net, url, { maxRedirects: MAX_REDIRECTS, maxBodyBytes: HOP_BODY_BYTES });
  let pathProbe: RedirectChain | null = null;
  const first = chain.hops[0];
  if (first?.status !== null && first?.status !== undefined && isRedirect(first.status)) {
    pathProbe = (await followRedirects(net, new URL(PATH_PROBE, url).href, { maxRedirects: MAX_REDIRECTS, maxBodyBytes: HOP_BODY_BYTES })).chain;
  }
  return { ...chain, host, scheme, url, pathProbe };
}

async function collectPage(net: NetContext, base: string, path: string): Promise<WebPage> {
  let url: string;
  try {
    url = new URL(path, base).href;
  } catch {
    return { path, url: path, redirects: [], response: null, html: null, error: { code: 'BAD_URL', message: `not a usable path: ${path.slice(0, 200)}` } };
  }
  const { chain, last } = await followRedirects(net, url, {
    maxRedirects: MAX_PAGE_REDIRECTS,
    headers: { 'accept-encoding': PAGE_ACCEPT_ENCODING, accept: 'text/html,application/xhtml+xml,*/*;q=0.8' },
    maxBodyBytes: PAGE_BODY_BYTES,
  });
  const redirects = chain.hops.slice(0, -1).map((h) => h.url);
  // A redirect that never settles is not a page: its headers say nothing about the content users get.
  if (!last || chain.outcome !== 'final') return { path, url, redirects, response: null, html: null, error: chain.error };
  const response = toWebResponse(last, PAGE_ACCEPT_ENCODING);
  const isHtml = /html/i.test(response.contentType ?? '');
  let html: WebPage['html'] = null;
  try {
    html = isHtml ? summariseHtml(last.body, last.url) : null;
  } catch {
    // A page the parser chokes on still has headers worth judging.
    html = null;
  }
  return { path, url: last.url, redirects, response, html, error: null };
}

async function collectAsset(net: NetContext, url: string): Promise<WebAsset> {
  const kind = assetKindOf(url) ?? 'script';
  const r = await request(net, { url, headers: { 'accept-encoding': ACCEPT_ENCODING }, maxBodyBytes: ASSET_BODY_BYTES, decode: false });
  if (isHttpFailure(r)) return { url, kind, fingerprinted: isFingerprinted(url), response: null, error: r.error };
  return { url, kind, fingerprinted: isFingerprinted(url), response: toWebResponse(r, ACCEPT_ENCODING), error: null };
}

function routeUrl(plan: AuditPlan, route: PlannedRoute): string | null {
  if (!plan.canonical) return null;
  const base = new URL(plan.canonical);
  if (route.host) base.hostname = route.host;
  try {
    return new URL(route.path, base.origin).href;
  } catch {
    return null;
  }
}

async function collectRoute(net: NetContext, plan: AuditPlan, secrets: AuditSecrets, route: PlannedRoute): Promise<WebRouteResponse | null> {
  const url = routeUrl(plan, route);
  if (!url) return null;
  const headers = { 'accept-encoding': ACCEPT_ENCODING, ...(secrets.routeHeaders[routeKey(route)] ?? {}) };
  const r = await request(net, { url, method: 'GET', headers, maxBodyBytes: ASSET_BODY_BYTES, decode: false });
  const base = { method: route.method, path: route.path, kind: route.kind, auth: route.auth, url };
  if (isHttpFailure(r)) return { ...base, response: null, error: r.error };
  return { ...base, response: toWebResponse(r, ACCEPT_ENCODING), error: null };
}

function isApiRoute(route: Pick<PlannedRoute, 'kind' | 'path'>): boolean {
  return API_KINDS.has(route.kind) || route.path === '/api' || route.path.startsWith('/api/');
}

async function corsProbe(
  net: NetContext,
  url: string,
  type: CorsProbe['type'],
  origin: string,
  originKind: CorsProbe['originKind'],
  route: PlannedRoute,
  routeHeaders: Record<string, string>,
): Promise<CorsProbe> {
  const headers: Record<string, string> = { origin };
  if (type === 'preflight') {
    headers['access-control-request-method'] = route.method;
    headers['access-control-request-headers'] = 'authorization, content-type';
  } else Object.assign(headers, routeHeaders, { origin });
  const r = await request(net, { url, method: type === 'preflight' ? 'OPTIONS' : route.method, headers, maxBodyBytes: HOP_BODY_BYTES, decode: false });
  const empty = { type, origin, originKind, allowOrigin: null, allowCredentials: null, allowMethods: null, allowHeaders: null, vary: null };
  if (isHttpFailure(r)) return { ...empty, status: null, error: r.error };
  return {
    ...empty,
    status: r.status,
    allowOrigin: header(r, 'access-control-allow-origin')?.trim() ?? null,
    allowCredentials: header(r, 'access-control-allow-credentials')?.trim() ?? null,
    allowMethods: header(r, 'access-control-allow-methods') ?? null,
    allowHeaders: header(r, 'access-control-allow-headers') ?? null,
    vary: r.headers.vary?.join(', ') ?? null,
    error: null,
  };
}

async function collectCors(net: NetContext, plan: AuditPlan, secrets: AuditSecrets, route: PlannedRoute): Promise<CorsRoute | null> {
  const url = routeUrl(plan, route);
  if (!url) return null;
  const origins: [string, CorsProbe['originKind']][] = [
    [FOREIGN_ORIGIN, 'foreign'],
    ['null', 'null'],
    ...plan.frontendOrigins.slice(0, 5).map((o): [string, CorsProbe['originKind']] => [o.replace(/\/$/, ''), 'frontend']),
  ];
  const routeHeaders = secrets.routeHeaders[routeKey(route)] ?? {};
  // Only safe methods get a real request with Origin; for others the preflight alone tells what browsers may do.
  const simple = route.method === 'GET' || route.method === 'HEAD';
  const probes = await Promise.all(
    origins.flatMap(([origin, kind]) => [
      ...(simple ? [corsProbe(net, url, 'simple', origin, kind, route, routeHeaders)] : []),
      corsProbe(net, url, 'preflight', origin, kind, route, routeHeaders),
    ]),
  );
  return { method: route.method, path: route.path, kind: route.kind, auth: route.auth, url, probes };
}

async function collectSecurityTxt(net: NetContext, origin: string): Promise<SecurityTxt> {
  const url = new URL('/.well-known/security.txt', origin).href;
  const { chain, last } = await followRedirects(net, url, { maxRedirects: 3, maxBodyBytes: HOP_BODY_BYTES });
  if (!last) return { url, status: null, found: false, error: chain.error };
  const found = last.status === 200 && !/html/i.test(header(last, 'content-type') ?? '') && /^\s*contact\s*:/im.test(last.body);
  return { url, status: last.status, found, error: null };
}

async function collectHealth(net: NetContext, origin: string): Promise<HealthProbe[]> {
  return Promise.all(
    HEALTH_PATHS.map(async (path) => {
      const r = await request(net, { url: new URL(path, origin).href, maxBodyBytes: HOP_BODY_BYTES });
      return { path, status: isHttpFailure(r) ? null : r.status };
    }),
  );
}

export async function collectWeb(plan: AuditPlan, secrets: AuditSecrets, net: NetContext, progress: (note: string) => void = () => {}): Promise<WebFacts> {
  progress('following redirects of every URL variant');
  const schemes = (['http', 'https'] as const).filter((scheme) => plan.ports[scheme] !== null);
  const variantJobs = plan.hosts.flatMap((host) => schemes.map((scheme) => collectVariant(net, host, scheme, plan.ports[scheme] as number)));
  const canonicalOrigin = plan.canonical ? new URL(plan.canonical).origin : null;
  const pageJobs = canonicalOrigin ? plan.paths.slice(0, MAX_PAGES).map((p) => collectPage(net, canonicalOrigin, p)) : [];
  const getRoutes = plan.routes.filter((r) => r.method === 'GET' && ['read', 'report', 'public-api', 'page', 'health'].includes(r.kind)).slice(0, MAX_ROUTES);
  const apiRoutes = plan.routes.filter(isApiRoute).slice(0, MAX_ROUTES);
  // the pages' assets as soon as the pages are in, alongside the slower routes
  const pagesAndAssets = Promise.all(pageJobs).then(async (pages) => {
    progress('fetching static assets');
    const assetUrls = [...new Set(pages.flatMap((p) => p.html?.assets ?? []))].slice(0, MAX_ASSETS);
    return { pages, assets: await Promise.all(assetUrls.map((u) => collectAsset(net, u))) };
  });
  const [variants, { pages, assets }, routes, cors, securityTxt, healthProbes] = await Promise.all([
    Promise.all(variantJobs),
    pagesAndAssets,
    Promise.all(getRoutes.map((r) => collectRoute(net, plan, secrets, r))),
    Promise.all(apiRoutes.map((r) => collectCors(net, plan, secrets, r))),
    canonicalOrigin ? collectSecurityTxt(net, canonicalOrigin) : Promise.resolve(null),
    canonicalOrigin ? collectHealth(net, canonicalOrigin) : Promise.resolve([]),
  ]);
  return {
    probe: { ...WEB_PROBE_DEFAULTS },
    canonical: plan.canonical,
    canonicalHost: plan.canonicalHost,
    variants,
    pages,
    assets,
    routes: routes.filter((r): r is WebRouteResponse => r !== null),
    cors: cors.filter((r): r is CorsRoute => r !== null),
    securityTxt,
    healthProbes,
  };
}

export const webCollector = defineCollector({
  source: 'web',
  title: 'Web surface',
  stages: ['web'],
  missingInput: (plan) => (plan.hosts.length === 0 ? 'no URL or hosts to audit: give --url or app.canonical' : null),
  collect: (run) => collectWeb(run.plan, run.secrets, run.net, run.progress),
});

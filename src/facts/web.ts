// Facts produced by the web collector. Plain JSON-serialisable data, bounded; cookie values and route tokens only masked.

export interface WebError {
  code: string;
  message: string;
}

export interface WebTlsState {
  authorized: boolean;
  authorizationError: string | null;
  protocol: string | null;
  cipher: string | null;
}

/** One request of a redirect chain. */
export interface WebHop {
  url: string;
  status: number | null;
  location: string | null;
  error: WebError | null;
  remoteAddress: string | null;
  tls: WebTlsState | null;
}

/** How following a URL's redirects ended. */
export type ChainOutcome = 'final' | 'loop' | 'too-many-redirects' | 'error';

export interface RedirectChain {
  /** The URL the chain started from. */
  start: string;
  hops: WebHop[];
  outcome: ChainOutcome;
  /** The last URL reached with a non-redirect answer (outcome "final"), else null. */
  finalUrl: string | null;
  finalStatus: number | null;
  /** The failure that ended the chain (outcome "error"). */
  error: WebError | null;
  /** The chain failed on a DNS lookup: dns.unresolvable-host covers it. */
  dnsFailure: boolean;
}

/** One http/https URL variant of a configured host. */
export interface WebVariant extends RedirectChain {
  host: string;
  scheme: 'http' | 'https';
  /** Variant URL, default ports omitted. */
  url: string;
  /** Same variant requested with a path and query, when the variant redirects (for redirect.path-dropped). */
  pathProbe: RedirectChain | null;
}

/** A response kept for header checks: all headers (Set-Cookie values masked), bounded. */
export interface WebResponse {
  url: string;
  status: number;
  headers: Record<string, string[]>;
  /** How many Set-Cookie headers were sent (the list in headers is capped). */
  setCookieCount: number;
  contentType: string | null;
  contentEncoding: string | null;
  /** Bytes on the wire (encoded), from the bounded read. */
  bodyBytes: number;
  /** Content-Length the server declared, when it did. */
  declaredLength: number | null;
  bodyTruncated: boolean;
  /** The request sent Accept-Encoding with these codings. */
  acceptEncoding: string | null;
}

export type SubresourceKind = 'script' | 'stylesheet' | 'iframe' | 'img' | 'media' | 'form' | 'object' | 'font' | 'fetch' | 'link';

export interface Subresource {
  kind: SubresourceKind;
  url: string;
  /** Active mixed content (script, iframe, stylesheet, form, fetch) vs passive (img, media). */
  active: boolean;
}

export interface HtmlSummary {
  /** Content of <meta http-equiv="Content-Security-Policy">. */
  metaCsp: string[];
  /** Content of <meta name="referrer">. */
  metaReferrer: string | null;
  /** Subresource URLs as written (absolute http:// ones are what mixed content is about). */
  /** http:// subresources of an https page (mixed content), capped. */
  subresources: Subresource[];
  /** Same-origin static asset URLs (absolute). */
  assets: string[];
  /** More subresources existed than were kept. */
  truncated: boolean;
}

export interface WebPage {
  path: string;
  url: string;
  /** Redirects followed to reach the page (same request, max 5). */
  redirects: string[];
  response: WebResponse | null;
  html: HtmlSummary | null;
  error: WebError | null;
}

export type AssetKind = 'script' | 'style' | 'font' | 'image';

export interface WebAsset {
  url: string;
  kind: AssetKind;
  /** File name carries a content hash (app.3f9a1c2b.js): safe to cache for a year. */
  fingerprinted: boolean;
  response: WebResponse | null;
  error: WebError | null;
}

export interface WebRouteResponse {
  method: string;
  path: string;
  kind: string;
  auth: 'public' | 'private';
  url: string;
  response: WebResponse | null;
  error: WebError | null;
}

export interface CorsProbe {
  /** "simple" GET/route method with Origin, or "preflight" OPTIONS. */
  type: 'simple' | 'preflight';
  origin: string;
  /** foreign (https://evil.example), null, or a configured front-end origin. */
  originKind: 'foreign' | 'null' | 'frontend';
  status: number | null;
  allowOrigin: string | null;
  allowCredentials: string | null;
  allowMethods: string | null;
  allowHeaders: string | null;
  vary: string | null;
  error: WebError | null;
}

export interface CorsRoute {
  method: string;
  path: string;
  kind: string;
  auth: 'public' | 'private';
  url: string;
  probes: CorsProbe[];
}

export interface SecurityTxt {
  url: string;
  status: number | null;
  /** 200 with a text/plain body that has a Contact: field. */
  found: boolean;
  error: WebError | null;
}

export interface HealthProbe {
  path: string;
  status: number | null;
}

/** How the web collector probed: recorded in the facts so replayed facts are judged with the settings they were collected with. */
export interface WebProbeSettings {
  /** Origin sent in the CORS probes (a site the app should never trust). */
  foreignOrigin: string;
  /** Redirects followed per URL variant before the chain counts as a loop. */
  maxRedirects: number;
  /** Path (with a query) requested on redirecting variants to see whether redirects keep it. */
  pathProbe: string;
}

/** The settings of this version of the collector (and of facts files saved before they were recorded). */
export const WEB_PROBE_DEFAULTS: WebProbeSettings = { foreignOrigin: 'https://evil.example', maxRedirects: 10, pathProbe: '/launchready/probe?q=1' };

/** The probe settings a web facts object was collected with, today's defaults for an older facts file. */
export function webProbeSettings(web: Pick<WebFacts, 'probe'>): WebProbeSettings {
  return { ...WEB_PROBE_DEFAULTS, ...(web.probe ?? {}) };
}

export interface WebFacts {
  /** Absent in facts saved before 0.1.0 recorded it: read through webProbeSettings(). */
  probe?: WebProbeSettings;
  canonical: string | null;
  canonicalHost: string | null;
  variants: WebVariant[];
  pages: WebPage[];
  assets: WebAsset[];
  routes: WebRouteResponse[];
  cors: CorsRoute[];
  securityTxt: SecurityTxt | null;
  healthProbes: HealthProbe[];
}

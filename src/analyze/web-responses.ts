// Views over web facts the checks share: header lookup, HTML pages, every response with headers.
import type { WebFacts, WebPage, WebResponse } from '../collect/web/types.js';

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

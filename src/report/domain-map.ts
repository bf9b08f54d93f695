// Builds the report's domainMap from the dns, web and tls facts (each host → addresses/CNAME → variants → TLS).
import type { DnsFacts, HostDns } from '../collect/dns/types.js';
import { tlsSummaryForHost } from '../collect/tls/summary.js';
import type { TlsFacts } from '../collect/tls/types.js';
import type { WebFacts, WebHop, WebVariant } from '../collect/web/types.js';
import { type Facts, isCollectorFailure } from '../facts.js';
import type { DomainMapEntry, DomainMapVariant, RedirectHop, TlsSummary } from '../types.js';

function usable<T>(value: T | { error: unknown } | undefined): T | null {
  return value === undefined || isCollectorFailure(value) ? null : (value as T);
}

function hostOf(url: string | null): string | null {
  if (!url) return null;
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return null;
  }
}

/** Without tls facts, the socket state of the last https hop is the best summary there is. */
function socketSummary(hops: WebHop[]): TlsSummary | null {
  const last = [...hops].reverse().find((h) => h.tls !== null);
  if (!last?.tls) return null;
  return {
    issuer: null,
    validTo: null,
    daysLeft: null,
    protocols: last.tls.protocol ? [last.tls.protocol] : [],
    authorized: last.tls.authorized,
    error: last.tls.authorizationError,
  };
}

function variantEntry(v: WebVariant, tls: TlsFacts | null): DomainMapVariant {
  const hops: RedirectHop[] = v.hops.map((h) => ({ url: h.url, status: h.status, location: h.location, error: h.error?.code ?? null }));
  // The certificate a visitor ends up trusting is the one of the last https host in the chain.
  const lastHttps = [...v.hops].reverse().find((h) => h.url.startsWith('https:'));
  const tlsHost = hostOf(lastHttps?.url ?? null);
  const summary = (tls && tlsHost ? tlsSummaryForHost(tls, tlsHost) : null) ?? socketSummary(v.hops);
  return { url: v.url, hops, final: v.finalUrl, tls: summary, error: v.error ? `${v.error.code}: ${v.error.message}` : null };
}

export function buildDomainMap(facts: Pick<Facts, 'sources'>): DomainMapEntry[] {
  const web = usable<WebFacts>(facts.sources.web);
  const dns = usable<DnsFacts>(facts.sources.dns);
  const tls = usable<TlsFacts>(facts.sources.tls);
  const hosts: string[] = [];
  const add = (h: string) => {
    if (!hosts.includes(h)) hosts.push(h);
  };
  for (const v of web?.variants ?? []) add(v.host);
  for (const h of dns?.hosts ?? []) add(h.host);
  const dnsByHost = new Map<string, HostDns>((dns?.hosts ?? []).map((h) => [h.host, h]));
  return hosts.map((host) => {
    const record = dnsByHost.get(host);
    const variants = (web?.variants ?? []).filter((v) => v.host === host);
    const seen = variants.map((v) => v.hops[0]?.remoteAddress).filter((a): a is string => typeof a === 'string');
    const addresses = record ? [...record.ipv4, ...record.ipv6] : [...new Set(seen)];
    const entry: DomainMapEntry = {
      host,
      addresses,
      cname: record?.cnameChain[0] ?? null,
      variants: variants.map((v) => variantEntry(v, tls)),
    };
    if (record && record.cnameChain.length > 0) entry.cnameChain = record.cnameChain;
    if (record) entry.role = record.role;
    return entry;
  });
}

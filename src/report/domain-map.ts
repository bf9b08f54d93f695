// Builds the report's domainMap from the dns, web and tls facts (each host → addresses/CNAME → variants → TLS).

import { tlsSummaryForHost } from '../analyze/tls-summary.js';
import type { DnsFacts, HostDns } from '../facts/dns.js';
import { type Facts, isCollectorFailure } from '../facts/index.js';
import type { TlsFacts } from '../facts/tls.js';
import type { WebFacts, WebHop, WebVariant } from '../facts/web.js';
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

/** The DNS label of a host row: its role, "canonical", and at the apex the CAA policy (who may issue certificates). */
function dnsRole(record: HostDns, dns: DnsFacts): string {
  const parts: string[] = [record.role === 'extra' ? 'host' : record.role];
  if (record.canonical) parts.push('canonical');
  if (record.role === 'apex' && dns.caa) {
    const issuers = dns.caa.records.map((r) => /^\d+ issue "([^";]*)/.exec(r)?.[1]?.trim()).filter((v): v is string => v !== undefined);
    const policy = issuers.length === 0 ? dns.caa.records.join(', ') : issuers.every((v) => v === '') ? 'no CA may issue' : [...new Set(issuers.filter(Boolean))].join(', ');
    if (dns.caa.foundAt) parts.push(`CAA ${policy}${dns.caa.foundAt !== record.host ? ` (from ${dns.caa.foundAt})` : ''}`);
    else if (dns.caa.outcome.rcode === 'NOERROR' || dns.caa.outcome.rcode === 'NXDOMAIN') parts.push('no CAA');
  }
  return parts.join(' · ');
}

/** NS and MX rows: the servers the domain's DNS and mail depend on, with their addresses. */
function dnsServerRows(dns: DnsFacts): DomainMapEntry[] {
  const rows: DomainMapEntry[] = [];
  for (const ns of dns.nameservers?.servers ?? []) rows.push({ host: ns.name, addresses: [...ns.ipv4, ...ns.ipv6], cname: null, role: 'NS', variants: [] });
  for (const mx of dns.mx?.exchanges ?? [])
    rows.push({ host: mx.exchange || '.', addresses: [...(mx.ipv4 ?? []), ...(mx.ipv6 ?? [])], cname: null, role: `MX ${mx.preference}`, variants: [] });
  return rows;
}

/** scheme://host/path without the port: test stacks serve the canonical URL on other ports. */
function comparable(url: string): string | null {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.hostname.toLowerCase()}${u.pathname}`;
  } catch {
    return null;
  }
}

/** The canonical rule in plain words, from what the variants actually did. */
export function canonicalRule(web: WebFacts, apex: string | null): string | null {
  const canonical = web.canonical;
  if (!canonical || web.variants.length === 0) return null;
  const target = comparable(canonical);
  const onCanonical = (v: WebVariant) => v.outcome === 'final' && v.finalUrl !== null && comparable(v.finalUrl) === target;
  const off = web.variants.filter((v) => !onCanonical(v));
  const parts: string[] = [];
  if (off.length === 0) parts.push(`every variant ends on ${canonical}`);
  else {
    const why = (v: WebVariant) =>
      v.outcome === 'final' ? `${v.url} ends on ${v.finalUrl}` : v.outcome === 'error' ? `${v.url} fails (${v.error?.code ?? 'error'})` : `${v.url} hits a redirect ${v.outcome}`;
    parts.push(
      `${web.variants.length - off.length} of ${web.variants.length} variants end on ${canonical}: ${off.slice(0, 3).map(why).join(', ')}${off.length > 3 ? `, and ${off.length - 3} more` : ''}`,
    );
  }
  if (apex && apex !== web.canonicalHost) {
    const codes = [...new Set(web.variants.filter((v) => v.host === apex).map((v) => v.hops[0]?.status ?? 0))].filter((s) => s >= 300 && s < 400);
    if (codes.length > 0) parts.push(`apex redirects with ${codes.join('/')}`);
  }
  return parts.join('; ');
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
  // discovered app/api/mail/www hosts appear only when they exist
  for (const h of dns?.hosts ?? []) if (h.configured || h.ipv4.length + h.ipv6.length > 0 || h.cnameChain.length > 0) add(h.host);
  const dnsByHost = new Map<string, HostDns>((dns?.hosts ?? []).map((h) => [h.host, h]));
  const hostRows = hosts.map((host) => {
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
    if (record && dns) entry.role = dnsRole(record, dns);
    return entry;
  });
  const rule = web ? canonicalRule(web, dns?.apex ?? null) : null;
  const canonicalRow = hostRows.find((e) => e.host === web?.canonicalHost);
  if (rule && canonicalRow) canonicalRow.canonicalRule = rule;
  return dns ? [...hostRows, ...dnsServerRows(dns)] : hostRows;
}

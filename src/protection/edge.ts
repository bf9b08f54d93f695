// Is a host behind an edge network or CDN that absorbs floods? Pure: reads DNS answers and response headers given to it.
import { type CannotRun, cannotRun, type NotApplicable, notApplicable } from '../checks/define.js';
import type { EdgeClassification, EdgeEvidence } from '../facts/protection.js';
import type { FindingDraft } from '../types.js';
import { normalizeAddress } from './cidr.js';
import { EDGE_RANGES, type EdgeRangeList } from './edge-ranges.js';

interface HeaderRule {
  /** Lower-case header name. */
  name: string;
  /** Matches one of its values; any value when absent. */
  value?: RegExp;
  /** Another header that must be present too. */
  with?: string;
}

interface EdgeProvider {
  name: string;
  /** False for hosting routers that pass every request to the app (Heroku): recognised, but not an edge. */
  absorbsFloods: boolean;
  /** CNAME targets ending in one of these (label boundary) belong to the provider. */
  cnameSuffixes: readonly string[];
  ranges?: EdgeRangeList;
  headers: readonly HeaderRule[];
  /** Why a non-edge provider does not count, for the evidence. */
  note?: string;
}

export const EDGE_PROVIDERS: readonly EdgeProvider[] = [
  {
    name: 'Cloudflare',
    absorbsFloods: true,
    cnameSuffixes: ['cdn.cloudflare.net', 'pages.dev', 'workers.dev'],
    ranges: EDGE_RANGES.Cloudflare,
    headers: [{ name: 'cf-ray' }, { name: 'server', value: /^cloudflare$/i }],
  },
  {
    name: 'Amazon CloudFront',
    absorbsFloods: true,
    cnameSuffixes: ['cloudfront.net'],
    ranges: EDGE_RANGES['Amazon CloudFront'],
    headers: [{ name: 'x-amz-cf-id' }, { name: 'x-amz-cf-pop' }, { name: 'via', value: /\bcloudfront\b/i }, { name: 'x-cache', value: /\bfrom cloudfront\b/i }],
  },
  {
    name: 'Fastly',
    absorbsFloods: true,
    cnameSuffixes: ['fastly.net', 'fastlylb.net'],
    ranges: EDGE_RANGES.Fastly,
    // x-served-by alone is also sent by other caches; Fastly's names a cache node and comes with x-cache
    headers: [{ name: 'x-served-by', value: /\bcache-[a-z0-9-]+/i, with: 'x-cache' }, { name: 'x-fastly-request-id' }, { name: 'fastly-debug-digest' }],
  },
  {
    name: 'Akamai',
    absorbsFloods: true,
    cnameSuffixes: ['akamaiedge.net', 'edgekey.net', 'edgesuite.net', 'akamai.net', 'akamaized.net', 'akamaihd.net'],
    headers: [
      { name: 'server', value: /^(AkamaiGHost|AkamaiNetStorage)$/i },
      { name: 'akamai-grn' },
      { name: 'x-akamai-request-id' },
      { name: 'x-akamai-transformed' },
      { name: 'akamai-cache-status' },
      { name: 'x-akamai-staging' },
    ],
  },
  {
    name: 'Azure Front Door',
    absorbsFloods: true,
    cnameSuffixes: ['azurefd.net', 'azureedge.net'],
    headers: [{ name: 'x-azure-ref' }],
  },
  {
    name: 'Google Cloud CDN / load balancer',
    absorbsFloods: true,
    cnameSuffixes: [],
    // the Google front end adds it; Cloud CDN and Cloud Armor sit on that layer, on addresses of the customer's own load balancer
    headers: [{ name: 'via', value: /\b1\.1 google\b/i }],
  },
  {
    name: 'Vercel',
    absorbsFloods: true,
    cnameSuffixes: ['vercel-dns.com', 'vercel-dns-0.com', 'vercel.app'],
    ranges: EDGE_RANGES.Vercel,
    headers: [{ name: 'x-vercel-id' }, { name: 'server', value: /^Vercel$/i }],
  },
  {
    name: 'Netlify',
    absorbsFloods: true,
    cnameSuffixes: ['netlify.app', 'netlify.com', 'netlifyglobalcdn.com'],
    headers: [{ name: 'x-nf-request-id' }, { name: 'server', value: /^Netlify$/i }],
  },
  {
    name: 'Fly.io',
    absorbsFloods: true,
    cnameSuffixes: ['fly.dev'],
    headers: [{ name: 'fly-request-id' }, { name: 'server', value: /^Fly\//i }],
  },
  {
    name: 'Render',
    absorbsFloods: true,
    cnameSuffixes: ['onrender.com'],
    headers: [{ name: 'rndr-id' }, { name: 'x-render-origin-server' }],
  },
  {
    name: 'Heroku',
    absorbsFloods: false,
    cnameSuffixes: ['herokudns.com', 'herokuapp.com', 'herokussl.com'],
    headers: [{ name: 'via', value: /\bvegur\b|\bheroku-router\b/i }],
    note: 'the Heroku router forwards every request to the app dynos: no cache, WAF or per-client limits in front of them',
  },
];

export type { EdgeClassification, EdgeEvidence };

export interface EdgeInput {
  /** Names followed through CNAMEs, first target first (DnsAnswer.cnameChain). */
  cnameChain?: readonly string[];
  /** A and AAAA answers. */
  addresses?: readonly string[];
  /** Response headers, any case; values as a string or a list (HttpResponse.headers). */
  responseHeaders?: Readonly<Record<string, string | readonly string[] | undefined>>;
}

const MAX_DETAIL = 160;

function clip(text: string): string {
  return text.length > MAX_DETAIL ? `${text.slice(0, MAX_DETAIL)}…` : text;
}

function fqdnBare(name: string): string {
  return name.trim().toLowerCase().replace(/\.$/, '');
}

/** True when name is suffix or a subdomain of it (label boundary: "evilcloudfront.net" is not "cloudfront.net"). */
export function hasDomainSuffix(name: string, suffix: string): boolean {
  const n = fqdnBare(name);
  const s = fqdnBare(suffix);
  return n === s || n.endsWith(`.${s}`);
}

function headerMap(headers: EdgeInput['responseHeaders']): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined) continue;
    const values = typeof value === 'string' ? [value] : [...value];
    const key = name.toLowerCase();
    map.set(key, [...(map.get(key) ?? []), ...values]);
  }
  return map;
}

function ruleMatch(rule: HeaderRule, headers: Map<string, string[]>): string | null {
  const values = headers.get(rule.name);
  if (!values || values.length === 0) return null;
  if (rule.with && !headers.has(rule.with)) return null;
  const value = rule.value ? values.find((v) => rule.value?.test(v)) : values[0];
  if (value === undefined) return null;
  const also = rule.with ? ` with ${rule.with}: ${headers.get(rule.with)?.[0] ?? ''}` : '';
  return clip(`${rule.name}: ${value}${also}`);
}

/** Which edge (if any) fronts a host, from its CNAME chain, addresses and response headers. */
export function classifyEdge(input: EdgeInput): EdgeClassification {
  const cnames = (input.cnameChain ?? []).map(fqdnBare).filter(Boolean);
  const addresses = (input.addresses ?? []).filter((a) => normalizeAddress(a) !== null);
  const headers = headerMap(input.responseHeaders);
  const evidence: EdgeEvidence[] = [];
  for (const provider of EDGE_PROVIDERS) {
    const add = (source: EdgeEvidence['source'], detail: string) =>
      evidence.push({ source, provider: provider.name, absorbsFloods: provider.absorbsFloods, detail: provider.note ? `${detail}; not an edge: ${provider.note}` : detail });
    for (const name of cnames) {
      const suffix = provider.cnameSuffixes.find((s) => hasDomainSuffix(name, s));
      if (suffix) add('cname', `CNAME ${clip(name)} (*.${suffix})`);
    }
    if (provider.ranges) {
      for (const address of addresses) {
        const cidr = provider.ranges.set.match(address);
        if (cidr) add('address', `address ${address} in ${provider.name} range ${cidr} (published at ${provider.ranges.source.join(', ')}, copy of ${provider.ranges.retrieved})`);
      }
    }
    for (const rule of provider.headers) {
      const matched = ruleMatch(rule, headers);
      if (matched) add('header', `response header ${matched}`);
    }
  }
  // DNS says where clients connect; headers can also come from layers behind it, so DNS wins when both name an edge
  const absorbing = evidence.filter((e) => e.absorbsFloods);
  const edge = (absorbing.find((e) => e.source !== 'header') ?? absorbing[0])?.provider ?? null;
  return { edge, evidence, seen: { cnames: cnames.length, addresses: addresses.length, headers: headers.size } };
}

/** Loopback, private, link-local, CGNAT and ULA addresses: a stack there is not the production edge. */
export function isPrivateAddress(text: string): boolean {
  const normalized = normalizeAddress(text);
  if (!normalized) return false;
  const a = normalized.address;
  if (normalized.family === 'ipv4') return /^(127\.|10\.|192\.168\.|169\.254\.|172\.(1[6-9]|2\d|3[01])\.|100\.(6[4-9]|[7-9]\d|1[01]\d|12[0-7])\.|0\.)/.test(a);
  return a === '::1' || a === '::' || /^f[cd][0-9a-f]{2}:/.test(a) || /^fe[89ab][0-9a-f]:/.test(a);
}

export interface NoEdgeInput {
  /** The canonical host judged. */
  host: string;
  classification: EdgeClassification;
  /** The configured routes; severity drops to info when there is at least one and all are `auth: private`. */
  routes: readonly { auth?: 'public' | 'private' }[];
  /** The addresses the host resolved to, to recognise a local or private stack. */
  addresses?: readonly string[];
}

/** The verdict of protection.no-edge: [] when an edge was recognised, one finding when the origin answers directly. */
export function judgeNoEdge(input: NoEdgeInput): FindingDraft[] | NotApplicable | CannotRun {
  const { host, classification, routes } = input;
  const { seen } = classification;
  if (classification.edge) return [];
  if (seen.cnames + seen.addresses + seen.headers === 0) return cannotRun(`no DNS answer and no response headers for ${host}: cannot tell whether an edge fronts it`);
  const addresses = input.addresses ?? [];
  if (addresses.length > 0 && addresses.every(isPrivateAddress))
    return notApplicable(`${host} resolves to loopback or private addresses only (${addresses.join(', ')}): its production edge cannot be seen from here`);
  const allPrivate = routes.length > 0 && routes.every((r) => r.auth === 'private');
  const recognised = classification.evidence.map((e) => `${e.provider}: ${e.detail}`);
  return [
    {
      target: host,
      severity: allPrivate ? 'info' : 'low',
      title: `${host} answers straight from its origin: no edge network or CDN in front to absorb a flood`,
      evidence: {
        host,
        summary: `no CNAME, address or response header of a known edge (${seen.cnames} CNAME${seen.cnames === 1 ? '' : 's'}, ${seen.addresses} address${seen.addresses === 1 ? '' : 'es'}, ${seen.headers} response header${seen.headers === 1 ? '' : 's'} looked at)`,
        addresses,
        recognised,
        routes: { total: routes.length, private: routes.filter((r) => r.auth === 'private').length },
        ...(allPrivate ? { severityReason: 'every configured route is auth: private' } : {}),
      },
      fix: `Put ${host} behind an edge proxy that absorbs floods (Cloudflare proxied DNS, CloudFront, Fastly, Azure Front Door, Google Cloud CDN with Cloud Armor...), then firewall the origin to accept only the edge's addresses.`,
    },
  ];
}

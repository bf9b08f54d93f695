// The protection collector: a bounded rate-limit burst at each configured login, password-reset, signup, webhook and
// public-api route (through the NetContext: --resolve, --dns-server, --ca-file; non-loopback targets only with --yes),
// and what tells whether an edge network fronts the canonical host: its DNS answers (from the dns stage's facts when
// it ran) and its response headers (from the web stage's facts when it ran). Runs after dns, web and the load test.
import { isIP } from 'node:net';
import type { FactTable } from '../../facts/evidence.js';
import { isCollectorFailure } from '../../facts/index.js';
import type { EdgeFacts, ProbeRouteKind, ProtectionFacts, RouteProbe } from '../../facts/protection.js';
import { httpRequest, isHttpFailure } from '../../net/http.js';
import { type AuditPlan, type PlannedRoute, routeKey } from '../../plan.js';
import { classifyEdge } from '../../protection/edge.js';
import { PROBE_HARD_CAP, PROBE_ROUTE_KINDS, probeRateLimit } from '../../protection/ratelimit-probe.js';
import { probeSummary } from '../../protection/ratelimit-verdict.js';
import { type CollectRun, defineCollector, upToTime } from '../collector.js';

/** Routes probed at most per run (each burst takes the window, 10 s by default, one after the other). */
const MAX_PROBED_ROUTES = 20;
const MAX_HEADERS = 60;
const MAX_HEADER_VALUE = 200;

function isProbeKind(kind: string): kind is ProbeRouteKind {
  return (PROBE_ROUTE_KINDS as readonly string[]).includes(kind);
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

/** The canonical host's DNS answers: the dns stage's when it ran, else a lookup of our own. */
async function edgeDns(run: CollectRun, host: string, port: number): Promise<Pick<EdgeFacts, 'cnameChain' | 'addresses' | 'dnsFrom' | 'error'>> {
  const bare = host.replace(/^\[|\]$/g, '');
  if (isIP(bare) || bare === 'localhost') return { cnameChain: [], addresses: [bare === 'localhost' ? '127.0.0.1' : bare], dnsFrom: 'literal', error: null };
  const dns = run.facts?.dns;
  const known = dns && !isCollectorFailure(dns) ? dns.hosts.find((h) => h.host === bare) : undefined;
  if (known && known.ipv4.length + known.ipv6.length + known.cnameChain.length > 0)
    return { cnameChain: known.cnameChain, addresses: [...known.ipv4, ...known.ipv6], dnsFrom: 'dns-facts', error: null };
  const [a, aaaa] = await Promise.all([run.net.dns.query(bare, 'A'), run.net.dns.query(bare, 'AAAA')]);
  const addresses = [...a.answers, ...aaaa.answers].filter((r) => r.type === 'A' || r.type === 'AAAA').map((r) => r.data);
  if (addresses.length > 0 || a.cnameChain.length > 0) return { cnameChain: a.cnameChain, addresses, dnsFrom: 'lookup', error: null };
  // no public answer: where this run connects (a --resolve pin) still tells a local stack from a public one
  const found = await run.net.lookup(bare, port);
  if (found.addresses.length > 0) return { cnameChain: [], addresses: found.addresses, dnsFrom: 'lookup', error: null };
  return { cnameChain: [], addresses: [], dnsFrom: 'none', error: `${bare}: no DNS answer (${a.rcode} from ${a.server})` };
}

function keptHeaders(headers: Record<string, string[]>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, values] of Object.entries(headers).slice(0, MAX_HEADERS)) {
    if (name === 'set-cookie') continue;
    out[name.toLowerCase()] = values.slice(0, 4).map((v) => v.slice(0, MAX_HEADER_VALUE));
  }
  return out;
}

/** The canonical host's response headers: the web stage's page response when it ran, else one GET of the canonical URL. */
async function edgeHeaders(run: CollectRun, canonical: string): Promise<Pick<EdgeFacts, 'headersUrl' | 'headersFrom' | 'responseHeaders'> & { error: string | null }> {
  const web = run.facts?.web;
  if (web && !isCollectorFailure(web)) {
    const origin = new URL(canonical).origin;
    const page = web.pages.find((p) => p.response && new URL(p.url).origin === origin) ?? web.pages.find((p) => p.response);
    const response = page?.response ?? web.routes.find((r) => r.response)?.response;
    if (response) return { headersUrl: response.url, headersFrom: 'web-facts', responseHeaders: keptHeaders(response.headers), error: null };
  }
  const r = await httpRequest(run.net, { url: canonical, maxBodyBytes: 16 * 1024, decode: false });
  if (isHttpFailure(r)) return { headersUrl: canonical, headersFrom: 'none', responseHeaders: {}, error: `${canonical}: ${r.error.message}` };
  return { headersUrl: canonical, headersFrom: 'request', responseHeaders: keptHeaders(r.headers), error: null };
}

async function collectEdge(run: CollectRun): Promise<EdgeFacts | null> {
  const { plan } = run;
  if (!plan.canonical || !plan.canonicalHost) return null;
  const url = new URL(plan.canonical);
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  const [dns, headers] = await Promise.all([edgeDns(run, plan.canonicalHost, port), edgeHeaders(run, plan.canonical)]);
  const classification = classifyEdge({ cnameChain: dns.cnameChain, addresses: dns.addresses, responseHeaders: headers.responseHeaders });
  const errors = [dns.error, headers.error].filter((e): e is string => e !== null);
  return {
    host: plan.canonicalHost,
    cnameChain: dns.cnameChain,
    addresses: dns.addresses,
    dnsFrom: dns.dnsFrom,
    headersUrl: headers.headersUrl,
    headersFrom: headers.headersFrom,
    responseHeaders: headers.responseHeaders,
    error: errors.length > 0 ? errors.join('; ') : null,
    classification,
  };
}

function tables(probes: RouteProbe[], unprobed: ProtectionFacts['unprobed'], edge: EdgeFacts | null): FactTable[] {
  const out: FactTable[] = [];
  if (probes.length + unprobed.length > 0)
    out.push({
      title: 'Rate-limit probes (one client, bounded burst)',
      columns: ['route', 'kind', 'requests sent', 'first limit', 'result'],
      rows: [
        ...probes.map((p) => [
          p.route,
          p.kind,
          p.result.refused ? '0' : `${p.result.sent} of ${p.result.plan.count} in ${(p.result.plan.windowMs / 1000).toFixed(1)} s`,
          p.result.limited ? `${p.result.limited.status} at request ${p.result.limited.requestNumber}` : '-',
          p.result.refused ? `not sent: ${p.result.refused.message}` : probeSummary(p.result),
        ]),
        ...unprobed.map((u) => [u.route, '-', '0', '-', `not sent: ${u.reason}`]),
      ],
    });
  if (edge)
    out.push({
      title: `Edge in front of ${edge.host}`,
      columns: ['looked at', 'found'],
      rows: [
        ['edge', edge.classification.edge ?? 'none recognised'],
        ['CNAME chain', edge.cnameChain.join(' → ') || '-'],
        ['addresses', edge.addresses.join(', ') || '-'],
        ['response headers', `${Object.keys(edge.responseHeaders).length} from ${edge.headersUrl ?? '-'}`],
        ...edge.classification.evidence.map((e) => [`${e.source} (${e.provider})`, e.detail]),
        ...(edge.error ? [['error', edge.error]] : []),
      ],
    });
  return out;
}

async function collectProtection(run: CollectRun): Promise<ProtectionFacts> {
  const { plan, secrets } = run;
  const settings = { count: plan.protection?.requests ?? 30, windowMs: plan.protection?.windowMs ?? 10_000, allowNonLoopback: plan.yes };
  const candidates = plan.routes.filter((r) => isProbeKind(r.kind));
  const probes: RouteProbe[] = [];
  const unprobed: ProtectionFacts['unprobed'] = [];
  // one route after the other: parallel bursts from one address would trip (or mask) a shared per-address limit
  for (const route of candidates) {
    const name = routeKey(route);
    const url = routeUrl(plan, route);
    if (!url) {
      unprobed.push({ route: name, reason: 'no canonical URL to send to (give --url or app.canonical)' });
      continue;
    }
    if (probes.length >= MAX_PROBED_ROUTES) {
      unprobed.push({ route: name, reason: `more than ${MAX_PROBED_ROUTES} routes to probe` });
      continue;
    }
    run.progress(`rate-limit probe ${name} (${Math.min(settings.count, PROBE_HARD_CAP)} requests)`);
    const result = await probeRateLimit(
      run.net,
      { url, method: route.method, headers: secrets.routeHeaders[name], body: secrets.routeBodies[name], kind: route.kind as ProbeRouteKind },
      { count: settings.count, windowMs: settings.windowMs, allowNonLoopback: settings.allowNonLoopback },
    );
    probes.push({ route: name, kind: route.kind as ProbeRouteKind, auth: route.auth, result });
  }
  run.progress('looking for an edge in front of the canonical host');
  const edge = await collectEdge(run);
  return {
    settings,
    probes,
    unprobed,
    edge,
    routes: plan.routes.map((r) => ({ route: routeKey(r), auth: r.auth })),
    inventories: tables(probes, unprobed, edge),
  };
}

/** The progress list's line for the bursts: "2 bursts × 10 s, up to 20 s" (each stops at the first 429). */
export function plannedBursts(plan: AuditPlan): string | null {
  const bursts = Math.min(MAX_PROBED_ROUTES, plan.routes.filter((r) => isProbeKind(r.kind)).length);
  if (bursts === 0 || plan.canonical === null) return null;
  const windowMs = plan.protection?.windowMs ?? 10_000;
  return `${bursts} burst${bursts === 1 ? '' : 's'} × ${Math.round(windowMs / 100) / 10} s, ${upToTime(bursts * windowMs)}`;
}

export const protectionCollector = defineCollector({
  source: 'protection',
  title: 'Protection',
  stages: ['protection'],
  // after the load test too: a burst that trips the target's rate limit would turn the load test's requests into 429s
  after: ['dns', 'web', 'load'],
  planned: plannedBursts,
  missingInput: (plan: AuditPlan) =>
    plan.canonical === null && !plan.routes.some((r) => isProbeKind(r.kind))
      ? 'no canonical URL and no login, password-reset, signup, webhook or public-api route: give --url or app.canonical'
      : null,
  collect: collectProtection,
});

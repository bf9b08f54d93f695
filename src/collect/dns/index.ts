// The dns collector: A/AAAA and CNAME chains of every host, NS, CAA (with tree climbing) and MX, through the run's DNS client.
import { isIP } from 'node:net';
import { getPublicSuffix } from 'tldts';
import type { CaaDns, DnsFacts, HostDns, HostRole, MxDns, NameserverDns, QueryOutcome } from '../../facts/dns.js';
import type { DnsAnswer } from '../../facts/dns-wire.js';
import { WireDnsClient } from '../../net/wire-dns.js';
import type { AuditPlan } from '../../plan.js';
import { type CollectRun, defineCollector } from '../collector.js';

/** Subdomains looked up for the domain map even when not configured (never judged by checks). */
const DISCOVERED_PREFIXES = ['www', 'app', 'api', 'mail'] as const;
const MAX_HOSTS = 50;
const MAX_NAMESERVERS = 13;
const MAX_MX = 20;
const MAX_MX_RESOLVED = 5;
const MAX_CAA_CLIMB = 10;

function outcomeOf(answer: DnsAnswer): QueryOutcome {
  return { rcode: answer.rcode, server: answer.server, timeMs: answer.timeMs, error: answer.error ?? null };
}

function addressesOf(answer: DnsAnswer, type: 'A' | 'AAAA'): string[] {
  return [...new Set(answer.answers.filter((r) => r.type === type).map((r) => r.data))];
}

function stripDot(name: string): string {
  return name.toLowerCase().replace(/\.$/, '');
}

function roleOf(host: string, apex: string | null): HostRole {
  if (!apex) return 'extra';
  if (host === apex) return 'apex';
  for (const prefix of DISCOVERED_PREFIXES) if (host === `${prefix}.${apex}`) return prefix;
  return 'extra';
}

async function resolveHost(run: CollectRun, host: string, configured: boolean, apex: string | null): Promise<HostDns> {
  const base = { host, role: roleOf(host, apex), configured, canonical: host === run.plan.canonicalHost };
  const family = isIP(host.replace(/^\[|\]$/g, ''));
  if (family !== 0 || host === 'localhost') {
    const literal = host === 'localhost' ? '127.0.0.1' : host.replace(/^\[|\]$/g, '');
    const none: QueryOutcome = { rcode: 'NOERROR', server: 'literal', timeMs: 0, error: null };
    return { ...base, ipv4: family === 6 ? [] : [literal], ipv6: family === 6 ? [literal] : [], cnameChain: [], cnameTargetResolves: null, a: none, aaaa: none, literal: true };
  }
  const [a, aaaa] = await Promise.all([run.net.limit(() => run.net.dns.query(host, 'A')), run.net.limit(() => run.net.dns.query(host, 'AAAA'))]);
  const ipv4 = addressesOf(a, 'A');
  const ipv6 = addressesOf(aaaa, 'AAAA');
  const cnameChain = a.cnameChain.length > 0 ? a.cnameChain : aaaa.cnameChain;
  return {
    ...base,
    ipv4,
    ipv6,
    cnameChain,
    cnameTargetResolves: cnameChain.length > 0 ? ipv4.length + ipv6.length > 0 : null,
    a: outcomeOf(a),
    aaaa: outcomeOf(aaaa),
  };
}

async function collectNameservers(run: CollectRun, apex: string): Promise<DnsFacts['nameservers']> {
  const ns = await run.net.limit(() => run.net.dns.query(apex, 'NS'));
  const names = [...new Set(ns.answers.filter((r) => r.type === 'NS').map((r) => stripDot(r.data)))].sort().slice(0, MAX_NAMESERVERS);
  const servers = await Promise.all(
    names.map(async (name): Promise<NameserverDns> => {
      const [a, aaaa] = await Promise.all([run.net.limit(() => run.net.dns.query(name, 'A')), run.net.limit(() => run.net.dns.query(name, 'AAAA'))]);
      return { name, ipv4: addressesOf(a, 'A'), ipv6: addressesOf(aaaa, 'AAAA'), a: outcomeOf(a) };
    }),
  );
  return { zone: apex, outcome: outcomeOf(ns), servers };
}

/** RFC 8659: the CAA set of the closest ancestor (apex first) that has one; stop at a failed lookup. */
async function collectCaa(run: CollectRun, apex: string): Promise<CaaDns> {
  const labels = apex.split('.');
  // registries publish no CAA at public suffixes (com, co.uk, test), and authoritative-only servers refuse them
  const publicSuffix = getPublicSuffix(apex, { allowPrivateDomains: false });
  const queried: string[] = [];
  let outcome: QueryOutcome | null = null;
  for (let i = 0; i < labels.length && i < MAX_CAA_CLIMB; i++) {
    const name = labels.slice(i).join('.');
    if (i > 0 && name === publicSuffix) break;
    queried.push(name);
    const answer = await run.net.limit(() => run.net.dns.query(name, 'CAA'));
    outcome = outcomeOf(answer);
    const records = answer.answers.filter((r) => r.type === 'CAA').map((r) => r.data);
    if (records.length > 0) return { queried, foundAt: name, records, outcome };
    // a missing name or an empty set means "look at the parent"; anything else means we cannot tell
    if (answer.rcode !== 'NOERROR' && answer.rcode !== 'NXDOMAIN') return { queried, foundAt: null, records: [], outcome };
  }
  return { queried, foundAt: null, records: [], outcome: outcome ?? { rcode: 'ERROR', server: '', timeMs: 0, error: 'no name to query' } };
}

async function collectMx(run: CollectRun, domain: string): Promise<MxDns> {
  const answer = await run.net.limit(() => run.net.dns.query(domain, 'MX'));
  const exchanges = answer.answers
    .filter((r) => r.type === 'MX')
    .slice(0, MAX_MX)
    .map((r) => {
      const [preference, exchange] = r.data.split(' ');
      return { preference: Number(preference) || 0, exchange: stripDot(exchange ?? '') };
    })
    .sort((x, y) => x.preference - y.preference || x.exchange.localeCompare(y.exchange));
  const withAddresses = await Promise.all(
    exchanges.map(async (mx, i) => {
      // "." is a null MX (RFC 7505: the domain takes no mail); past the first few, addresses add nothing to the map
      if (i >= MAX_MX_RESOLVED || mx.exchange === '' || isIP(mx.exchange) !== 0) return { ...mx, ipv4: [], ipv6: [] };
      const [a, aaaa] = await Promise.all([run.net.limit(() => run.net.dns.query(mx.exchange, 'A')), run.net.limit(() => run.net.dns.query(mx.exchange, 'AAAA'))]);
      return { ...mx, ipv4: addressesOf(a, 'A'), ipv6: addressesOf(aaaa, 'AAAA') };
    }),
  );
  return { domain, exchanges: withAddresses, outcome: outcomeOf(answer) };
}

function hostsToResolve(plan: AuditPlan): { host: string; configured: boolean }[] {
  const configured = plan.hosts.map((h) => h.toLowerCase()).slice(0, MAX_HOSTS);
  const list = configured.map((host) => ({ host, configured: true }));
  const apex = plan.domain && isIP(plan.domain) === 0 ? plan.domain : null;
  if (apex) {
    for (const host of [apex, ...DISCOVERED_PREFIXES.map((p) => `${p}.${apex}`)]) {
      if (!configured.includes(host)) list.push({ host, configured: false });
    }
  }
  return list;
}

export const dnsCollector = defineCollector({
  source: 'dns',
  title: 'DNS',
  stages: ['dns'],
  missingInput(plan) {
    return plan.hosts.length === 0 && !plan.domain ? 'no host or domain to resolve: give --url, app.canonical or --domain' : null;
  },
  async collect(run) {
    const { plan, net } = run;
    const apex = plan.domain && isIP(plan.domain) === 0 && plan.domain !== 'localhost' ? plan.domain : null;
    const targets = hostsToResolve(plan);
    run.progress(`resolving ${targets.length} host${targets.length === 1 ? '' : 's'}`);
    const [hosts, nameservers, caa, mx] = await Promise.all([
      Promise.all(targets.map((t) => resolveHost(run, t.host, t.configured, apex))),
      apex ? collectNameservers(run, apex) : Promise.resolve(null),
      apex ? collectCaa(run, apex) : Promise.resolve(null),
      plan.email.domain && isIP(plan.email.domain) === 0 ? collectMx(run, plan.email.domain) : Promise.resolve(null),
    ]);
    const client = net.dns;
    const resolver: DnsFacts['resolver'] =
      client instanceof WireDnsClient
        ? { servers: client.serverList, source: client.serverSource }
        : { servers: net.dnsServers, source: net.dnsServers.length > 0 ? 'dns-server' : 'resolv.conf' };
    return { resolver, apex, hosts, nameservers, caa, mx, queriesSent: client.queriesSent };
  },
});

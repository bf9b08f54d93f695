// Builders of dns facts for check tests: a resolving host, a failing one, nameservers and CAA.
import type { DnsFacts, HostDns, QueryOutcome } from '../../src/facts/dns.ts';
import type { DnsRcode } from '../../src/facts/dns-wire.ts';

export const RESOLVER = '127.0.20.1:53';

export function outcome(rcode: DnsRcode = 'NOERROR', error: string | null = null): QueryOutcome {
  return { rcode, server: RESOLVER, timeMs: 1, error };
}

export function hostDns(host: string, overrides: Partial<HostDns> = {}): HostDns {
  return {
    host,
    role: 'extra',
    configured: true,
    canonical: false,
    ipv4: ['192.0.2.10'],
    ipv6: ['2001:db8::10'],
    cnameChain: [],
    cnameTargetResolves: null,
    a: outcome(),
    aaaa: outcome(),
    ...overrides,
  };
}

/** dns facts for acme.test with app.acme.test canonical, apex and www configured, two NS in separate networks and a CAA record. */
export function dnsFacts(overrides: Partial<DnsFacts> = {}): DnsFacts {
  return {
    resolver: { servers: [RESOLVER], source: 'dns-server' },
    apex: 'acme.test',
    hosts: [
      hostDns('app.acme.test', { role: 'app', canonical: true }),
      hostDns('acme.test', { role: 'apex' }),
      hostDns('www.acme.test', { role: 'www', cnameChain: ['app.acme.test'], cnameTargetResolves: true }),
    ],
    nameservers: {
      zone: 'acme.test',
      outcome: outcome(),
      servers: [
        { name: 'ns1.dns-a.test', ipv4: ['192.0.2.53'], ipv6: [], a: outcome() },
        { name: 'ns2.dns-b.test', ipv4: ['198.51.100.53'], ipv6: [], a: outcome() },
      ],
    },
    caa: { queried: ['acme.test'], foundAt: 'acme.test', records: ['0 issue "letsencrypt.org"'], outcome: outcome() },
    mx: null,
    queriesSent: 12,
    ...overrides,
  };
}

/** Replace the host entries named in `changes`, keep the others. */
export function withHosts(changes: Record<string, Partial<HostDns>>, extra: HostDns[] = []): DnsFacts {
  const base = dnsFacts();
  return { ...base, hosts: [...base.hosts.map((h) => (changes[h.host] ? { ...h, ...changes[h.host] } : h)), ...extra] };
}

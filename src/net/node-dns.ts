// Fallback DNS client on Node's resolver (c-ares). Used until the wire-level client is plugged in; no rcode detail beyond error codes.
import { Resolver } from 'node:dns/promises';
import type { DnsAnswer, DnsClient, DnsRcode, DnsRecord } from './dns-types.js';

const codeToRcode: Record<string, DnsRcode> = {
  ENOTFOUND: 'NXDOMAIN',
  ENODATA: 'NOERROR',
  ESERVFAIL: 'SERVFAIL',
  EREFUSED: 'REFUSED',
  ETIMEOUT: 'TIMEOUT',
  EFORMERR: 'FORMERR',
  ENOTIMP: 'NOTIMP',
};

export class NodeDnsClient implements DnsClient {
  private readonly resolver: Resolver;
  private readonly cache = new Map<string, Promise<DnsAnswer>>();
  queriesSent = 0;

  constructor(
    private readonly servers: string[],
    timeoutMs: number,
  ) {
    this.resolver = new Resolver({ timeout: timeoutMs, tries: 2 });
    if (servers.length > 0) this.resolver.setServers(servers);
  }

  query(name: string, type: string): Promise<DnsAnswer> {
    const key = `${name.toLowerCase()}|${type}`;
    let hit = this.cache.get(key);
    if (!hit) {
      hit = this.send(name, type);
      this.cache.set(key, hit);
    }
    return hit;
  }

  private async send(name: string, type: string): Promise<DnsAnswer> {
    this.queriesSent++;
    const started = performance.now();
    const server = this.servers.join(',') || 'system';
    try {
      const answers = await this.resolveRecords(name, type);
      return { name, type, rcode: 'NOERROR', answers, cnameChain: [], server, timeMs: performance.now() - started };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'ERROR';
      return { name, type, rcode: codeToRcode[code] ?? 'ERROR', answers: [], cnameChain: [], server, timeMs: performance.now() - started, error: code };
    }
  }

  private async resolveRecords(name: string, type: string): Promise<DnsRecord[]> {
    const r = this.resolver;
    const rec = (data: string, ttl = 0, chunks?: string[]): DnsRecord => ({ name, type, ttl, data, ...(chunks ? { chunks } : {}) });
    switch (type) {
      case 'A':
        return (await r.resolve4(name, { ttl: true })).map((a) => rec(a.address, a.ttl));
      case 'AAAA':
        return (await r.resolve6(name, { ttl: true })).map((a) => rec(a.address, a.ttl));
      case 'CNAME':
        return (await r.resolveCname(name)).map((c) => rec(c));
      case 'NS':
        return (await r.resolveNs(name)).map((c) => rec(c));
      case 'MX':
        return (await r.resolveMx(name)).map((m) => rec(`${m.priority} ${m.exchange}`));
      case 'TXT':
        return (await r.resolveTxt(name)).map((chunks) => rec(chunks.join(''), 0, chunks));
      case 'CAA':
        return (await r.resolveCaa(name)).map((c) => {
          const [tag, value] = Object.entries(c).find(([k]) => k !== 'critical') ?? ['issue', ''];
          return rec(`${c.critical} ${tag} "${value}"`);
        });
      default:
        throw Object.assign(new Error(`unsupported type ${type}`), { code: 'ENOTIMP' });
    }
  }
}

// The one network context every collector uses: timeouts, concurrency, --resolve pins, --dns-server, --ca-file.
import { isIP } from 'node:net';
import { rootCertificates } from 'node:tls';
import type { DnsClient } from '../facts/dns-wire.js';
import { WireDnsClient } from './wire-dns.js';

export interface NetOptions {
  timeoutMs: number;
  concurrency: number;
  /** --resolve HOST:PORT:ADDR entries. */
  resolve: string[];
  /** --dns-server HOST[:PORT] entries. */
  dnsServers: string[];
  /** PEM text of extra trusted roots (--ca-file contents). */
  extraCaPem: string[];
  /** --yes: traffic-generating stages may target non-loopback hosts. */
  allowNonLoopbackTraffic: boolean;
}

export type LookupResult = { addresses: string[]; pinned: boolean; error?: undefined } | { addresses: []; pinned: false; error: { code: string; message: string } };

/** Factory for the DNS client (the wire-level client by default; tests may swap it). Every lookup goes through it. */
export type DnsClientFactory = (servers: string[], timeoutMs: number) => DnsClient;
let dnsClientFactory: DnsClientFactory = (servers, timeoutMs) => new WireDnsClient(servers, timeoutMs);
export function setDnsClientFactory(factory: DnsClientFactory): void {
  dnsClientFactory = factory;
}

export class NetContext {
  readonly timeoutMs: number;
  readonly concurrency: number;
  readonly dnsServers: string[];
  readonly dns: DnsClient;
  readonly caCerts: string[];
  readonly extraCaPem: string[];
  readonly allowNonLoopbackTraffic: boolean;
  private readonly pins = new Map<string, string>();
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(options: NetOptions) {
    this.timeoutMs = options.timeoutMs;
    this.concurrency = Math.max(1, options.concurrency);
    this.dnsServers = options.dnsServers;
    this.allowNonLoopbackTraffic = options.allowNonLoopbackTraffic;
    for (const entry of options.resolve) {
      const parsed = parseResolveEntry(entry);
      this.pins.set(`${parsed.host}:${parsed.port}`, parsed.address);
    }
    this.dns = dnsClientFactory(options.dnsServers, options.timeoutMs);
    this.extraCaPem = options.extraCaPem;
    this.caCerts = [...rootCertificates, ...options.extraCaPem];
  }

  /** Run fn when fewer than `concurrency` network operations are in flight. */
  async limit<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.concurrency) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    try {
      return await fn();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }

  /** The --resolve pin for host:port, if any. */
  pinned(host: string, port: number): string | undefined {
    return this.pins.get(`${host.toLowerCase()}:${port}`) ?? this.pins.get(`${host.toLowerCase()}:*`);
  }

  /** Addresses to connect to for host:port: --resolve pin, IP literal, or A/AAAA through the DNS client. */
  async lookup(host: string, port: number): Promise<LookupResult> {
    const bare = host.replace(/^\[|\]$/g, '');
    const pin = this.pinned(bare, port);
    if (pin) return { addresses: [pin], pinned: true };
    if (isIP(bare)) return { addresses: [bare], pinned: false };
    if (bare === 'localhost') return { addresses: ['127.0.0.1'], pinned: false };
    const [a, aaaa] = await Promise.all([this.dns.query(bare, 'A'), this.dns.query(bare, 'AAAA')]);
    const addresses = [...a.answers, ...aaaa.answers].filter((r) => r.type === 'A' || r.type === 'AAAA').map((r) => r.data);
    if (addresses.length > 0) return { addresses, pinned: false };
    const rcode = a.rcode !== 'NOERROR' ? a.rcode : aaaa.rcode !== 'NOERROR' ? aaaa.rcode : 'NODATA';
    return { addresses: [], pinned: false, error: { code: rcode, message: `${bare} does not resolve (${rcode} from ${a.server})` } };
  }

  /** True when every address of host is loopback, or --yes was given: gate for load and burst traffic. */
  async mayGenerateTraffic(host: string, port: number): Promise<boolean> {
    if (this.allowNonLoopbackTraffic) return true;
    const found = await this.lookup(host, port);
    return found.addresses.length > 0 && found.addresses.every(isLoopback);
  }
}

export function isLoopback(address: string): boolean {
  return /^127\./.test(address) || address === '::1' || address === '::ffff:127.0.0.1';
}

export function parseResolveEntry(entry: string): { host: string; port: string; address: string } {
  // HOST:PORT:ADDR, where ADDR may be an IPv6 literal in brackets (curl semantics)
  const m = /^([^:]+):(\d+|\*):(\[[0-9a-fA-F:.]+\]|[^:]+|[0-9a-fA-F:.]+)$/.exec(entry.trim());
  if (!m) throw new Error(`--resolve expects HOST:PORT:ADDR, got "${entry}"`);
  if (m[2] !== '*' && (Number(m[2]) < 1 || Number(m[2]) > 65_535)) throw new Error(`--resolve ${entry}: port must be 1-65535`);
  const address = (m[3] ?? '').replace(/^\[|\]$/g, '');
  if (!isIP(address)) throw new Error(`--resolve ${entry}: "${address}" is not an IP address`);
  return { host: (m[1] ?? '').toLowerCase(), port: m[2] ?? '', address };
}

// Wire-level DNS client (dns-packet): UDP with EDNS0, TCP on truncation, bounded retries, CNAME following, per-run cache.
import { randomInt } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import { isIP, Socket } from 'node:net';
import { domainToASCII } from 'node:url';
import * as dnsPacket from 'dns-packet';
import { UsageError } from '../config/load.js';
import type { DnsAnswer, DnsClient, DnsRcode, DnsRecord } from '../facts/dns-wire.js';

/** Largest UDP answer we ask for (the DNS flag day 2020 value: avoids IP fragmentation). */
export const EDNS_UDP_SIZE = 1232;
/** Records of one answer section we look at; the rest is dropped (a hostile server may send thousands). */
export const MAX_ANSWER_RECORDS = 100;
/** CNAMEs followed before giving up (resolvers use 8-16). */
const MAX_CNAME_DEPTH = 8;
const MAX_MESSAGE_BYTES = 65_535;
const MAX_SYSTEM_RESOLVERS = 3;

export interface DnsServerAddress {
  host: string;
  port: number;
}

const DNS_SERVER_HINT = 'for example --dns-server 127.0.0.1:5353 or --dns-server [::1]:53';

/** Parse --dns-server HOST[:PORT]: "1.2.3.4", "1.2.3.4:5353", "::1", "[::1]:5353". */
export function parseDnsServer(text: string): DnsServerAddress {
  const t = text.trim();
  const bracketed = /^\[([0-9a-fA-F:.]+)\](?::(\d+))?$/.exec(t);
  if (bracketed) return checkedServer(bracketed[1] ?? '', bracketed[2], text);
  if (isIP(t) === 6) return { host: t, port: 53 };
  const hostPort = /^([^:]+)(?::(\d+))?$/.exec(t);
  if (hostPort) return checkedServer(hostPort[1] ?? '', hostPort[2], text);
  throw new UsageError(`--dns-server expects HOST[:PORT], got "${text}"`, DNS_SERVER_HINT);
}

function checkedServer(host: string, port: string | undefined, original: string): DnsServerAddress {
  const n = port === undefined ? 53 : Number(port);
  if (!Number.isInteger(n) || n < 1 || n > 65_535) throw new UsageError(`--dns-server ${original}: port must be 1-65535`, DNS_SERVER_HINT);
  if (isIP(host) === 0 && host !== 'localhost') throw new UsageError(`--dns-server ${original}: give an IP address`, DNS_SERVER_HINT);
  return { host: host === 'localhost' ? '127.0.0.1' : host, port: n };
}

function formatDnsServer(server: DnsServerAddress): string {
  return isIP(server.host) === 6 ? `[${server.host}]:${server.port}` : `${server.host}:${server.port}`;
}

/** The nameservers of /etc/resolv.conf (first three, as glibc uses), or 127.0.0.1 when there are none. */
export function systemResolvers(resolvConfText?: string): DnsServerAddress[] {
  let text = resolvConfText;
  if (text === undefined) {
    try {
      text = readFileSync('/etc/resolv.conf', 'utf8').slice(0, 64_000);
    } catch {
      text = '';
    }
  }
  const found: DnsServerAddress[] = [];
  for (const line of text.split('\n')) {
    const m = /^\s*nameserver\s+([0-9a-fA-F:.]+)(?:%\S+)?\s*$/.exec(line);
    if (m?.[1] && isIP(m[1]) !== 0) found.push({ host: m[1], port: 53 });
    if (found.length >= MAX_SYSTEM_RESOLVERS) break;
  }
  return found.length > 0 ? found : [{ host: '127.0.0.1', port: 53 }];
}

/** One raw exchange with a server: the decoded response or why there is none. */
interface Exchange {
  rcode: DnsRcode;
  records: DnsRecord[];
  server: string;
  truncated: boolean;
  error?: string;
}

const KNOWN_RCODES: readonly DnsRcode[] = ['NOERROR', 'NXDOMAIN', 'SERVFAIL', 'REFUSED', 'FORMERR', 'NOTIMP'];

/** Lower case, no trailing dot, internationalised labels in their xn-- (punycode) wire form. */
function normalizeName(name: string): string {
  const plain = name.trim().toLowerCase().replace(/\.$/, '');
  return /^[\x20-\x7e]*$/.test(plain) ? plain : domainToASCII(plain) || plain;
}

/** Escape control characters like dig does (\DDD) so hostile names and TXT cannot reach a terminal raw. */
function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\${String(c.charCodeAt(0)).padStart(3, '0')}`);
}

function absolute(name: string): string {
  const n = printable(name);
  return n.endsWith('.') ? n : `${n}.`;
}

function bufferText(value: unknown): string {
  return Buffer.isBuffer(value) ? value.toString('utf8') : String(value);
}

/** A decoded record in presentation form (as dig prints it); unknown types as RFC 3597 hex. */
function presentRecord(answer: dnsPacket.Answer): DnsRecord | null {
  if (answer.type === 'OPT') return null;
  const base = { name: printable(normalizeName(answer.name)), type: answer.type, ttl: answer.ttl ?? 0 };
  switch (answer.type) {
    case 'A':
    case 'AAAA':
      return { ...base, data: printable(answer.data) };
    case 'CNAME':
    case 'DNAME':
    case 'NS':
    case 'PTR':
      return { ...base, data: absolute(answer.data) };
    case 'MX':
      return { ...base, data: `${answer.data.preference ?? 0} ${absolute(answer.data.exchange)}` };
    case 'TXT': {
      const raw = answer.data;
      const chunks = (Array.isArray(raw) ? raw : [raw]).map((c) => printable(bufferText(c)));
      return { ...base, data: chunks.join(''), chunks };
    }
    case 'CAA':
      return { ...base, data: `${answer.data.flags ?? 0} ${printable(answer.data.tag)} "${printable(answer.data.value).replace(/"/g, '\\"')}"` };
    case 'SOA': {
      const d = answer.data;
      return { ...base, data: `${absolute(d.mname)} ${absolute(d.rname)} ${d.serial ?? 0} ${d.refresh ?? 0} ${d.retry ?? 0} ${d.expire ?? 0} ${d.minimum ?? 0}` };
    }
    case 'SRV':
      return { ...base, data: `${answer.data.priority ?? 0} ${answer.data.weight ?? 0} ${answer.data.port} ${absolute(answer.data.target)}` };
    default: {
      const data = (answer as { data?: unknown }).data;
      if (Buffer.isBuffer(data)) return { ...base, data: `\\# ${data.length} ${data.toString('hex')}` };
      return { ...base, data: printable(JSON.stringify(data) ?? '') };
    }
  }
}

function encodeQuery(id: number, name: string, type: string, edns: boolean): Buffer {
  return dnsPacket.encode({
    type: 'query',
    id,
    flags: dnsPacket.RECURSION_DESIRED,
    questions: [{ type: type as dnsPacket.RecordType, name, class: 'IN' }],
    ...(edns ? { additionals: [{ type: 'OPT', name: '.', udpPayloadSize: EDNS_UDP_SIZE, extendedRcode: 0, ednsVersion: 0, flags: 0, flag_do: false, options: [] }] } : {}),
  });
}

/** Decode a response; null when it is not the answer to our question (wrong id, not a response, other question, garbage). */
function matchResponse(message: Buffer, id: number, name: string, type: string): dnsPacket.DecodedPacket | null {
  if (message.length < 12 || message.length > MAX_MESSAGE_BYTES) return null;
  if (message.readUInt16BE(0) !== id) return null;
  let decoded: dnsPacket.DecodedPacket;
  try {
    decoded = dnsPacket.decode(message);
  } catch {
    return null;
  }
  if (!decoded.flag_qr) return null;
  const question = decoded.questions?.[0];
  // FORMERR answers may legitimately omit the question section
  if (!question) return rcodeOf(decoded) === 'FORMERR' ? decoded : null;
  if (normalizeName(question.name) !== normalizeName(name) || question.type !== type) return null;
  return decoded;
}

function rcodeOf(packet: dnsPacket.DecodedPacket): DnsRcode {
  const rcode = String((packet as { rcode?: unknown }).rcode ?? '');
  return (KNOWN_RCODES as readonly string[]).includes(rcode) ? (rcode as DnsRcode) : 'ERROR';
}

function toExchange(packet: dnsPacket.DecodedPacket, server: string): Exchange {
  const records: DnsRecord[] = [];
  for (const answer of (packet.answers ?? []).slice(0, MAX_ANSWER_RECORDS)) {
    const record = presentRecord(answer);
    if (record) records.push(record);
  }
  return { rcode: rcodeOf(packet), records, server, truncated: packet.flag_tc };
}

function udpExchange(server: DnsServerAddress, name: string, type: string, timeoutMs: number, edns: boolean): Promise<Exchange> {
  const label = formatDnsServer(server);
  return new Promise<Exchange>((resolve) => {
    const id = randomInt(0, 65_536);
    const socket = createSocket({ type: isIP(server.host) === 6 ? 'udp6' : 'udp4' });
    let done = false;
    const finish = (result: Exchange) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      try {
        socket.close();
      } catch {
        // already closed
      }
      resolve(result);
    };
    const timer = setTimeout(() => finish({ rcode: 'TIMEOUT', records: [], server: label, truncated: false, error: `no answer from ${label} within ${timeoutMs} ms` }), timeoutMs);
    socket.on('error', (error) => finish({ rcode: 'ERROR', records: [], server: label, truncated: false, error: `${label}: ${error.message}` }));
    socket.on('message', (message, from) => {
      // a connected socket only gets datagrams from the server; check anyway (spoofing, stray replies)
      if (from.port !== server.port) return;
      const packet = matchResponse(message, id, name, type);
      if (packet) finish(toExchange(packet, label));
    });
    let query: Buffer;
    try {
      query = encodeQuery(id, name, type, edns);
    } catch (error) {
      finish({ rcode: 'ERROR', records: [], server: label, truncated: false, error: `cannot encode a query for "${printable(name)}": ${(error as Error).message}` });
      return;
    }
    socket.connect(server.port, server.host, () => {
      socket.send(query, (error) => {
        if (error) finish({ rcode: 'ERROR', records: [], server: label, truncated: false, error: `${label}: ${error.message}` });
      });
    });
  });
}

function tcpExchange(server: DnsServerAddress, name: string, type: string, timeoutMs: number): Promise<Exchange> {
  const label = formatDnsServer(server);
  return new Promise<Exchange>((resolve) => {
    const id = randomInt(0, 65_536);
    let received = Buffer.alloc(0);
    let done = false;
    const socket = new Socket();
    const finish = (result: Exchange) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(
      () => finish({ rcode: 'TIMEOUT', records: [], server: label, truncated: false, error: `no TCP answer from ${label} within ${timeoutMs} ms` }),
      timeoutMs,
    );
    socket.on('error', (error) => finish({ rcode: 'ERROR', records: [], server: label, truncated: false, error: `${label} (TCP): ${error.message}` }));
    socket.on('close', () => finish({ rcode: 'ERROR', records: [], server: label, truncated: false, error: `${label} closed the TCP connection without a complete answer` }));
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      // one length-prefixed message at a time; a mismatched one is skipped, like a stray UDP datagram
      while (received.length >= 2) {
        const length = received.readUInt16BE(0);
        if (received.length < 2 + length) break;
        const message = received.subarray(2, 2 + length);
        received = received.subarray(2 + length);
        const packet = matchResponse(message, id, name, type);
        if (packet) {
          finish(toExchange(packet, label));
          return;
        }
      }
      if (received.length > MAX_MESSAGE_BYTES + 2) finish({ rcode: 'ERROR', records: [], server: label, truncated: false, error: `${label} sent an oversized TCP message` });
    });
    let query: Buffer;
    try {
      query = dnsPacket.streamEncode({
        type: 'query',
        id,
        flags: dnsPacket.RECURSION_DESIRED,
        questions: [{ type: type as dnsPacket.RecordType, name, class: 'IN' }],
      });
    } catch (error) {
      finish({ rcode: 'ERROR', records: [], server: label, truncated: false, error: `cannot encode a query for "${printable(name)}": ${(error as Error).message}` });
      return;
    }
    socket.connect(server.port, server.host, () => socket.write(query));
  });
}

export interface WireDnsOptions {
  /** Attempts per query across the server list (each server at least once). */
  attempts?: number;
  /** resolv.conf text, for tests; default: read /etc/resolv.conf when no servers are given. */
  resolvConf?: string;
}

export class WireDnsClient implements DnsClient {
  readonly servers: DnsServerAddress[];
  /** Where the servers came from, for the report's evidence. */
  readonly serverSource: 'dns-server' | 'resolv.conf';
  private readonly timeoutMs: number;
  private readonly attempts: number;
  private readonly exchanges = new Map<string, Promise<Exchange>>();
  private readonly resolved = new Map<string, Promise<DnsAnswer>>();
  queriesSent = 0;

  constructor(servers: string[], timeoutMs: number, options: WireDnsOptions = {}) {
    this.serverSource = servers.length > 0 ? 'dns-server' : 'resolv.conf';
    this.servers = servers.length > 0 ? servers.map(parseDnsServer) : systemResolvers(options.resolvConf);
    this.timeoutMs = Math.max(50, timeoutMs);
    this.attempts = Math.max(options.attempts ?? 2, this.servers.length);
  }

  /** The servers in use, as 'addr:port'. */
  get serverList(): string[] {
    return this.servers.map(formatDnsServer);
  }

  query(name: string, type: string): Promise<DnsAnswer> {
    const key = `${normalizeName(name)}|${type.toUpperCase()}`;
    let hit = this.resolved.get(key);
    if (!hit) {
      hit = this.resolve(normalizeName(name), type.toUpperCase());
      this.resolved.set(key, hit);
    }
    return hit;
  }

  /** Answer for name/type, following CNAMEs (in the same answer, then by new queries) with loop and depth limits. */
  private async resolve(name: string, type: string): Promise<DnsAnswer> {
    const started = performance.now();
    const answers: DnsRecord[] = [];
    const chain: string[] = [];
    const seen = new Set<string>([name]);
    let current = name;
    let last: Exchange | null = null;
    let error: string | undefined;
    const asked = new Set<string>();
    for (let hop = 0; hop <= MAX_CNAME_DEPTH; hop++) {
      asked.add(current);
      last = await this.exchange(current, type);
      if (last.error) error = last.error;
      let records = last.records;
      // follow the CNAMEs the server put in this same answer
      while (true) {
        const owner = current;
        const own = records.filter((r) => r.name === owner);
        answers.push(...own.filter((r) => !answers.some((a) => a.name === r.name && a.type === r.type && a.data === r.data)));
        const cname = type === 'CNAME' ? undefined : own.find((r) => r.type === 'CNAME');
        if (!cname || own.some((r) => r.type === type)) break;
        const target = normalizeName(cname.data);
        if (seen.has(target)) {
          error = `CNAME loop: ${[name, ...chain, target].join(' → ')}`;
          return this.answer(name, type, 'SERVFAIL', answers, chain, last, started, error);
        }
        if (chain.length >= MAX_CNAME_DEPTH) {
          error = `CNAME chain longer than ${MAX_CNAME_DEPTH}: ${[name, ...chain].join(' → ')}`;
          return this.answer(name, type, 'SERVFAIL', answers, chain, last, started, error);
        }
        seen.add(target);
        chain.push(target);
        current = target;
        records = records.filter((r) => r !== cname);
      }
      const haveData = answers.some((r) => r.name === current && r.type === type);
      // stop unless the chain ends at a name this answer said nothing about (another zone): ask for it
      if (haveData || last.rcode !== 'NOERROR' || asked.has(current)) break;
    }
    return this.answer(name, type, last?.rcode ?? 'ERROR', answers, chain, last, started, error);
  }

  private answer(name: string, type: string, rcode: DnsRcode, answers: DnsRecord[], chain: string[], last: Exchange | null, started: number, error?: string): DnsAnswer {
    return {
      name,
      type,
      rcode,
      answers,
      cnameChain: chain,
      server: last?.server ?? this.serverList.join(','),
      timeMs: Math.round(performance.now() - started),
      ...(last?.truncated ? { truncated: true } : {}),
      ...(error ? { error } : {}),
    };
  }

  /** One question, no CNAME following: cached so each (name, type) goes on the wire at most once per run. */
  private exchange(name: string, type: string): Promise<Exchange> {
    const key = `${name}|${type}`;
    let hit = this.exchanges.get(key);
    if (!hit) {
      this.queriesSent++;
      hit = this.send(name, type);
      this.exchanges.set(key, hit);
    }
    return hit;
  }

  private async send(name: string, type: string): Promise<Exchange> {
    if (name.length > 253 || name.split('.').some((label) => label.length === 0 || label.length > 63)) {
      return { rcode: 'ERROR', records: [], server: this.serverList.join(','), truncated: false, error: `"${printable(name.slice(0, 80))}" is not a valid DNS name` };
    }
    let result: Exchange | null = null;
    for (let attempt = 0; attempt < this.attempts; attempt++) {
      const server = this.servers[attempt % this.servers.length] as DnsServerAddress;
      let edns = true;
      let reply = await udpExchange(server, name, type, this.timeoutMs, edns);
      // servers that predate EDNS0 answer FORMERR to the OPT record: ask again plainly
      if (reply.rcode === 'FORMERR') {
        edns = false;
        reply = await udpExchange(server, name, type, this.timeoutMs, edns);
      }
      if (reply.truncated) {
        const overTcp = await tcpExchange(server, name, type, this.timeoutMs);
        reply = overTcp.rcode === 'TIMEOUT' || overTcp.rcode === 'ERROR' ? { ...reply, error: `answer truncated over UDP and TCP failed: ${overTcp.error}` } : overTcp;
      }
      result = reply;
      // NOERROR and NXDOMAIN are answers; anything else may be one server's problem, so try the next
      if (reply.rcode === 'NOERROR' || reply.rcode === 'NXDOMAIN') break;
    }
    return result as Exchange;
  }
}

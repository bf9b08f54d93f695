// Hostile peers: a 300-record TXT answer (UDP truncated, full over TCP), include cycles, and SMTP servers that stall or flood.
import assert from 'node:assert/strict';
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createServer, type Server, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import * as dnsPacket from 'dns-packet';
import { analyzeSpf } from '../../src/analyze/spf.ts';
import { probeStarttls } from '../../src/collect/email/smtp.ts';
import { NetContext } from '../../src/net/context.ts';
import { auditEmail } from './email-harness.ts';

const DNS_ADDRESS = '127.0.21.60';
const DNS_PORT = 5323;

type Rr = dnsPacket.Answer;

/** The zone of the hostile DNS server: big.test has 300 TXT records, loop.test includes itself, deep.test nests 40 includes. */
function answersFor(name: string, type: string): Rr[] | null {
  const n = name.toLowerCase();
  const txt = (data: string): Rr => ({ name, type: 'TXT', ttl: 60, class: 'IN', data: [data] });
  if (type === 'TXT' && n === 'big.test') {
    const filler = Array.from({ length: 300 }, (_, i) => txt(`filler-record-${i}-${'x'.repeat(20)}`));
    // the DNS client keeps the first 100 records of an answer (src/net/wire-dns.ts), so the SPF record sits within them
    filler.splice(60, 0, txt('v=spf1 ip4:192.0.2.1 -all'));
    return filler;
  }
  if (type === 'TXT' && n === 'loop.test') return [txt('v=spf1 include:loop.test -all')];
  const deep = /^d(\d+)\.deep\.test$/.exec(n);
  if (type === 'TXT' && (n === 'deep.test' || deep)) return [txt(`v=spf1 include:d${deep ? Number(deep[1]) + 1 : 0}.deep.test -all`)];
  if (n.endsWith('.test')) return [];
  return null;
}

function respond(query: Buffer, maxBytes: number): Buffer {
  const q = dnsPacket.decode(query);
  const question = q.questions?.[0];
  const answers = question ? answersFor(question.name, question.type) : null;
  const base = { id: q.id, type: 'response' as const, flags: dnsPacket.AUTHORITATIVE_ANSWER | (answers === null ? 3 : 0), questions: q.questions };
  const full = dnsPacket.encode({ ...base, answers: answers ?? [] });
  if (full.length <= maxBytes) return full;
  return dnsPacket.encode({ ...base, flags: base.flags | dnsPacket.TRUNCATED_RESPONSE, answers: [] });
}

describe('email stage against hostile peers', { timeout: 60_000 }, () => {
  let udp: UdpSocket;
  let tcp: Server;

  before(async () => {
    udp = createSocket('udp4');
    udp.on('message', (msg, rinfo) => udp.send(respond(msg, 512), rinfo.port, rinfo.address));
    await new Promise<void>((resolve) => udp.bind(DNS_PORT, DNS_ADDRESS, resolve));
    tcp = createServer((socket) => {
      let buffer = Buffer.alloc(0);
      socket.on('data', (chunk) => {
        buffer = Buffer.concat([buffer, chunk]);
        while (buffer.length >= 2) {
          const len = buffer.readUInt16BE(0);
          if (buffer.length < 2 + len) break;
          const answer = respond(buffer.subarray(2, 2 + len), 65_535);
          buffer = buffer.subarray(2 + len);
          const prefix = Buffer.alloc(2);
          prefix.writeUInt16BE(answer.length);
          socket.write(Buffer.concat([prefix, answer]));
        }
      });
      socket.on('error', () => {});
    });
    await new Promise<void>((resolve) => tcp.listen(DNS_PORT, DNS_ADDRESS, resolve));
  });
  after(async () => {
    udp?.close();
    await new Promise<void>((resolve) => (tcp ? tcp.close(() => resolve()) : resolve()));
  });

  const net = () => new NetContext({ timeoutMs: 3000, concurrency: 16, resolve: [], dnsServers: [`${DNS_ADDRESS}:${DNS_PORT}`], extraCaPem: [], allowNonLoopbackTraffic: false });

  it('a 300-record TXT answer (truncated over UDP): the SPF record among them is found, nothing crashes', async () => {
    const started = performance.now();
    const audit = await auditEmail({ domain: 'big.test', dnsServer: `${DNS_ADDRESS}:${DNS_PORT}` });
    assert.equal(audit.email.spf.record, 'v=spf1 ip4:192.0.2.1 -all');
    assert.deepEqual(audit.email.spf.records, ['v=spf1 ip4:192.0.2.1 -all']);
    assert.ok(!audit.ids.includes('email.spf-missing'));
    assert.ok(!audit.ids.includes('email.spf-multiple-records'));
    assert.ok(performance.now() - started < 15_000);
  });

  it('an include of itself: cycle reported, evaluation bounded', async () => {
    const spf = await analyzeSpf('loop.test', net().dns);
    assert.deepEqual(spf.cycle, ['loop.test', 'loop.test']);
    assert.equal(spf.verdict?.result, 'permerror');
  });

  it('40 nested includes: walk stops at depth 10, too many lookups', async () => {
    const spf = await analyzeSpf('deep.test', net().dns);
    assert.ok(spf.tree.length <= 12, `walked ${spf.tree.length} records`);
    assert.ok(spf.syntaxErrors.some((e) => /deeper than 10/.test(e.message)));
    assert.ok(spf.lookups > 10);
  });

  describe('SMTP servers that misbehave', () => {
    const servers: Server[] = [];
    const sockets: Socket[] = [];
    async function smtpServer(port: number, onConnect: (s: Socket) => void): Promise<void> {
      const server = createServer((s) => {
        sockets.push(s);
        s.on('error', () => {});
        onConnect(s);
      });
      servers.push(server);
      await new Promise<void>((resolve) => server.listen(port, '127.0.21.61', resolve));
    }
    after(async () => {
      for (const s of sockets) s.destroy();
      await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
    });

    const probe = (port: number) => probeStarttls({ host: 'mx.hostile.test', address: '127.0.21.61', port, caCerts: [], timeoutMs: 1500 });

    it('never sends a banner: gives up at the timeout', async () => {
      await smtpServer(2601, () => {});
      const started = performance.now();
      const result = await probe(2601);
      assert.ok(performance.now() - started < 3000);
      assert.equal(result.failure, 'connect');
      assert.match(result.error ?? '', /within 1500 ms/);
    });

    it('floods an endless multi-line reply: stops after the line cap', async () => {
      await smtpServer(2602, (s) => {
        s.write('220 hostile ESMTP\r\n');
        s.once('data', () => {
          const flood = () => {
            if (s.destroyed) return;
            s.write('250-AAAAAAAAAAAAAAAAAAAAAAAA\r\n'.repeat(100), () => setImmediate(flood));
          };
          flood();
        });
      });
      const result = await probe(2602);
      assert.match(result.error ?? '', /longer than 64 lines/);
    });

    it('sends one giant line without a newline: stops at the byte cap', async () => {
      await smtpServer(2603, (s) => s.write('220 '.padEnd(100_000, 'x')));
      const result = await probe(2603);
      assert.match(result.error ?? '', /longer than 2048 bytes/);
    });

    it('answers EHLO with garbage: reported, not thrown', async () => {
      await smtpServer(2604, (s) => {
        s.write('220 ok\r\n');
        s.once('data', () => s.write('hello there\r\n'));
      });
      const result = await probe(2604);
      assert.match(result.error ?? '', /malformed SMTP reply/);
    });
  });
});

// The wire-level DNS client against scripted servers on loopback: EDNS0, TCP fallback, caching, hostile answers.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type * as dnsPacket from 'dns-packet';
import { UsageError } from '../../src/config/load.ts';
import { NetContext } from '../../src/net/context.ts';
import { EDNS_UDP_SIZE, MAX_ANSWER_RECORDS, parseDnsServer, systemResolvers, WireDnsClient } from '../../src/net/wire-dns.ts';
import { type HostileDns, replyTo, startHostileDns } from '../support/hostile-dns.ts';

const ADDRESS = '127.0.20.11';

function respond(query: dnsPacket.DecodedPacket, transport: 'udp' | 'tcp'): dnsPacket.Packet | Buffer | null {
  const q = query.questions?.[0];
  const name = q?.name ?? '';
  const type = q?.type ?? 'A';
  if (name === 'never.test') return null;
  if (name === 'a.test' && type === 'A') return replyTo(query, { answers: [{ type: 'A', name, ttl: 60, data: '192.0.2.10' }] });
  if (name === 'a.test' && type === 'AAAA') return replyTo(query, { answers: [{ type: 'AAAA', name, ttl: 60, data: '2001:db8::10' }] });
  if (name === 'big.test' && type === 'TXT') {
    if (transport === 'udp') return { ...replyTo(query), flags: (replyTo(query).flags ?? 0) | 0x200 };
    const answers = Array.from({ length: 300 }, (_, i) => ({ type: 'TXT' as const, name, ttl: 60, data: [`record-${i}-${'x'.repeat(100)}`] }));
    return replyTo(query, { answers });
  }
  if (name === 'loop1.test') return replyTo(query, { answers: [{ type: 'CNAME', name, ttl: 60, data: 'loop2.test' }] });
  if (name === 'loop2.test') return replyTo(query, { answers: [{ type: 'CNAME', name, ttl: 60, data: 'loop1.test' }] });
  if (name === 'inline-loop.test')
    return replyTo(query, {
      answers: [
        { type: 'CNAME', name, ttl: 60, data: 'x.test' },
        { type: 'CNAME', name: 'x.test', ttl: 60, data: 'inline-loop.test' },
      ],
    });
  if (name === 'www.split.test') return replyTo(query, { answers: [{ type: 'CNAME', name, ttl: 60, data: 'target.elsewhere.test' }] });
  if (name === 'target.elsewhere.test' && type === 'A') return replyTo(query, { answers: [{ type: 'A', name, ttl: 60, data: '192.0.2.20' }] });
  if (name === 'wrong-id.test') return { ...replyTo(query, { answers: [{ type: 'A', name, ttl: 60, data: '192.0.2.66' }] }), id: ((query.id ?? 0) + 1) % 65536 };
  if (name === 'wrong-question.test')
    return replyTo(query, { questions: [{ type: 'A', name: 'other.test' }], answers: [{ type: 'A', name: 'other.test', ttl: 60, data: '192.0.2.66' }] });
  if (name === 'garbage.test') return Buffer.from([query.id ? query.id >> 8 : 0, (query.id ?? 0) & 0xff, 0x81, 0x80, 0, 1, 0, 9, 0, 0, 0, 0, 0xc0, 0x0c]);
  if (name === 'junk.test')
    return replyTo(query, {
      answers: [
        { type: 'A', name: 'unrelated.test', ttl: 60, data: '192.0.2.99' },
        { type: 'A', name, ttl: 60, data: '192.0.2.30' },
      ],
    });
  if (name === 'ansi.test') return replyTo(query, { answers: [{ type: 'TXT', name, ttl: 60, data: ['\u001b[31mred\u0007'] }] });
  if (name === 'old-server.test') {
    if ((query.additionals ?? []).some((a) => a.type === 'OPT')) return replyTo(query, { rcode: 'FORMERR' });
    return replyTo(query, { answers: [{ type: 'A', name, ttl: 60, data: '192.0.2.40' }] });
  }
  return replyTo(query, { rcode: 'NXDOMAIN' });
}

describe('WireDnsClient', () => {
  let dns: HostileDns;
  before(async () => {
    dns = await startHostileDns({ address: ADDRESS, port: 0, respond });
  });
  after(async () => {
    await dns.stop();
  });
  const countFor = (name: string) => dns.received.filter((q) => q.name === name).length;

  it('answers A and AAAA over UDP with an EDNS0 OPT record of 1232 bytes', async () => {
    const client = new WireDnsClient([dns.server], 1000);
    const a = await client.query('a.test', 'A');
    assert.equal(a.rcode, 'NOERROR');
    assert.deepEqual(
      a.answers.map((r) => r.data),
      ['192.0.2.10'],
    );
    assert.equal(a.server, dns.server);
    const aaaa = await client.query('A.TEST.', 'AAAA');
    assert.deepEqual(
      aaaa.answers.map((r) => r.data),
      ['2001:db8::10'],
    );
    const sent = dns.received.find((q) => q.name === 'a.test' && q.transport === 'udp');
    assert.equal(sent?.ednsUdpSize, EDNS_UDP_SIZE);
  });

  it('sends each distinct (name, type) once per run, however often and however spelled it is asked', async () => {
    const client = new WireDnsClient([dns.server], 1000);
    const before = countFor('a.test');
    await Promise.all([client.query('a.test', 'A'), client.query('a.test', 'A'), client.query('A.test.', 'a'), client.query('a.test', 'AAAA')]);
    await client.query('a.test', 'A');
    assert.equal(client.queriesSent, 2);
    assert.equal(countFor('a.test') - before, 2);
  });

  it('retries over TCP when the UDP answer is truncated, and keeps at most MAX_ANSWER_RECORDS of a 300-record answer', async () => {
    const client = new WireDnsClient([dns.server], 2000);
    const started = Date.now();
    const answer = await client.query('big.test', 'TXT');
    assert.equal(answer.rcode, 'NOERROR');
    assert.equal(answer.answers.length, MAX_ANSWER_RECORDS);
    assert.deepEqual(answer.answers[0]?.chunks, [`record-0-${'x'.repeat(100)}`]);
    assert.deepEqual(
      dns.received.filter((q) => q.name === 'big.test').map((q) => q.transport),
      ['udp', 'tcp'],
    );
    assert.ok(Date.now() - started < 2000);
  });

  it('gives TIMEOUT, not a hang, when the server never answers (bounded by timeout x attempts)', async () => {
    const client = new WireDnsClient([dns.server], 300);
    const started = Date.now();
    const answer = await client.query('never.test', 'A');
    const took = Date.now() - started;
    assert.equal(answer.rcode, 'TIMEOUT');
    assert.match(answer.error ?? '', /no answer from 127\.0\.20\.11:\d+ within 300 ms/);
    assert.ok(took >= 550 && took < 1500, `took ${took} ms`);
  });

  it('detects a CNAME loop across queries and within one answer', async () => {
    const client = new WireDnsClient([dns.server], 1000);
    const loop = await client.query('loop1.test', 'A');
    assert.equal(loop.rcode, 'SERVFAIL');
    assert.match(loop.error ?? '', /CNAME loop: loop1\.test → loop2\.test → loop1\.test/);
    const inline = await client.query('inline-loop.test', 'A');
    assert.equal(inline.rcode, 'SERVFAIL');
    assert.match(inline.error ?? '', /CNAME loop/);
    assert.equal(countFor('loop1.test'), 1);
  });

  it('follows a CNAME into a name the first answer did not cover', async () => {
    const client = new WireDnsClient([dns.server], 1000);
    const answer = await client.query('www.split.test', 'A');
    assert.equal(answer.rcode, 'NOERROR');
    assert.deepEqual(answer.cnameChain, ['target.elsewhere.test']);
    assert.deepEqual(
      answer.answers.map((r) => `${r.type} ${r.data}`),
      ['CNAME target.elsewhere.test.', 'A 192.0.2.20'],
    );
  });

  it('ignores answers with the wrong id or question, and undecodable ones', async () => {
    const client = new WireDnsClient([dns.server], 250);
    for (const name of ['wrong-id.test', 'wrong-question.test', 'garbage.test']) {
      const answer = await client.query(name, 'A');
      assert.equal(answer.rcode, 'TIMEOUT', name);
      assert.equal(answer.answers.length, 0, name);
    }
  });

  it('drops answer records for names outside the CNAME chain, and escapes control characters', async () => {
    const client = new WireDnsClient([dns.server], 1000);
    const junk = await client.query('junk.test', 'A');
    assert.deepEqual(
      junk.answers.map((r) => r.data),
      ['192.0.2.30'],
    );
    const ansi = await client.query('ansi.test', 'TXT');
    assert.equal(ansi.answers[0]?.data, '\\027[31mred\\007');
  });

  it('asks again without EDNS0 when a server answers FORMERR to it', async () => {
    const client = new WireDnsClient([dns.server], 1000);
    const answer = await client.query('old-server.test', 'A');
    assert.equal(answer.rcode, 'NOERROR');
    assert.deepEqual(
      dns.received.filter((q) => q.name === 'old-server.test').map((q) => q.ednsUdpSize),
      [EDNS_UDP_SIZE, null],
    );
  });

  it('sends internationalised names in their punycode form', async () => {
    const client = new WireDnsClient([dns.server], 1000);
    const answer = await client.query('bücher.test', 'A');
    assert.equal(answer.name, 'xn--bcher-kva.test');
    assert.ok(dns.received.some((q) => q.name === 'xn--bcher-kva.test'));
  });

  it('reports NXDOMAIN and rejects names that are not valid DNS names without sending them', async () => {
    const client = new WireDnsClient([dns.server], 1000);
    assert.equal((await client.query('missing.test', 'A')).rcode, 'NXDOMAIN');
    const bad = await client.query(`${'a'.repeat(64)}.test`, 'A');
    assert.equal(bad.rcode, 'ERROR');
    assert.match(bad.error ?? '', /not a valid DNS name/);
  });

  it('tries the next server when the first one does not answer', async () => {
    const client = new WireDnsClient(['127.0.20.12:9', dns.server], 300);
    const answer = await client.query('a.test', 'A');
    assert.equal(answer.rcode, 'NOERROR');
    assert.equal(answer.server, dns.server);
  });

  it('talks to an IPv6 server given as [::1]:PORT', async () => {
    const v6 = await startHostileDns({ address: '::1', port: 0, respond });
    try {
      const client = new WireDnsClient([v6.server], 1000);
      const answer = await client.query('a.test', 'A');
      assert.equal(answer.rcode, 'NOERROR');
      assert.equal(answer.server, v6.server);
      assert.match(v6.server, /^\[::1\]:\d+$/);
    } finally {
      await v6.stop();
    }
  });

  it('is the client behind NetContext.lookup', async () => {
    const net = new NetContext({ timeoutMs: 1000, concurrency: 4, resolve: [], dnsServers: [dns.server], extraCaPem: [], allowNonLoopbackTraffic: false });
    const found = await net.lookup('a.test', 443);
    assert.deepEqual(found.addresses, ['192.0.2.10', '2001:db8::10']);
    const missing = await net.lookup('missing.test', 443);
    assert.equal(missing.error?.code, 'NXDOMAIN');
  });
});

describe('DNS server parsing', () => {
  it('reads HOST[:PORT] with IPv4 and IPv6', () => {
    assert.deepEqual(parseDnsServer('127.0.0.1'), { host: '127.0.0.1', port: 53 });
    assert.deepEqual(parseDnsServer('127.0.20.1:5353'), { host: '127.0.20.1', port: 5353 });
    assert.deepEqual(parseDnsServer('::1'), { host: '::1', port: 53 });
    assert.deepEqual(parseDnsServer('[::1]:5353'), { host: '::1', port: 5353 });
    assert.throws(() => parseDnsServer('127.0.0.1:99999'), /port/);
    assert.throws(
      () => parseDnsServer('dns.example'),
      (e: Error) => e instanceof UsageError && /IP address/.test(e.message),
    );
  });

  it('uses the resolv.conf nameservers (first three), else 127.0.0.1', () => {
    const conf = '# comment\nsearch example\nnameserver 10.0.0.1\nnameserver fe80::1%eth0\nnameserver 10.0.0.2\nnameserver 10.0.0.3\n';
    assert.deepEqual(
      systemResolvers(conf).map((s) => s.host),
      ['10.0.0.1', 'fe80::1', '10.0.0.2'],
    );
    assert.deepEqual(systemResolvers(''), [{ host: '127.0.0.1', port: 53 }]);
  });
});

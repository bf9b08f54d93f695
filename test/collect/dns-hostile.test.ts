// The dns collector against misbehaving servers: truncation forcing TCP, CNAME loops, huge answers, silence.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type * as dnsPacket from 'dns-packet';
import { dnsChecks } from '../../src/checks/dns/index.ts';
import { runChecks } from '../../src/checks/run.ts';
import { dnsCollector } from '../../src/collect/dns/index.ts';
import type { DnsFacts } from '../../src/facts/dns.ts';
import { isCollectorFailure } from '../../src/facts/index.ts';
import { Redactor } from '../../src/mask.ts';
import { NetContext } from '../../src/net/context.ts';
import { MAX_ANSWER_RECORDS } from '../../src/net/wire-dns.ts';
import { buildPlan } from '../../src/plan.ts';
import type { CheckResult, Finding } from '../../src/types.ts';
import { factsWith } from '../support/facts.ts';
import { type HostileDns, replyTo, startHostileDns } from '../support/hostile-dns.ts';

const TC = 0x200;

/** hostile.test: every answer is truncated over UDP; www is a CNAME loop; api has 300 A records; the rest is ordinary. */
function hostileZone(query: dnsPacket.DecodedPacket, transport: 'udp' | 'tcp'): dnsPacket.Packet | null {
  const q = query.questions?.[0];
  const name = q?.name.toLowerCase() ?? '';
  const type = q?.type ?? 'A';
  if (transport === 'udp') {
    const truncated = replyTo(query);
    return { ...truncated, flags: (truncated.flags ?? 0) | TC };
  }
  if (name === 'www.hostile.test' || name === 'loop.hostile.test')
    return replyTo(query, { answers: [{ type: 'CNAME', name, ttl: 60, data: name === 'www.hostile.test' ? 'loop.hostile.test' : 'www.hostile.test' }] });
  if (name === 'api.hostile.test' && type === 'A') {
    return replyTo(query, { answers: Array.from({ length: 300 }, (_, i) => ({ type: 'A' as const, name, ttl: 60, data: `10.0.${Math.floor(i / 250)}.${(i % 250) + 1}` })) });
  }
  if (name === 'app.hostile.test' && type === 'A') return replyTo(query, { answers: [{ type: 'A', name, ttl: 60, data: '127.0.0.1' }] });
  if (name === 'hostile.test' && type === 'NS') {
    return replyTo(query, {
      answers: [
        { type: 'NS', name, ttl: 60, data: 'ns1.hostile.test' },
        { type: 'NS', name, ttl: 60, data: 'ns2.hostile.test' },
      ],
    });
  }
  if (name === 'ns1.hostile.test' && type === 'A') return replyTo(query, { answers: [{ type: 'A', name, ttl: 60, data: '192.0.2.1' }] });
  if (name === 'ns2.hostile.test' && type === 'A') return replyTo(query, { answers: [{ type: 'A', name, ttl: 60, data: '198.51.100.1' }] });
  if (name === 'hostile.test' && type === 'CAA') return replyTo(query, { answers: [{ type: 'CAA', name, ttl: 60, data: { flags: 0, tag: 'issue', value: 'letsencrypt.org' } }] });
  if (name.endsWith('hostile.test') && (name === 'hostile.test' || name.startsWith('app.') || name.startsWith('mail.') || name.startsWith('ns'))) return replyTo(query);
  return replyTo(query, { rcode: 'NXDOMAIN' });
}

let hostile: HostileDns;
let silent: HostileDns;

async function audit(server: string, canonical: string, timeoutMs: number): Promise<{ dns: DnsFacts; findings: Finding[]; checks: CheckResult[]; ms: number }> {
  const { plan, secrets } = buildPlan(
    {
      app: {
        canonical,
        hosts: [
          new URL(canonical).hostname,
          `www.${new URL(canonical).hostname.split('.').slice(-2).join('.')}`,
          `api.${new URL(canonical).hostname.split('.').slice(-2).join('.')}`,
        ],
      },
    },
    { urls: [], cwd: '/nonexistent', cwdIsGitRepo: false },
    {},
  );
  const net = new NetContext({ timeoutMs, concurrency: 8, resolve: [], dnsServers: [server], extraCaPem: [], allowNonLoopbackTraffic: false });
  const started = Date.now();
  assert.ok(dnsCollector);
  const dns = await dnsCollector.collect({ plan, secrets, net, redactor: new Redactor(), progress: () => {} });
  const ms = Date.now() - started;
  assert.ok(!isCollectorFailure(dns));
  const facts = factsWith({ dns });
  facts.plan = plan;
  const out = runChecks(facts, new Map(dnsChecks.map((c) => [c.meta.id, c])));
  return { dns, findings: out.findings, checks: out.checks.filter((c) => c.id.startsWith('dns.')), ms };
}

describe('dns collector against hostile servers', () => {
  before(async () => {
    hostile = await startHostileDns({ address: '127.0.20.22', port: 0, respond: hostileZone });
    silent = await startHostileDns({ address: '127.0.20.23', port: 0, respond: () => null });
  });
  after(async () => {
    await hostile?.stop();
    await silent?.stop();
  });

  it('truncated UDP answers are retried over TCP; a CNAME loop and a 300-record answer are contained', async () => {
    const { dns, findings, ms } = await audit(hostile.server, 'https://app.hostile.test/', 2000);
    assert.ok(ms < 4000, `took ${ms} ms`);
    const app = dns.hosts.find((h) => h.host === 'app.hostile.test');
    assert.deepEqual(app?.ipv4, ['127.0.0.1']);
    assert.ok(hostile.received.some((q) => q.name === 'app.hostile.test' && q.transport === 'tcp'));
    const www = dns.hosts.find((h) => h.host === 'www.hostile.test');
    assert.equal(www?.a.rcode, 'SERVFAIL');
    assert.match(www?.a.error ?? '', /CNAME loop: www\.hostile\.test → loop\.hostile\.test → www\.hostile\.test/);
    const api = dns.hosts.find((h) => h.host === 'api.hostile.test');
    assert.equal(api?.ipv4.length, MAX_ANSWER_RECORDS);
    const loop = findings.find((f) => f.id === 'dns.unresolvable-host' && f.target === 'www.hostile.test');
    assert.equal(loop?.evidence.rcode, 'SERVFAIL');
    assert.ok(!findings.some((f) => f.id === 'dns.dangling-cname'), 'a loop is reported as unresolvable, not as a dangling target');
    // each (name, type) went out once: UDP then TCP
    const appA = hostile.received.filter((q) => q.name === 'app.hostile.test' && q.type === 'A').map((q) => q.transport);
    assert.deepEqual(appA, ['udp', 'tcp']);
  });

  it('a server that never answers: TIMEOUT evidence, checks that cannot judge say so, bounded time', async () => {
    const { dns, findings, checks, ms } = await audit(silent.server, 'https://app.silent.test/', 300);
    // 2 attempts x 300 ms per query, queries in parallel; the CAA climb stops at the first failure
    assert.ok(ms < 2500, `took ${ms} ms`);
    assert.ok(dns.hosts.every((h) => h.a.rcode === 'TIMEOUT'));
    const unresolvable = findings.filter((f) => f.id === 'dns.unresolvable-host');
    assert.deepEqual(unresolvable.map((f) => f.target).sort(), ['api.silent.test', 'app.silent.test', 'www.silent.test']);
    assert.equal(unresolvable[0]?.evidence.rcode, 'TIMEOUT');
    assert.equal(unresolvable[0]?.evidence.resolver, silent.server);
    const status = Object.fromEntries(checks.map((c) => [c.id, c.status]));
    assert.deepEqual(status, {
      'dns.unresolvable-host': 'failed',
      'dns.dangling-cname': 'error',
      'dns.no-caa': 'error',
      'dns.single-nameserver': 'error',
      'dns.no-ipv6': 'not-applicable',
    });
    assert.match(checks.find((c) => c.id === 'dns.no-caa')?.reason ?? '', /TIMEOUT/);
  });
});

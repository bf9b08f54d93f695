// The dns collector and dns.* checks against a real BIND serving hand-written zones on 127.0.20.21.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { dnsChecks } from '../../src/checks/dns/index.ts';
import { runChecks } from '../../src/checks/run.ts';
import { dnsCollector } from '../../src/collect/dns/index.ts';
import type { LaunchreadyConfig } from '../../src/config/types.ts';
import type { DnsFacts } from '../../src/facts/dns.ts';
import { isCollectorFailure } from '../../src/facts/index.ts';
import { Redactor } from '../../src/mask.ts';
import { NetContext } from '../../src/net/context.ts';
import { buildPlan } from '../../src/plan.ts';
import type { CheckResult, Finding } from '../../src/types.ts';
import { type AuthoritativeDns, startAuthoritativeDns, type ZoneSpec } from '../support/bind.ts';
import { factsWith } from '../support/facts.ts';

const ADDRESS = '127.0.20.21';
const PORT = 20_000 + Math.floor(Math.random() * 20_000);

// Nameserver addresses live only in zone data (never contacted): two documentation networks, or one shared /24.
const twoNetworks = 'ns1 IN A 192.0.2.53\nns2 IN A 198.51.100.53\n@ IN NS ns1\n@ IN NS ns2\n';

const ZONES: ZoneSpec[] = [
  // parent of every scenario zone, so CAA tree climbing gets a real "no CAA here" answer
  { origin: 'test', records: '' },
  {
    origin: 'clean.test',
    records: `${twoNetworks}@ IN A 127.0.0.1\n@ IN AAAA ::1\napp IN A 127.0.0.1\napp IN AAAA ::1\nwww IN CNAME app\n@ IN CAA 0 issue "letsencrypt.org"\n@ IN MX 10 mail\nmail IN A 127.0.0.2\n`,
  },
  {
    origin: 'dangling.test',
    records: `${twoNetworks}@ IN A 127.0.0.1\n@ IN AAAA ::1\napp IN A 127.0.0.1\napp IN AAAA ::1\nwww IN CNAME acme-old.herokuapp.com.\n@ IN CAA 0 issue "letsencrypt.org"\n`,
  },
  { origin: 'herokuapp.com', records: 'live-app IN A 192.0.2.80\n' },
  { origin: 'broken.test', records: `${twoNetworks}@ IN A 127.0.0.1\n@ IN AAAA ::1\n@ IN CAA 0 issue "letsencrypt.org"\n` },
  { origin: 'nocaa.test', records: `${twoNetworks}@ IN A 127.0.0.1\napp IN A 127.0.0.1\nwww IN A 127.0.0.1\n` },
  { origin: 'parent.test', records: `${twoNetworks}@ IN CAA 0 issue "pki.goog"\n` },
  { origin: 'child.parent.test', records: `${twoNetworks}@ IN A 127.0.0.1\n@ IN AAAA ::1\n` },
  { origin: 'onens.test', records: `@ IN NS ns1\nns1 IN A 192.0.2.53\n@ IN A 127.0.0.1\n@ IN AAAA ::1\n@ IN CAA 0 issue "letsencrypt.org"\n` },
  { origin: 'samenet.test', records: `@ IN NS ns1\n@ IN NS ns2\nns1 IN A 192.0.2.1\nns2 IN A 192.0.2.200\n@ IN A 127.0.0.1\n@ IN AAAA ::1\n@ IN CAA 0 issue "letsencrypt.org"\n` },
];

let bind: AuthoritativeDns;

async function audit(config: LaunchreadyConfig, flags: { domain?: string } = {}): Promise<{ dns: DnsFacts; findings: Finding[]; checks: CheckResult[]; ms: number }> {
  const { plan, secrets } = buildPlan(config, { urls: [], cwd: '/nonexistent', cwdIsGitRepo: false, ...flags }, {});
  const net = new NetContext({ timeoutMs: 2000, concurrency: 8, resolve: [], dnsServers: [bind.server], extraCaPem: [], allowNonLoopbackTraffic: false });
  const started = Date.now();
  assert.ok(dnsCollector);
  const dns = await dnsCollector.collect({ plan, secrets, net, redactor: new Redactor(), progress: () => {} });
  const ms = Date.now() - started;
  assert.ok(!isCollectorFailure(dns), 'the collector returns facts');
  const facts = factsWith({ dns });
  facts.plan = plan;
  const out = runChecks(facts, new Map(dnsChecks.map((c) => [c.meta.id, c])));
  return { dns, findings: out.findings, checks: out.checks.filter((c) => c.id.startsWith('dns.')), ms };
}

const ids = (findings: Finding[]) => findings.map((f) => `${f.id} ${f.target}`).sort();

describe('dns collector against BIND', () => {
  before(async () => {
    bind = await startAuthoritativeDns({ address: ADDRESS, port: PORT, zones: ZONES });
  });
  after(async () => {
    await bind?.stop();
  });

  it('a clean domain: no dns.* finding, every check passed, facts for the domain map', async () => {
    const { dns, findings, checks, ms } = await audit({ app: { canonical: 'https://app.clean.test/' } });
    assert.deepEqual(ids(findings), []);
    assert.deepEqual(
      checks.map((c) => `${c.id} ${c.status}`),
      ['dns.unresolvable-host', 'dns.dangling-cname', 'dns.no-caa', 'dns.single-nameserver', 'dns.no-ipv6'].map((id) => `${id} passed`),
    );
    const www = dns.hosts.find((h) => h.host === 'www.clean.test');
    assert.deepEqual(www?.cnameChain, ['app.clean.test']);
    assert.equal(www?.cnameTargetResolves, true);
    assert.deepEqual(www?.ipv4, ['127.0.0.1']);
    assert.equal(www?.role, 'www');
    // app/api/mail discovered for the map; api does not exist and is not judged
    const api = dns.hosts.find((h) => h.host === 'api.clean.test');
    assert.equal(api?.configured, false);
    assert.equal(api?.a.rcode, 'NXDOMAIN');
    assert.deepEqual(dns.hosts.find((h) => h.host === 'mail.clean.test')?.ipv4, ['127.0.0.2']);
    assert.deepEqual(dns.mx?.exchanges, [{ preference: 10, exchange: 'mail.clean.test', ipv4: ['127.0.0.2'], ipv6: [] }]);
    assert.deepEqual(dns.nameservers?.servers.map((s) => `${s.name} ${s.ipv4.join(',')}`).sort(), ['ns1.clean.test 192.0.2.53', 'ns2.clean.test 198.51.100.53']);
    assert.deepEqual(dns.caa?.records, ['0 issue "letsencrypt.org"']);
    assert.deepEqual(dns.resolver, { servers: [bind.server], source: 'dns-server' });
    assert.ok(ms < 3000, `took ${ms} ms`);
    // 5 hosts x (A, AAAA) + NS + 2 nameservers x (A, AAAA) + CAA + MX, each sent once
    assert.equal(dns.queriesSent, 17);
  });

  it('asks each (name, type) once per run, even when collected twice', async () => {
    const { plan, secrets } = buildPlan({ app: { canonical: 'https://app.clean.test/' } }, { urls: [], cwd: '/nonexistent', cwdIsGitRepo: false }, {});
    const net = new NetContext({ timeoutMs: 2000, concurrency: 8, resolve: [], dnsServers: [bind.server], extraCaPem: [], allowNonLoopbackTraffic: false });
    const run = { plan, secrets, net, redactor: new Redactor(), progress: () => {} };
    const first = await dnsCollector?.collect(run);
    const second = await dnsCollector?.collect(run);
    assert.equal(net.dns.queriesSent, 17);
    assert.deepEqual(second, first);
    // the web/TLS side resolves through the same client and cache
    assert.deepEqual((await net.lookup('www.clean.test', 443)).addresses, ['127.0.0.1', '::1']);
    assert.equal(net.dns.queriesSent, 17);
  });

  it('a dangling CNAME to a deleted Heroku app: takeover blocker with the provider, and the host does not resolve', async () => {
    const { findings } = await audit({ app: { canonical: 'https://app.dangling.test/' } });
    assert.deepEqual(ids(findings), ['dns.dangling-cname www.dangling.test', 'dns.unresolvable-host www.dangling.test']);
    const dangling = findings.find((f) => f.id === 'dns.dangling-cname');
    assert.equal(dangling?.severity, 'blocker');
    assert.equal(dangling?.evidence.provider, 'Heroku');
    assert.equal(dangling?.evidence.rcode, 'NXDOMAIN');
    assert.equal(dangling?.evidence.resolver, bind.server);
    assert.deepEqual(dangling?.evidence.cnameChain, ['acme-old.herokuapp.com']);
  });

  it('an unresolvable app host: NXDOMAIN with the resolver as evidence; no IPv6 judgement on a host that does not exist', async () => {
    const { findings, checks } = await audit({ app: { canonical: 'https://app.broken.test/' } });
    assert.deepEqual(ids(findings), ['dns.unresolvable-host app.broken.test', 'dns.unresolvable-host www.broken.test']);
    const app = findings.find((f) => f.target === 'app.broken.test');
    assert.equal(app?.evidence.rcode, 'NXDOMAIN');
    assert.equal(app?.evidence.resolver, bind.server);
    assert.equal(checks.find((c) => c.id === 'dns.no-ipv6')?.status, 'not-applicable');
  });

  it('no CAA at the apex nor above it; IPv4-only canonical host is an info finding', async () => {
    const { dns, findings } = await audit({ app: { canonical: 'https://app.nocaa.test/' } });
    assert.deepEqual(ids(findings), ['dns.no-caa nocaa.test', 'dns.no-ipv6 app.nocaa.test']);
    assert.deepEqual(dns.caa?.queried, ['nocaa.test']);
    assert.equal(findings.find((f) => f.id === 'dns.no-ipv6')?.severity, 'info');
  });

  it('CAA inherited from the parent domain passes (RFC 8659 tree climbing)', async () => {
    const { dns, findings } = await audit({ app: { canonical: 'https://child.parent.test/', hosts: ['child.parent.test'] } }, { domain: 'child.parent.test' });
    assert.deepEqual(ids(findings), []);
    assert.equal(dns.caa?.foundAt, 'parent.test');
    assert.deepEqual(dns.caa?.queried, ['child.parent.test', 'parent.test']);
    assert.deepEqual(dns.caa?.records, ['0 issue "pki.goog"']);
  });

  it('one nameserver, and two nameservers sharing a /24', async () => {
    const one = await audit({ app: { canonical: 'https://onens.test/', hosts: ['onens.test'] } });
    assert.deepEqual(ids(one.findings), ['dns.single-nameserver onens.test']);
    assert.equal(one.findings[0]?.evidence.count, 1);
    const shared = await audit({ app: { canonical: 'https://samenet.test/', hosts: ['samenet.test'] } });
    assert.deepEqual(ids(shared.findings), ['dns.single-nameserver samenet.test']);
    assert.equal(shared.findings[0]?.evidence.network, '192.0.2.0/24');
  });
});

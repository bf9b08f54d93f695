// Edge detection: CIDR boundaries, CNAME suffixes, response headers (from loopback servers, through the repo's HTTP
// client) and DNS answers from a real BIND, plus the protection.no-edge verdict.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { isCannotRun, isNotApplicable } from '../../src/checks/define.ts';
import { NetContext } from '../../src/net/context.ts';
import { httpRequest, isHttpFailure } from '../../src/net/http.ts';
import { CidrSet, normalizeAddress, parseCidr } from '../../src/protection/cidr.ts';
import { classifyEdge, EDGE_PROVIDERS, hasDomainSuffix, isPrivateAddress, judgeNoEdge } from '../../src/protection/edge.ts';
import { EDGE_RANGES } from '../../src/protection/edge-ranges.ts';
import type { FindingDraft } from '../../src/types.ts';
import { type AuthoritativeDns, startAuthoritativeDns } from '../support/bind.ts';

const findings = (verdict: unknown): FindingDraft[] => {
  assert.ok(Array.isArray(verdict), `expected findings, got ${JSON.stringify(verdict)}`);
  return verdict as FindingDraft[];
};

describe('CIDR matching', () => {
  it('parses strictly', () => {
    assert.deepEqual(parseCidr('104.16.0.0/13'), { address: '104.16.0.0', prefix: 13, family: 'ipv4' });
    assert.deepEqual(parseCidr('2a06:98c0::/29'), { address: '2a06:98c0::', prefix: 29, family: 'ipv6' });
    for (const bad of ['1.2.3.4/33', '::/129', '1.2.3/8', '1.2.3.4', 'x/8', '1.2.3.4/-1', '1.2.3.4/8/9', '256.0.0.0/8']) assert.equal(parseCidr(bad), null, bad);
    assert.throws(() => new CidrSet(['10.0.0.0/8', 'nope']), /not a CIDR range: "nope"/);
  });

  it('IPv4 boundaries: first and last address in, neighbours out; /32 and /0', () => {
    const set = new CidrSet(['173.245.48.0/20', '198.51.100.7/32']);
    assert.equal(set.match('173.245.47.255'), null);
    assert.equal(set.match('173.245.48.0'), '173.245.48.0/20');
    assert.equal(set.match('173.245.63.255'), '173.245.48.0/20');
    assert.equal(set.match('173.245.64.0'), null);
    assert.equal(set.has('198.51.100.7'), true);
    assert.equal(set.has('198.51.100.6'), false);
    assert.equal(set.has('198.51.100.8'), false);
    const everything = new CidrSet(['0.0.0.0/0']);
    assert.equal(everything.has('255.255.255.255'), true);
    assert.equal(everything.has('::1'), false, 'an IPv4 range never holds an IPv6 address');
  });

  it('IPv6 boundaries, zone ids and brackets, and IPv4-mapped addresses', () => {
    const set = new CidrSet(['2a06:98c0::/29', '2001:db8::1/128', '104.16.0.0/13']);
    assert.equal(set.match('2a06:98bf:ffff:ffff:ffff:ffff:ffff:ffff'), null);
    assert.equal(set.match('2a06:98c0::'), '2a06:98c0::/29');
    assert.equal(set.match('2A06:98C7:FFFF:FFFF:FFFF:FFFF:FFFF:FFFF'), '2a06:98c0::/29');
    assert.equal(set.match('2a06:98c8::'), null);
    assert.equal(set.has('[2001:db8::1]'), true);
    assert.equal(set.has('2001:db8::2'), false);
    assert.equal(set.has('2001:db8::1%eth0'), true);
    assert.equal(set.match('::ffff:104.23.255.255'), '104.16.0.0/13');
    assert.equal(set.has('::ffff:104.24.0.0'), false);
    assert.deepEqual(normalizeAddress('::ffff:104.16.0.1'), { address: '104.16.0.1', family: 'ipv4' });
    assert.equal(set.has('not-an-address'), false);
    assert.equal(set.has(''), false);
  });

  it('the shipped range lists carry their source and date, parse, and hold known edge addresses', () => {
    for (const [name, list] of Object.entries(EDGE_RANGES)) {
      assert.equal(list.provider, name);
      assert.ok(list.source.length > 0 && list.source.every((s) => s.startsWith('https://')), `${name} source`);
      assert.match(list.retrieved, /^20\d\d-\d\d-\d\d$/);
      assert.ok(list.copy.length > 20);
      assert.equal(list.set.size, list.ranges.length);
    }
    assert.equal(EDGE_RANGES.Cloudflare.set.match('104.16.132.229'), '104.16.0.0/13');
    assert.equal(EDGE_RANGES.Cloudflare.set.match('2606:4700:10::6816:84e5'), '2606:4700::/32');
    assert.equal(EDGE_RANGES.Fastly.set.match('151.101.1.57'), '151.101.0.0/16');
    assert.equal(EDGE_RANGES['Amazon CloudFront'].set.match('13.32.0.1'), '13.32.0.0/15');
    assert.equal(EDGE_RANGES['Amazon CloudFront'].set.match('2600:9000:2000::1'), '2600:9000:2000::/35');
    assert.equal(EDGE_RANGES.Vercel.set.has('76.76.21.21'), true);
    // documentation and private addresses are in no list
    for (const list of Object.values(EDGE_RANGES))
      for (const a of ['192.0.2.1', '127.0.0.1', '10.0.0.1', '2001:db8::1']) assert.equal(list.set.has(a), false, `${list.provider} ${a}`);
  });
});

describe('edge classification', () => {
  it('CNAME suffixes match on a label boundary, any case, with or without the trailing dot', () => {
    assert.equal(hasDomainSuffix('x.cdn.cloudflare.net.', 'cdn.cloudflare.net'), true);
    assert.equal(hasDomainSuffix('D111111ABCDEF8.CloudFront.NET', 'cloudfront.net'), true);
    assert.equal(hasDomainSuffix('cloudfront.net', 'cloudfront.net'), true);
    assert.equal(hasDomainSuffix('evilcloudfront.net', 'cloudfront.net'), false);
    assert.equal(hasDomainSuffix('cloudfront.net.evil.example', 'cloudfront.net'), false);
    const cases: [string, string | null][] = [
      ['acme.com.cdn.cloudflare.net', 'Cloudflare'],
      ['d1234abcd.cloudfront.net.', 'Amazon CloudFront'],
      ['dualstack.k.sni.global.fastly.net', 'Fastly'],
      ['acme.map.fastlylb.net', 'Fastly'],
      ['www.acme.com.edgekey.net', 'Akamai'],
      ['e1234.a.akamaiedge.net', 'Akamai'],
      ['acme-fd.z01.azurefd.net', 'Azure Front Door'],
      ['acme.azureedge.net', 'Azure Front Door'],
      ['cname.vercel-dns.com', 'Vercel'],
      ['acme.netlify.app', 'Netlify'],
      ['acme.fly.dev', 'Fly.io'],
      ['acme.onrender.com', 'Render'],
      ['acme-1234.herokudns.com', null],
      ['app.acme-hosting.example', null],
      ['fastly.net.example', null],
    ];
    for (const [cname, edge] of cases) assert.equal(classifyEdge({ cnameChain: ['www.acme.test', cname] }).edge, edge, cname);
  });

  it('Heroku is recognised but is not an edge that absorbs floods', () => {
    const result = classifyEdge({ cnameChain: ['acme-1234.herokudns.com'], responseHeaders: { Via: '1.1 vegur' } });
    assert.equal(result.edge, null);
    assert.deepEqual(
      result.evidence.map((e) => `${e.source} ${e.provider} ${e.absorbsFloods}`),
      ['cname Heroku false', 'header Heroku false'],
    );
    assert.match(result.evidence[0]?.detail ?? '', /not an edge: the Heroku router forwards every request/);
    assert.equal(EDGE_PROVIDERS.filter((p) => !p.absorbsFloods).length, 1);
  });

  it('response headers of each edge, and look-alikes that are not', () => {
    const cases: [Record<string, string | string[]>, string | null][] = [
      [{ 'CF-RAY': '8f1e2d3c4b5a6978-FRA' }, 'Cloudflare'],
      [{ server: 'cloudflare' }, 'Cloudflare'],
      [{ 'x-amz-cf-id': 'abc==', 'x-amz-cf-pop': 'FRA56-P1' }, 'Amazon CloudFront'],
      [{ via: '1.1 0123456789abcdef.cloudfront.net (CloudFront)' }, 'Amazon CloudFront'],
      [{ 'x-served-by': 'cache-fra-etou8220056-FRA', 'x-cache': 'HIT' }, 'Fastly'],
      [{ 'x-served-by': 'cache-fra-etou8220056-FRA' }, null],
      [{ 'x-served-by': 'web-3', 'x-cache': 'MISS' }, null],
      [{ server: 'AkamaiGHost' }, 'Akamai'],
      [{ 'akamai-grn': '0.1234.5678' }, 'Akamai'],
      [{ 'x-azure-ref': '20261201T100000Z-abc' }, 'Azure Front Door'],
      [{ via: '1.1 google' }, 'Google Cloud CDN / load balancer'],
      [{ via: ['1.1 varnish', '1.1 google'] }, 'Google Cloud CDN / load balancer'],
      [{ 'x-vercel-id': 'fra1::abcde-1700000000000-0123' }, 'Vercel'],
      [{ 'x-nf-request-id': '01HABC' }, 'Netlify'],
      [{ 'fly-request-id': '01HXYZ-fra' }, 'Fly.io'],
      [{ 'rndr-id': 'abc-123' }, 'Render'],
      [{ server: 'nginx/1.24.0', via: '1.1 varnish', 'x-cache': 'HIT' }, null],
      [{ server: 'cloudflare-imitation-is-not-flattery' }, null],
    ];
    for (const [headers, edge] of cases) assert.equal(classifyEdge({ responseHeaders: headers }).edge, edge, JSON.stringify(headers));
  });

  it('addresses inside published ranges; DNS names the edge before headers of a layer behind it', () => {
    assert.equal(classifyEdge({ addresses: ['151.101.65.57'] }).edge, 'Fastly');
    assert.equal(classifyEdge({ addresses: ['192.0.2.10', '2600:9000:2000::1'] }).edge, 'Amazon CloudFront');
    assert.equal(classifyEdge({ addresses: ['192.0.2.10', '198.51.100.2'] }).edge, null);
    // an app on Fly behind Cloudflare: both send headers, the DNS answer says who receives the traffic
    const layered = classifyEdge({ addresses: ['104.16.1.1'], responseHeaders: { 'fly-request-id': 'x', 'cf-ray': 'y' } });
    assert.equal(layered.edge, 'Cloudflare');
    assert.deepEqual([...new Set(layered.evidence.map((e) => e.provider))].sort(), ['Cloudflare', 'Fly.io']);
    assert.deepEqual(layered.seen, { cnames: 0, addresses: 1, headers: 2 });
    // hostile header values are cut in the evidence
    const long = classifyEdge({ responseHeaders: { 'cf-ray': 'x'.repeat(5000) } });
    assert.ok((long.evidence[0]?.detail.length ?? 0) < 200);
  });

  it('private addresses are recognised as such', () => {
    for (const a of ['127.0.0.1', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.1.1', '100.64.0.1', '::1', 'fd00::1', 'fe80::1', '::ffff:10.0.0.1'])
      assert.equal(isPrivateAddress(a), true, a);
    for (const a of ['172.32.0.1', '100.128.0.1', '192.0.2.1', '104.16.0.1', '2606:4700::1', 'nonsense']) assert.equal(isPrivateAddress(a), false, a);
  });
});

describe('protection.no-edge verdict', () => {
  const origin = classifyEdge({ addresses: ['192.0.2.10'], responseHeaders: { server: 'nginx' } });

  it('an origin answering directly: low, info when every configured route is private', () => {
    const [low] = findings(judgeNoEdge({ host: 'app.acme.test', classification: origin, routes: [{ auth: 'public' }, { auth: 'private' }], addresses: ['192.0.2.10'] }));
    assert.equal(low?.severity, 'low');
    assert.equal(low?.target, 'app.acme.test');
    assert.match(String(low?.evidence.summary), /no CNAME, address or response header of a known edge \(0 CNAMEs, 1 address, 1 response header looked at\)/);
    const [info] = findings(judgeNoEdge({ host: 'app.acme.test', classification: origin, routes: [{ auth: 'private' }, { auth: 'private' }] }));
    assert.equal(info?.severity, 'info');
    assert.equal(info?.evidence.severityReason, 'every configured route is auth: private');
    // no route configured is not "every route private"
    assert.equal(findings(judgeNoEdge({ host: 'app.acme.test', classification: origin, routes: [] }))[0]?.severity, 'low');
  });

  it('passes behind an edge; cannot judge with nothing seen; not applicable for a loopback or private stack', () => {
    assert.deepEqual(judgeNoEdge({ host: 'acme.test', classification: classifyEdge({ cnameChain: ['acme.test.cdn.cloudflare.net'] }), routes: [] }), []);
    assert.ok(isCannotRun(judgeNoEdge({ host: 'acme.test', classification: classifyEdge({}), routes: [] })));
    const local = judgeNoEdge({ host: 'acme.test', classification: classifyEdge({ addresses: ['127.0.0.1'] }), routes: [], addresses: ['127.0.0.1', '::1'] });
    assert.ok(isNotApplicable(local));
    assert.match(local.notApplicable, /loopback or private addresses only/);
  });
});

describe('edge detection from live response headers (loopback servers, the repo HTTP client)', () => {
  let edgeServer: Server;
  let plainServer: Server;
  const ctx = new NetContext({ timeoutMs: 2000, concurrency: 4, resolve: [], dnsServers: ['127.0.0.1:1'], extraCaPem: [], allowNonLoopbackTraffic: false });
  const listen = async (server: Server) => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return (server.address() as AddressInfo).port;
  };
  let edgePort = 0;
  let plainPort = 0;
  before(async () => {
    edgeServer = createServer((_req, res) => res.writeHead(200, { 'CF-RAY': '8f1e2d3c4b5a6978-FRA', Server: 'cloudflare', 'Set-Cookie': ['a=1', 'b=2'] }).end('ok'));
    plainServer = createServer((_req, res) => res.writeHead(200, { Server: 'nginx/1.24.0', 'X-Cache': 'MISS' }).end('ok'));
    edgePort = await listen(edgeServer);
    plainPort = await listen(plainServer);
  });
  after(async () => {
    await Promise.all([edgeServer, plainServer].map((s) => new Promise((r) => s.close(r))));
  });

  it('a server sending Cloudflare headers is behind Cloudflare; one that does not is an origin', async () => {
    const edge = await httpRequest(ctx, { url: `http://127.0.0.1:${edgePort}/` });
    const plain = await httpRequest(ctx, { url: `http://127.0.0.1:${plainPort}/` });
    assert.ok(!isHttpFailure(edge) && !isHttpFailure(plain));
    const behind = classifyEdge({ responseHeaders: edge.headers });
    assert.equal(behind.edge, 'Cloudflare');
    assert.deepEqual(
      behind.evidence.map((e) => e.detail),
      ['response header cf-ray: 8f1e2d3c4b5a6978-FRA', 'response header server: cloudflare'],
    );
    assert.deepEqual(judgeNoEdge({ host: '127.0.0.1', classification: behind, routes: [] }), []);
    const direct = classifyEdge({ responseHeaders: plain.headers });
    assert.equal(direct.edge, null);
    assert.deepEqual(direct.evidence, []);
    assert.equal(findings(judgeNoEdge({ host: 'app.acme.test', classification: direct, routes: [{ auth: 'public' }] }))[0]?.severity, 'low');
  });
});

describe('edge detection from DNS answers (BIND)', () => {
  const ADDRESS = '127.0.32.53';
  const PORT = 20_000 + Math.floor(Math.random() * 20_000);
  let bind: AuthoritativeDns;
  let ctx: NetContext;
  before(async () => {
    bind = await startAuthoritativeDns({
      address: ADDRESS,
      port: PORT,
      zones: [
        { origin: 'edge.test', records: '@ IN A 104.16.132.229\n@ IN AAAA 2606:4700::6810:84e5\nwww IN CNAME acme-edge-test.cdn.cloudflare.net.\n' },
        { origin: 'cdn.cloudflare.net', records: 'acme-edge-test IN A 104.16.133.229\n' },
        { origin: 'origin.test', records: '@ IN A 192.0.2.10\nwww IN CNAME origin.test.\n' },
        { origin: 'heroku.test', records: 'www IN CNAME acme-1234.herokudns.com.\n' },
        { origin: 'herokudns.com', records: 'acme-1234 IN A 192.0.2.80\n' },
      ],
    });
    ctx = new NetContext({ timeoutMs: 2000, concurrency: 4, resolve: [], dnsServers: [bind.server], extraCaPem: [], allowNonLoopbackTraffic: false });
  });
  after(async () => {
    await bind?.stop();
  });

  async function dnsOf(host: string) {
    const [a, aaaa] = await Promise.all([ctx.dns.query(host, 'A'), ctx.dns.query(host, 'AAAA')]);
    const addresses = [...a.answers, ...aaaa.answers].filter((r) => r.type === 'A' || r.type === 'AAAA').map((r) => r.data);
    return { cnameChain: a.cnameChain, addresses };
  }

  it('www CNAMEs to *.cdn.cloudflare.net and the apex A is inside a Cloudflare range', async () => {
    const www = await dnsOf('www.edge.test');
    assert.deepEqual(www.cnameChain, ['acme-edge-test.cdn.cloudflare.net']);
    const wwwEdge = classifyEdge(www);
    assert.equal(wwwEdge.edge, 'Cloudflare');
    assert.deepEqual(
      wwwEdge.evidence.map((e) => e.source),
      ['cname', 'address'],
    );
    const apex = await dnsOf('edge.test');
    assert.deepEqual(apex.addresses.sort(), ['104.16.132.229', '2606:4700::6810:84e5']);
    const apexEdge = classifyEdge(apex);
    assert.equal(apexEdge.edge, 'Cloudflare');
    assert.deepEqual(
      apexEdge.evidence.map((e) => e.detail.replace(/ \(published.*$/, '')),
      ['address 104.16.132.229 in Cloudflare range 104.16.0.0/13', 'address 2606:4700::6810:84e5 in Cloudflare range 2606:4700::/32'],
    );
    assert.deepEqual(judgeNoEdge({ host: 'edge.test', classification: apexEdge, routes: [], addresses: apex.addresses }), []);
  });

  it('an origin address and a Heroku CNAME: no edge, protection.no-edge fires with what was recognised', async () => {
    const direct = await dnsOf('www.origin.test');
    assert.deepEqual(direct.addresses, ['192.0.2.10']);
    const [origin] = findings(judgeNoEdge({ host: 'www.origin.test', classification: classifyEdge(direct), routes: [{}], addresses: direct.addresses }));
    assert.equal(origin?.severity, 'low');
    const heroku = await dnsOf('www.heroku.test');
    assert.deepEqual(heroku.cnameChain, ['acme-1234.herokudns.com']);
    const [finding] = findings(judgeNoEdge({ host: 'www.heroku.test', classification: classifyEdge(heroku), routes: [], addresses: heroku.addresses }));
    assert.deepEqual(finding?.evidence.recognised, [
      'Heroku: CNAME acme-1234.herokudns.com (*.herokudns.com); not an edge: the Heroku router forwards every request to the app dynos: no cache, WAF or per-client limits in front of them',
    ]);
  });
});

// The web collector against real http and https servers on 127.0.10.5 (certificate from a test CA).
import assert from 'node:assert/strict';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import zlib from 'node:zlib';
import { webCollector } from '../../src/collect/web/index.ts';
import type { Facts } from '../../src/facts/index.ts';
import type { WebFacts } from '../../src/facts/web.ts';
import { Redactor } from '../../src/mask.ts';
import { NetContext } from '../../src/net/context.ts';
import { createCertificateAuthority, issueCertificate } from '../../src/pki/ca.ts';
import { buildPlan } from '../../src/plan.ts';
import { buildDomainMap } from '../../src/report/domain-map.ts';
import { runAllChecks } from '../support/run-all.ts';

const ADDRESS = '127.0.10.5';
const ca = createCertificateAuthority('web collector test CA');
const leaf = issueCertificate(ca, { hosts: ['app.acme.test', 'acme.test', 'www.acme.test'] });
const SCRIPT = `console.log(${JSON.stringify('x'.repeat(3000))});`;
const PAGE = (port: number) => `<!doctype html><html><head><link rel="stylesheet" href="/assets/app.3f9a1c2b.css"><script src="/assets/main.js"></script>
<script src="http://cdn.acme.test:${port}/lib.js"></script></head><body><img src="http://cdn.acme.test/logo.png">${'<p>hello</p>'.repeat(200)}</body></html>`;

let httpServer: http.Server;
let httpsServer: https.Server;
let httpPort = 0;
let httpsPort = 0;
const seenSecret: string[] = [];

function app(secure: boolean) {
  return (req: http.IncomingMessage, res: http.ServerResponse) => {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '');
    const url = req.url ?? '/';
    const httpsBase = (h: string) => `https://${h}:${httpsPort}`;
    if (!secure) {
      if (host === 'acme.test') return void res.writeHead(200, { 'content-type': 'text/html' }).end('<p>plain http</p>');
      if (host === 'www.acme.test') return void res.writeHead(302, { location: `${httpsBase('app.acme.test')}/` }).end();
      return void res.writeHead(301, { location: `${httpsBase('app.acme.test')}${url}` }).end();
    }
    if (host === 'www.acme.test') return void res.writeHead(301, { location: `${httpsBase('www.acme.test')}/` }).end();
    if (host === 'acme.test') return void res.writeHead(301, { location: `${httpsBase('app.acme.test')}${url}` }).end();
    if (req.headers.authorization) seenSecret.push(req.headers.authorization);
    const origin = req.headers.origin;
    if (url === '/') {
      const body = zlib.gzipSync(PAGE(httpPort));
      return void res
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-encoding': 'gzip', server: 'nginx/1.24.0', 'set-cookie': ['sid=s3cr3t-session-value; Path=/'] })
        .end(body);
    }
    if (url === '/assets/app.3f9a1c2b.css')
      return void res.writeHead(200, { 'content-type': 'text/css', 'cache-control': 'public, max-age=31536000, immutable', etag: '"a"' }).end('body{}');
    if (url === '/assets/main.js') return void res.writeHead(200, { 'content-type': 'application/javascript', 'cache-control': 'max-age=60' }).end(SCRIPT);
    if (url.startsWith('/api/orders')) {
      const headers: Record<string, string> = { 'content-type': 'application/json', 'cache-control': 'public, max-age=60' };
      if (origin) Object.assign(headers, { 'access-control-allow-origin': origin, 'access-control-allow-credentials': 'true' });
      return void res.writeHead(req.method === 'OPTIONS' ? 204 : 200, headers).end(req.method === 'OPTIONS' ? undefined : '[]');
    }
    if (url === '/health') return void res.writeHead(200).end('ok');
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  };
}

async function listen(server: http.Server | https.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, ADDRESS, resolve));
  return (server.address() as AddressInfo).port;
}

async function collect(): Promise<WebFacts> {
  const { plan, secrets } = buildPlan(
    {
      app: {
        canonical: `https://app.acme.test:${httpsPort}/`,
        hosts: ['app.acme.test', 'acme.test', 'www.acme.test', 'gone.acme.test'],
        ports: { http: httpPort, https: httpsPort },
        frontendOrigins: ['https://front.acme.test'],
      },
      routes: [{ path: '/api/orders', method: 'GET', kind: 'read', headers: { Authorization: 'Bearer tok_live_abcdefghijklmnop' } }],
    },
    { urls: [], cwd: '/nonexistent', cwdIsGitRepo: false },
    {},
  );
  const resolve = ['app.acme.test', 'acme.test', 'www.acme.test', 'cdn.acme.test'].flatMap((h) => [`${h}:${httpPort}:${ADDRESS}`, `${h}:${httpsPort}:${ADDRESS}`]);
  const net = new NetContext({ timeoutMs: 3000, concurrency: 8, resolve, dnsServers: ['127.0.0.1:9'], extraCaPem: [ca.certPem], allowNonLoopbackTraffic: false });
  assert.ok(webCollector);
  const facts = await webCollector.collect({ plan, secrets, net, redactor: new Redactor(), progress() {} });
  assert.ok(!('error' in facts && Object.keys(facts).length === 1), JSON.stringify(facts));
  return facts as WebFacts;
}

describe('web collector', { timeout: 60_000 }, () => {
  let web: WebFacts;
  before(async () => {
    httpServer = http.createServer(app(false));
    httpsServer = https.createServer({ key: leaf.keyPem, cert: leaf.certPem }, app(true));
    httpPort = await listen(httpServer);
    httpsPort = await listen(httpsServer);
    web = await collect();
  });
  after(() => {
    httpServer.closeAllConnections();
    httpsServer.closeAllConnections();
    httpServer.close();
    httpsServer.close();
  });

  it('follows every variant hop by hop', () => {
    const byUrl = new Map(web.variants.map((v) => [v.url, v]));
    assert.equal(web.variants.length, 8);
    const httpApp = byUrl.get(`http://app.acme.test:${httpPort}/`);
    assert.equal(httpApp?.outcome, 'final');
    assert.deepEqual(
      httpApp?.hops.map((h) => h.status),
      [301, 200],
    );
    assert.equal(httpApp?.hops[1]?.tls?.authorized, true);
    assert.equal(httpApp?.hops[1]?.remoteAddress, ADDRESS);
    assert.equal(httpApp?.pathProbe?.finalUrl, `https://app.acme.test:${httpsPort}/launchready/probe?q=1`);
    assert.equal(byUrl.get(`https://www.acme.test:${httpsPort}/`)?.outcome, 'loop');
    const gone = byUrl.get(`https://gone.acme.test:${httpsPort}/`);
    assert.equal(gone?.outcome, 'error');
    assert.equal(gone?.dnsFailure, true);
  });

  it('keeps pages, assets, routes, CORS, security.txt and health probes, never a secret in full', () => {
    const home = web.pages.find((p) => p.path === '/');
    assert.equal(home?.response?.contentEncoding, 'gzip');
    assert.deepEqual(home?.response?.headers['set-cookie'], ['sid=s3cr…(20 chars); Path=/']);
    assert.deepEqual(
      home?.html?.subresources.map((s) => s.kind),
      ['script', 'img'],
    );
    assert.deepEqual(web.assets.map((a) => [new URL(a.url).pathname, a.fingerprinted]).sort(), [
      ['/assets/app.3f9a1c2b.css', true],
      ['/assets/main.js', false],
    ]);
    assert.equal(web.routes[0]?.response?.status, 200);
    assert.equal(seenSecret[0], 'Bearer tok_live_abcdefghijklmnop');
    const probes = web.cors[0]?.probes ?? [];
    assert.equal(probes.length, 6);
    assert.ok(probes.some((p) => p.originKind === 'foreign' && p.allowOrigin === 'https://evil.example' && p.allowCredentials === 'true'));
    assert.equal(web.securityTxt?.status, 404);
    assert.deepEqual(
      web.healthProbes.map((h) => [h.path, h.status]),
      [
        ['/health', 200],
        ['/healthz', 404],
        ['/api/health', 404],
        ['/status', 404],
        ['/up', 404],
      ],
    );
    const json = JSON.stringify(web);
    assert.ok(!json.includes('tok_live_abcdefghijklmnop'));
    assert.ok(!json.includes('s3cr3t-session-value'));
  });

  it('feeds the web checks: the expected ids fire', () => {
    const { plan } = buildPlan(
      { app: { canonical: `https://app.acme.test:${httpsPort}/`, frontendOrigins: ['https://front.acme.test'] } },
      { urls: [], cwd: '/nonexistent', cwdIsGitRepo: false },
      {},
    );
    const facts: Facts = {
      schemaVersion: 1,
      tool: { name: 'launchready', version: 'test' },
      collectedAt: '',
      durationMs: 0,
      plan: { ...plan, routes: [] },
      missing: {},
      sources: { web },
      timings: {},
    };
    const ids = new Set(
      runAllChecks(facts)
        .findings.map((f) => f.id)
        .filter((id) => /^(redirect|http|cors|cache)\./.test(id)),
    );
    for (const id of [
      'redirect.no-https-redirect',
      'redirect.loop',
      'redirect.temporary-canonical',
      'redirect.path-dropped',
      'redirect.non-canonical',
      'http.hsts-missing',
      'http.mixed-content',
      'http.csp-missing',
      'http.cookie-insecure',
      'http.server-version-leak',
      'http.no-security-txt',
      'cors.reflects-any-origin',
      'cache.static-not-cached',
      'cache.no-compression',
      'cache.private-response-cacheable',
    ]) {
      assert.ok(ids.has(id), `${id} should fire; got ${[...ids].join(', ')}`);
    }
    assert.ok(!ids.has('redirect.broken-variant'), 'an unresolvable host is left to dns.unresolvable-host');
  });

  it('builds the domain map from the web facts', () => {
    const facts = { sources: { web } } as unknown as Facts;
    const map = buildDomainMap(facts);
    const app = map.find((e) => e.host === 'app.acme.test');
    assert.deepEqual(app?.addresses, [ADDRESS]);
    assert.equal(app?.variants.length, 2);
    assert.ok(app?.variants.every((v) => v.final === `https://app.acme.test:${httpsPort}/`));
    assert.equal(app?.variants.find((v) => v.url.startsWith('https'))?.tls?.authorized, true);
  });
});

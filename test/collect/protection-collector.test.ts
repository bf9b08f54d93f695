// The protection stage end to end on loopback: a counting HTTP server with an unlimited login, a limited reset route
// and a 429 without Retry-After, found through --resolve, with DNS answers from a real BIND (the dns stage's facts)
// and response headers from the web stage; then the checks' verdicts. Run under flock /tmp/lr-tests.lock (BIND).
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { CHECKS_BY_ID } from '../../src/checks/registry.ts';
import { runChecks } from '../../src/checks/run.ts';
import { collectFacts } from '../../src/collect/run.ts';
import type { LaunchreadyConfig } from '../../src/config/types.ts';
import { Redactor } from '../../src/mask.ts';
import { NetContext } from '../../src/net/context.ts';
import { buildPlan } from '../../src/plan.ts';
import { type AuthoritativeDns, startAuthoritativeDns } from '../support/bind.ts';

interface AppServer {
  port: number;
  /** "POST /api/login" → requests received. */
  counts: Map<string, number>;
  server: Server;
}

/** The app: login never limits; reset answers 429 with Retry-After from its 5th request; signup 429 bare from its 3rd. */
async function appServer(edgeHeaders: Record<string, string>): Promise<AppServer> {
  const counts = new Map<string, number>();
  const server = createServer((req, res) => {
    const key = `${req.method} ${(req.url ?? '').split('?')[0]}`;
    const n = (counts.get(key) ?? 0) + 1;
    counts.set(key, n);
    req.resume();
    req.on('end', () => {
      res.setHeader('server', 'nginx/1.24.0');
      for (const [k, v] of Object.entries(edgeHeaders)) res.setHeader(k, v);
      if (key === 'POST /api/reset' && n >= 5) return res.writeHead(429, { 'retry-after': '60' }).end('slow down');
      if (key === 'POST /signup' && n >= 3) return res.writeHead(429).end('slow down');
      res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>acme</title>');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, counts, server };
}

const config = (port: number): LaunchreadyConfig => ({
  app: { canonical: `http://app.acme.test:${port}/` },
  routes: [
    { path: '/api/login', method: 'POST', kind: 'login', body: '{"email":"probe@example.test","password":"x"}', headers: { 'Content-Type': 'application/json' } },
    { path: '/api/reset', method: 'POST', kind: 'password-reset', body: '{"email":"probe@example.test"}' },
    { path: '/signup', method: 'POST', kind: 'signup' },
    { path: '/api/orders', method: 'GET', kind: 'read', auth: 'public' },
  ],
  protection: { requests: 12, window: '600ms' },
});

async function audit(app: AppServer, dnsServer: string, options: { loginAt?: string } = {}) {
  const c = config(app.port);
  // the login route on its own host, pinned elsewhere: only the protection stage runs, and the probe refuses before connecting
  if (options.loginAt) c.routes = c.routes?.map((r) => (r.kind === 'login' ? { ...r, host: 'login.acme.test' } : r));
  const only = options.loginAt ? ['protection'] : ['dns', 'web', 'protection'];
  const { plan, secrets } = buildPlan(c, { urls: [], only, cwd: '/nonexistent', cwdIsGitRepo: false }, {});
  const resolve = [`app.acme.test:${app.port}:127.0.0.1`, ...(options.loginAt ? [`login.acme.test:${app.port}:${options.loginAt}`] : [])];
  const net = new NetContext({ timeoutMs: 2000, concurrency: 8, resolve, dnsServers: [dnsServer], extraCaPem: [], allowNonLoopbackTraffic: false });
  const facts = await collectFacts(plan, secrets, net, new Redactor());
  return { facts, ...runChecks(facts, CHECKS_BY_ID) };
}

describe('protection stage against loopback servers and BIND', () => {
  const ADDRESS = '127.0.32.57';
  const PORT = 20_000 + Math.floor(Math.random() * 20_000);
  let bind: AuthoritativeDns;
  const apps: AppServer[] = [];
  before(async () => {
    // production DNS of the app: an origin address, no edge
    bind = await startAuthoritativeDns({ address: ADDRESS, port: PORT, zones: [{ origin: 'acme.test', records: 'app IN A 192.0.2.10\n' }] });
  });
  after(async () => {
    await bind?.stop();
    for (const a of apps) a.server.closeAllConnections();
    await Promise.all(apps.map((a) => new Promise((r) => a.server.close(r))));
  });

  it('probes each route with a bounded burst, stops at the first 429, and judges limits and the missing edge', async () => {
    const app = await appServer({});
    apps.push(app);
    const { facts, findings, checks } = await audit(app, bind.server);
    // the server counted exactly the bound for the unlimited route and stopped at the first 429 for the others
    assert.equal(app.counts.get('POST /api/login'), 12);
    assert.equal(app.counts.get('POST /api/reset'), 5);
    assert.equal(app.counts.get('POST /signup'), 3);
    const protection = facts.sources.protection;
    assert.ok(protection && !('error' in protection));
    assert.deepEqual(
      protection.probes.map((p) => [p.route, p.result.sent, p.result.limited?.requestNumber ?? null]),
      [
        ['POST /api/login', 12, null],
        ['POST /api/reset', 5, 5],
        ['POST /signup', 3, 3],
      ],
    );
    assert.ok(!JSON.stringify(facts).includes('not-a-real') && !JSON.stringify(protection).includes('probe@example.test'), 'bodies stay out of the facts');

    const byId = (id: string) => findings.filter((f) => f.id === id);
    const missing = byId('ratelimit.missing');
    assert.deepEqual(
      missing.map((f) => [f.target, f.severity, f.evidence.requests]),
      [[`POST http://app.acme.test:${app.port}/api/login`, 'blocker', 12]],
    );
    assert.match(String(missing[0]?.evidence.summary), /^12 requests in [\d.]+ s, all 200, no 429$/);
    assert.deepEqual(
      byId('ratelimit.no-retry-after').map((f) => [f.target, f.evidence.requests]),
      [[`POST http://app.acme.test:${app.port}/signup`, 3]],
    );
    // DNS says 192.0.2.10 (an origin), the response has no edge header: protection.no-edge, low (a public route)
    const [edge] = byId('protection.no-edge');
    assert.equal(edge?.severity, 'low');
    assert.equal(edge?.evidence.dnsFrom, 'dns-facts');
    assert.equal(edge?.evidence.headersFrom, 'web-facts');
    assert.deepEqual(edge?.evidence.addresses, ['192.0.2.10']);
    assert.equal(checks.find((c) => c.id === 'protection.no-edge')?.status, 'failed');
    // the request counts reach the report tables
    assert.ok(protection.inventories[0]?.rows.some((r) => r[0] === 'POST /api/login' && r[2] === '12 of 12 in 0.6 s'));
  });

  it('an app answering with edge headers (cf-ray) is behind an edge', async () => {
    const app = await appServer({ 'cf-ray': '8f1e2d3c4b5a6978-FRA' });
    apps.push(app);
    const { checks, facts } = await audit(app, bind.server);
    assert.equal(checks.find((c) => c.id === 'protection.no-edge')?.status, 'passed');
    const protection = facts.sources.protection;
    assert.ok(protection && !('error' in protection));
    assert.equal(protection.edge?.classification.edge, 'Cloudflare');
  });

  it('a target that is not loopback gets no traffic without --yes: the rate-limit checks are skipped', async () => {
    const app = await appServer({});
    apps.push(app);
    const { checks, facts } = await audit(app, bind.server, { loginAt: '192.0.2.10' });
    assert.equal(app.counts.get('POST /api/login'), undefined);
    const protection = facts.sources.protection;
    assert.ok(protection && !('error' in protection));
    assert.equal(protection.probes[0]?.result.refused?.code, 'NON_LOOPBACK');
    assert.equal(protection.probes[0]?.result.sent, 0);
    // the other routes were judged: reset limited, signup's bare 429 found, login listed as not judged
    const status = checks.find((c) => c.id === 'ratelimit.missing');
    assert.equal(status?.status, 'passed');
    assert.match(String(status?.reason), /not judged: .*not loopback.*--yes/);
    // without the web stage the collector read the canonical host's headers itself
    assert.equal(protection.edge?.headersFrom, 'request');
  });
});

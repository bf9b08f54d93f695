// Probes and conditions against real servers on loopback (ephemeral ports, no fixed addresses): HTTP status, body text,
// JSON path, headers and response time; HTTPS and TLS certificate expiry (5 days left trips `cert_expires_in > 14d`);
// DNS answer and rcode from a DNS server on loopback; TCP connect; heartbeats from the store.
import assert from 'node:assert/strict';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { createServer as createTcpServer } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { resolveMonitors } from '../../src/monitor/monitors.ts';
import { ProbeNet, runProbe } from '../../src/monitor/probes.ts';
import { MonitorStore } from '../../src/monitor/store/store.ts';
import { createTestPki } from '../support/certs.ts';
import { type HostileDns, replyTo, startHostileDns } from '../support/hostile-dns.ts';
import { makeTempDir, removeTempDirs } from '../support/temp-dir.ts';

const listen = (server: Server | ReturnType<typeof createTcpServer>) =>
  new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
const close = (server: { close(cb: () => void): void; closeAllConnections?: () => void }) =>
  new Promise<void>((resolve) => {
    server.closeAllConnections?.();
    server.close(() => resolve());
  });

function monitorsOf(entries: unknown[]) {
  return resolveMonitors({ monitor: { monitors: entries as never } }).monitors;
}

describe('monitor probes on loopback', { timeout: 60_000 }, () => {
  const pki = createTestPki('monitor probes');
  let httpPort = 0;
  let httpsPort = 0;
  let tcpPort = 0;
  let dns: HostileDns;
  let http: Server;
  let https: ReturnType<typeof createHttpsServer>;
  let tcp: ReturnType<typeof createTcpServer>;
  let net: ProbeNet;

  before(async () => {
    http = createHttpServer((req, res) => {
      if (req.url === '/health') {
        res.writeHead(200, { 'content-type': 'application/json', 'x-build': 'abc123' });
        res.end(JSON.stringify({ status: 'ok', checks: [{ name: 'db', up: true }], queue: 12 }));
      } else if (req.url === '/slow') setTimeout(() => res.end('late'), 300);
      else if (req.url === '/broken') {
        res.writeHead(503, { 'content-type': 'text/plain' });
        res.end('maintenance: database migration running');
      } else res.end('hello world');
    });
    httpPort = await listen(http);
    // a certificate that expires in 5 days
    const leaf = pki.leaf({ hosts: ['app.monitor.test', '127.0.0.1'], notAfterDays: 5 });
    https = createHttpsServer({ key: leaf.keyPem, cert: leaf.chainPem }, (_req, res) => res.end('secure'));
    httpsPort = await listen(https as unknown as Server);
    tcp = createTcpServer((s) => s.end());
    tcpPort = await listen(tcp);
    dns = await startHostileDns({
      address: '127.0.0.1',
      port: 0,
      respond: (q) => {
        const question = q.questions?.[0];
        if (question?.name === 'apex.monitor.test' && question.type === 'A')
          return replyTo(q, {
            answers: [
              { type: 'A', name: 'apex.monitor.test', ttl: 60, data: '203.0.113.7' },
              { type: 'A', name: 'apex.monitor.test', ttl: 60, data: '203.0.113.70' },
            ],
          });
        return replyTo(q, { rcode: 'NXDOMAIN' });
      },
    });
    net = new ProbeNet({
      timeoutMs: 2000,
      concurrency: 8,
      resolve: [`app.monitor.test:${httpsPort}:127.0.0.1`],
      dnsServers: [dns.server],
      extraCaPem: [pki.caPem],
      allowNonLoopbackTraffic: false,
    });
  });

  after(async () => {
    await close(http);
    await close(https as unknown as Server);
    await close(tcp);
    await dns.stop();
    removeTempDirs();
  });

  const probe = (entry: Record<string, unknown>) => {
    const [m] = monitorsOf([{ name: 'm', ...entry }]);
    return runProbe(m!, { net, since: Date.now(), heartbeats: { lastHeartbeat: async () => null } });
  };

  it('http: status, body text, JSON path, header and response time', async () => {
    const url = `http://127.0.0.1:${httpPort}/health`;
    const ok = await probe({
      type: 'http',
      url,
      conditions: [
        'status == 200',
        'response_time < 2000',
        'body contains "ok"',
        'body.status == ok',
        'body.checks[0].up == true',
        'body.queue < 100',
        'header.x-build == abc123',
        'header.content-type contains json',
      ],
    });
    assert.equal(ok.passed, true, ok.failures.join('; '));
    assert.ok(ok.responseMs !== null && ok.responseMs >= 0);

    const bad = await probe({ type: 'http', url, conditions: ['status == 201', 'body.status == degraded', 'body.queue > 100', 'header.x-build != abc123'] });
    assert.equal(bad.passed, false);
    assert.deepEqual(bad.failures, ['status == 201: got 200', 'body.status == degraded: got "ok"', 'body.queue > 100: got 12', 'header.x-build != abc123: got "abc123"']);

    const slow = await probe({ type: 'http', url: `http://127.0.0.1:${httpPort}/slow`, conditions: ['response_time < 100'] });
    assert.equal(slow.passed, false);
    assert.match(slow.error ?? '', /^response_time < 100: got \d+ ms$/);

    const timeout = await probe({ type: 'http', url: `http://127.0.0.1:${httpPort}/slow`, timeout: '100ms' });
    assert.equal(timeout.passed, false);
    assert.match(timeout.error ?? '', /^TIMEOUT/);
  });

  it('http: a 503 fails the default condition and a body condition; a refused port fails with the transport error', async () => {
    const [m] = resolveMonitors({ monitor: { monitors: [{ name: 'b', type: 'http', url: `http://127.0.0.1:${httpPort}/broken` }] } }).monitors;
    const broken = await runProbe(m!, { net, since: Date.now(), heartbeats: { lastHeartbeat: async () => null } });
    assert.equal(broken.passed, false);
    assert.equal(broken.error, 'status < 400: got 503');
    const text = await probe({ type: 'http', url: `http://127.0.0.1:${httpPort}/broken`, conditions: ['body contains "migration running"', 'status == 503'] });
    assert.equal(text.passed, true, text.failures.join('; '));
    const refused = await probe({ type: 'http', url: 'http://127.0.0.1:1/' });
    assert.equal(refused.passed, false);
    assert.match(refused.error ?? '', /ECONNREFUSED/);
  });

  it('tls and https: a certificate expiring in 5 days trips cert_expires_in > 14d and passes > 3d', async () => {
    const tls14 = await probe({ type: 'tls', host: 'app.monitor.test', port: httpsPort, conditions: ['cert_expires_in > 14d'] });
    assert.equal(tls14.passed, false);
    assert.match(tls14.error ?? '', /^cert_expires_in > 14d: certificate expires in (4\.\d|5\.0) days$/);
    assert.ok(tls14.certExpiresAt && Math.abs(tls14.certExpiresAt - (Date.now() + 5 * 86_400_000)) < 86_400_000);
    const tls3 = await probe({ type: 'tls', host: 'app.monitor.test', port: httpsPort, conditions: ['cert_expires_in > 3d', 'connected == true'] });
    assert.equal(tls3.passed, true, tls3.failures.join('; '));
    const https14 = await probe({ type: 'http', url: `https://app.monitor.test:${httpsPort}/`, conditions: ['status == 200', 'cert_expires_in > 14d'] });
    assert.equal(https14.passed, false);
    assert.match(https14.error ?? '', /^cert_expires_in > 14d/);
    // a name the certificate does not cover fails whatever the conditions
    const other = await probe({ type: 'tls', host: '127.0.0.2', port: httpsPort, conditions: ['cert_expires_in > 1d'] });
    assert.equal(other.passed, false);
  });

  it('dns: answer contains one exact record, rcode', async () => {
    const hit = await probe({ type: 'dns', host: 'apex.monitor.test', record: 'A', conditions: ['answer contains 203.0.113.7', 'rcode == NOERROR'] });
    assert.equal(hit.passed, true, hit.failures.join('; '));
    const miss = await probe({ type: 'dns', host: 'apex.monitor.test', record: 'A', conditions: ['answer contains 203.0.113.8'] });
    assert.equal(miss.passed, false);
    assert.match(miss.error ?? '', /answer was "203\.0\.113\.7, 203\.0\.113\.70"/);
    const nx = await probe({ type: 'dns', host: 'gone.monitor.test', record: 'A' });
    assert.equal(nx.passed, false);
    assert.equal(nx.error, 'rcode == NOERROR: got NXDOMAIN');
    const expectNx = await probe({ type: 'dns', host: 'gone.monitor.test', record: 'A', conditions: ['rcode == NXDOMAIN'] });
    assert.equal(expectNx.passed, true);
  });

  it('tcp: connected, and a closed port', async () => {
    const up = await probe({ type: 'tcp', host: '127.0.0.1', port: tcpPort });
    assert.equal(up.passed, true, up.failures.join('; '));
    const spare = createTcpServer();
    const closedPort = await listen(spare);
    await close(spare);
    const down = await probe({ type: 'tcp', host: '127.0.0.1', port: closedPort });
    assert.equal(down.passed, false);
    assert.match(down.error ?? '', /ECONNREFUSED/);
    const expectClosed = await probe({ type: 'tcp', host: '127.0.0.1', port: closedPort, conditions: ['connected == false'] });
    assert.equal(expectClosed.passed, true);
  });

  it('heartbeat: up while the last heartbeat is within every + grace, down after', async () => {
    const store = await MonitorStore.open(join(makeTempDir('monitor-probes'), 'm.db'));
    try {
      const [m] = monitorsOf([{ name: 'nightly', type: 'heartbeat', every: '1h', grace: '10m' }]);
      const start = Date.UTC(2026, 11, 1, 0, 0, 0);
      let now = start;
      const ctx = { net, since: start, heartbeats: store, now: () => now };
      now = start + 30 * 60_000;
      assert.equal((await runProbe(m!, ctx)).passed, true, 'no heartbeat yet, but the watch began 30 min ago');
      now = start + 71 * 60_000;
      const never = await runProbe(m!, ctx);
      assert.equal(never.passed, false);
      assert.match(never.error ?? '', /no heartbeat received/);
      await store.recordHeartbeat('nightly', new Date(start + 70 * 60_000));
      await store.recordHeartbeat('nightly', new Date(start + 60 * 60_000)); // an older one arriving late changes nothing
      assert.equal(await store.lastHeartbeat('nightly'), start + 70 * 60_000);
      now = start + 140 * 60_000;
      assert.equal((await runProbe(m!, ctx)).passed, true);
      now = start + 141 * 60_000;
      const late = await runProbe(m!, ctx);
      assert.equal(late.passed, false);
      assert.match(late.error ?? '', /last heartbeat 4260s ago/);
    } finally {
      await store.close();
    }
  });

  it('automatic monitors: the canonical URL and every critical route, unless declared', () => {
    const { monitors } = resolveMonitors({
      app: { canonical: 'https://app.acme.test' },
      routes: [
        { path: '/api/orders', critical: true, headers: { Authorization: 'Bearer x' } },
        { path: '/api/login', method: 'POST', critical: true, body: '{}' },
        { path: '/api/health', critical: true },
        { path: '/about' },
      ],
      monitor: { interval: '15s', monitors: [{ name: 'health', type: 'http', url: 'https://app.acme.test/api/health/', conditions: ['status == 200'] }] },
    });
    assert.deepEqual(
      monitors.map((m) => [m.name, m.method ?? 'GET', m.url, m.origin, m.intervalMs]),
      [
        ['health', 'GET', 'https://app.acme.test/api/health/', 'config', 15_000],
        ['canonical', 'GET', 'https://app.acme.test/', 'canonical', 15_000],
        ['route-get-api-orders', 'GET', 'https://app.acme.test/api/orders', 'route', 15_000],
        ['route-post-api-login', 'POST', 'https://app.acme.test/api/login', 'route', 15_000],
      ],
    );
    assert.deepEqual(monitors[2]!.headers, { Authorization: 'Bearer x' });
    assert.equal(monitors[3]!.body, '{}');
    assert.deepEqual(
      monitors[1]!.conditions.map((c) => c.source),
      ['status < 400'],
    );
  });
});

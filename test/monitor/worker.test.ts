// The worker end to end on SQLite with real receivers on loopback: a target that goes down and recovers raises exactly
// one down and one recovered alert, to an HTTP receiver verifying the HMAC and by email through postfix over STARTTLS;
// a heartbeat that stops arriving raises one alert; a maintenance window silences alerts; --once decides each state.
// Uses postfix on a fixed address: run under `flock /tmp/lr-tests.lock`.
import assert from 'node:assert/strict';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AlertDispatcher } from '../../src/monitor/alerts/dispatcher.ts';
import { createSender } from '../../src/monitor/alerts/senders.ts';
import { resolveMonitors } from '../../src/monitor/monitors.ts';
import { ProbeNet } from '../../src/monitor/probes.ts';
import { MonitorStore } from '../../src/monitor/store/store.ts';
import { MonitorWorker } from '../../src/monitor/worker.ts';
import { createCertificateAuthority, issueCertificate } from '../../src/pki/ca.ts';
import { type RunningPostfix, startPostfix } from '../support/postfix.ts';
import { makeTempDir, removeTempDirs } from '../support/temp-dir.ts';

const SECRET = 'whsec-test-0123456789abcdef';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Alert {
  monitor: string;
  event: string;
  incidentId: string;
  durationMs?: number;
  lastError: string;
}

/** Webhook receiver: verifies X-Launchready-Signature over the raw bytes (constant time) before parsing. */
async function startReceiver() {
  const alerts: Alert[] = [];
  const badSignatures: string[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const want = Buffer.from(`sha256=${createHmac('sha256', SECRET).update(raw).digest('hex')}`);
      const got = Buffer.from(String(req.headers['x-launchready-signature'] ?? ''));
      if (got.length !== want.length || !timingSafeEqual(got, want)) {
        badSignatures.push(raw.toString('utf8'));
        res.writeHead(401).end();
        return;
      }
      alerts.push(JSON.parse(raw.toString('utf8')) as Alert);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    alerts,
    badSignatures,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    stop: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

async function startTarget() {
  const state = { healthy: true, hits: 0 };
  const server: Server = createServer((_req, res) => {
    state.hits += 1;
    res.writeHead(state.healthy ? 200 : 503).end(state.healthy ? 'ok' : 'down');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    state,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/health`,
    stop: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

const NET = { timeoutMs: 2000, concurrency: 16, resolve: [], dnsServers: ['127.0.0.1:9'], extraCaPem: [], allowNonLoopbackTraffic: false };

async function until(what: string, cond: () => boolean | Promise<boolean>, timeoutMs = 45_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

describe('monitor worker with alerts to real receivers', { timeout: 120_000 }, () => {
  const SMTP_ADDRESS = '127.0.21.27';
  const SMTP_PORT = 2527;
  const ca = createCertificateAuthority('launchready worker SMTP test CA');
  const cert = issueCertificate(ca, { hosts: [SMTP_ADDRESS] });
  let mta: RunningPostfix;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let target: Awaited<ReturnType<typeof startTarget>>;

  before(async () => {
    receiver = await startReceiver();
    target = await startTarget();
    mta = await startPostfix({
      address: SMTP_ADDRESS,
      port: SMTP_PORT,
      hostname: 'mx.worker.test',
      tls: { keyPem: cert.keyPem, certPem: cert.certPem },
      mailboxDomain: 'worker.test',
    });
  });
  after(async () => {
    await receiver?.stop();
    await target?.stop();
    await mta?.stop();
    removeTempDirs();
  });

  it('one down and one recovered alert per incident (webhook with HMAC, email over STARTTLS); a stopped heartbeat alerts once', async () => {
    const { settings, monitors } = resolveMonitors({
      monitor: {
        interval: '200ms',
        timeout: '150ms',
        failAfter: 2,
        recoverAfter: 2,
        reminders: '0',
        monitors: [
          { name: 'web', type: 'http', url: target.url, conditions: ['status == 200'] },
          { name: 'nightly', type: 'heartbeat', every: '400ms', grace: '200ms' },
        ],
        alerts: [
          { type: 'webhook', url: receiver.url, secret: SECRET },
          { type: 'email', to: 'ops@worker.test', smtp: `smtp://${SMTP_ADDRESS}:${SMTP_PORT}`, from: 'monitor@launchready.test' },
        ],
      },
    });
    const store = await MonitorStore.open(join(makeTempDir('monitor-worker'), 'monitor.db'));
    const log: string[] = [];
    const dispatcher = new AlertDispatcher(
      settings.alerts.map((a) => createSender(a, { smtpCa: [ca.certPem], timeoutMs: 10_000 })),
      { retry: { initialDelayMs: 50, maxDelayMs: 200, attemptTimeoutMs: 10_000 }, log: (l) => log.push(l) },
    );
    const worker = new MonitorWorker({
      store,
      settings,
      monitors,
      worker: 'w1',
      net: new ProbeNet(NET),
      dispatcher,
      dashboardUrl: 'http://127.0.0.1:9/',
      log: (l) => log.push(l),
      pollMs: 20,
      flushMs: 50,
    });
    // heartbeats arrive every 100 ms for the first 1.5 s, then stop
    let beating = true;
    const beats = (async () => {
      while (beating) {
        await store.recordHeartbeat('nightly', new Date());
        await sleep(100);
      }
    })();
    try {
      await worker.start();
      await sleep(1500);
      beating = false;
      await beats;
      target.state.healthy = false;
      await until('the web incident opens', async () => (await store.openIncidentOf('web')) !== null);
      await until('the heartbeat incident opens', async () => (await store.openIncidentOf('nightly')) !== null);
      await sleep(1200); // several more failing checks: still one incident, no second alert
      target.state.healthy = true;
      await until('the web incident closes', async () => (await store.openIncidentOf('web')) === null);
      await sleep(600);
    } finally {
      beating = false;
      assert.equal(await worker.stop(), true, 'every buffered write reached the store');
      await dispatcher.drain();
    }
    assert.deepEqual(receiver.badSignatures, [], 'every signature verifies');
    const events = receiver.alerts.map((a) => `${a.monitor} ${a.event}`).sort();
    assert.deepEqual(events, ['nightly down', 'web down', 'web recovered'], `alerts: ${JSON.stringify(receiver.alerts)} log: ${log.join(' | ')}`);
    const incidents = await store.incidents({ monitor: 'web' });
    assert.equal(incidents.length, 1);
    const webAlerts = receiver.alerts.filter((a) => a.monitor === 'web');
    assert.ok(webAlerts.every((a) => a.incidentId === incidents[0]!.id));
    assert.equal(webAlerts.find((a) => a.event === 'down')!.lastError, 'status == 200: got 503');
    assert.ok((webAlerts.find((a) => a.event === 'recovered')!.durationMs ?? 0) >= 400);
    assert.match(receiver.alerts.find((a) => a.monitor === 'nightly')!.lastError, /last heartbeat \d+s ago/);
    // every check is in the store; the worker checked about every 200 ms
    const results = await store.results('web', 0, Date.now() + 1);
    assert.ok(results.length >= 15, `${results.length} results`);
    assert.equal(results.length, worker.statusList().find((s) => s.name === 'web')!.checks);

    // the same three alerts by email, received over TLS
    const dir = join(mta.maildir!, 'new');
    await until('three emails', async () => (await readdir(dir).catch(() => [])).length >= 3);
    await sleep(300);
    const mails = await Promise.all((await readdir(dir)).map((n) => readFile(join(dir, n), 'utf8')));
    const subjects = mails.map((m) => /^Subject: (.*)$/m.exec(m)?.[1]).sort();
    assert.equal(subjects.length, 3, subjects.join(' | '));
    assert.match(subjects[0] ?? '', /^\[launchready\] nightly is DOWN: last heartbeat \d+s ago/);
    assert.equal(subjects[1], '[launchready] web is DOWN: status == 200: got 503');
    assert.match(subjects[2] ?? '', /^\[launchready\] web recovered after \d+s$/);
    for (const m of mails) assert.match(m, /\(using TLSv1\.[23] with cipher/, 'received over TLS');
    await store.close();
  });

  it('a maintenance window silences alerts; the incident is still recorded', async () => {
    receiver.alerts.length = 0;
    target.state.healthy = false;
    const now = Date.now();
    const { settings, monitors } = resolveMonitors({
      monitor: {
        interval: '100ms',
        timeout: '90ms',
        failAfter: 1,
        maintenance: [
          { start: new Date(now - 60_000).toISOString().replace(/\.\d+Z$/, 'Z'), end: new Date(now + 3_600_000).toISOString().replace(/\.\d+Z$/, 'Z'), monitors: ['web'] },
        ],
        monitors: [{ name: 'web', type: 'http', url: target.url }],
        alerts: [{ type: 'webhook', url: receiver.url, secret: SECRET }],
      },
    });
    const store = await MonitorStore.open(join(makeTempDir('monitor-maint'), 'monitor.db'));
    const dispatcher = new AlertDispatcher(
      settings.alerts.map((a) => createSender(a)),
      { log: () => undefined },
    );
    const worker = new MonitorWorker({ store, settings, monitors, worker: 'w1', net: new ProbeNet(NET), dispatcher, log: () => undefined, pollMs: 20, flushMs: 50 });
    await worker.start();
    await until('the incident opens', async () => (await store.openIncidentOf('web')) !== null);
    await sleep(500);
    await worker.stop();
    await dispatcher.drain();
    assert.deepEqual(receiver.alerts, []);
    target.state.healthy = true;
    await store.close();
  });

  it('runOnce decides each state: a failing monitor is checked failAfter times and is down; state persists between rounds', async () => {
    receiver.alerts.length = 0;
    target.state.healthy = false;
    const { settings, monitors } = resolveMonitors({
      monitor: {
        failAfter: 3,
        monitors: [
          { name: 'web', type: 'http', url: target.url },
          { name: 'port', type: 'tcp', host: '127.0.0.1', port: Number(new URL(target.url).port) },
        ],
        alerts: [{ type: 'webhook', url: receiver.url, secret: SECRET }],
      },
    });
    const file = join(makeTempDir('monitor-once'), 'monitor.db');
    const round = async () => {
      const store = await MonitorStore.open(file);
      const dispatcher = new AlertDispatcher(
        settings.alerts.map((a) => createSender(a)),
        { log: () => undefined },
      );
      const worker = new MonitorWorker({ store, settings, monitors, worker: 'cron', net: new ProbeNet(NET), dispatcher, log: () => undefined });
      const rows = await worker.runOnce({ retryDelayMs: 20 });
      await dispatcher.drain();
      await store.close();
      return rows;
    };
    const hitsBefore = target.state.hits;
    const first = await round();
    assert.deepEqual(
      first.map((r) => [r.name, r.status, r.checks]),
      [
        ['web', 'down', 3],
        ['port', 'up', 1],
      ],
    );
    assert.equal(target.state.hits - hitsBefore, 3);
    const second = await round();
    assert.equal(second[0]!.status, 'down');
    assert.equal(second[0]!.checks, 1, 'already down: one check decides');
    assert.deepEqual(
      receiver.alerts.map((a) => `${a.monitor} ${a.event}`),
      ['web down'],
    );
    target.state.healthy = true;
    const third = await round();
    assert.equal(third[0]!.status, 'up');
    assert.deepEqual(
      receiver.alerts.map((a) => `${a.monitor} ${a.event}`),
      ['web down', 'web recovered'],
    );
  });
});

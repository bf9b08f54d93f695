// Alert senders against real receivers on loopback: a webhook receiver that verifies the HMAC, Slack/PagerDuty/ntfy
// payload shapes, retries with backoff (fail twice then succeed = exactly 3 attempts), and email through postfix over STARTTLS.
import assert from 'node:assert/strict';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Redactor } from '../../src/mask.ts';
import { AlertDispatcher, type DeliveryOutcome, type DispatcherOptions } from '../../src/monitor/alerts/dispatcher.ts';
import { maskUrl } from '../../src/monitor/alerts/mask-url.ts';
import { type AlertMessage, createSender, signBody } from '../../src/monitor/alerts/senders.ts';
import type { MonitorAlertConfig } from '../../src/monitor/config.ts';
import { createCertificateAuthority, issueCertificate } from '../../src/pki/ca.ts';
import { type RunningPostfix, startPostfix } from '../support/postfix.ts';

interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** An HTTP receiver on 127.0.0.1 that records every request and answers with `respond`. */
class Receiver {
  readonly requests: Received[] = [];
  respond: (r: Received, index: number) => number | 'hang' = () => 200;
  private server!: Server;
  private readonly hanging: (() => void)[] = [];

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const received = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
        this.requests.push(received);
        const status = this.respond(received, this.requests.length - 1);
        if (status === 'hang') {
          this.hanging.push(() => res.destroy());
          return;
        }
        res.writeHead(status, { 'Content-Type': 'text/plain' }).end(status < 300 ? 'ok' : 'no');
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
  }

  url(path: string): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}${path}`;
  }

  reset(respond: Receiver['respond'] = () => 200): void {
    this.requests.length = 0;
    this.respond = respond;
  }

  async stop(): Promise<void> {
    for (const release of this.hanging.splice(0)) release();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

const DOWN: AlertMessage = {
  monitor: 'app',
  event: 'down',
  incidentId: 'inc-42',
  startedAt: '2026-12-01T10:00:00.000Z',
  lastError: 'status == 200: got 503',
  dashboardUrl: 'http://127.0.0.1:9400/monitors/app',
};
const RECOVERED: AlertMessage = { ...DOWN, event: 'recovered', durationMs: 185_000 };

/** Deliver through a dispatcher with short test delays; returns the outcomes and the log. */
async function deliver(configs: MonitorAlertConfig[], messages: AlertMessage[], options: DispatcherOptions = {}) {
  const log: string[] = [];
  const outcomes: DeliveryOutcome[] = [];
  const dispatcher = new AlertDispatcher(
    configs.map((c) => createSender(c, { timeoutMs: 5000 })),
    { retry: { initialDelayMs: 20, maxDelayMs: 100, attemptTimeoutMs: 2000, ...options.retry }, log: (l) => log.push(l), onOutcome: (o) => outcomes.push(o), ...options },
  );
  for (const m of messages) dispatcher.enqueue(m);
  await dispatcher.drain();
  return { outcomes, log, dispatcher };
}

describe('alert senders', { timeout: 60_000 }, () => {
  const receiver = new Receiver();
  before(() => receiver.start());
  after(() => receiver.stop());

  it('webhook: the contract JSON body, signed with HMAC-SHA256 of the raw body, verified by the receiver', async () => {
    const secret = 'whsec-0123456789abcdef';
    const verified: boolean[] = [];
    receiver.reset((r) => {
      const header = String(r.headers['x-launchready-signature'] ?? '');
      const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(r.body).digest('hex')}`);
      const ok = header.length === expected.length && timingSafeEqual(Buffer.from(header), expected);
      verified.push(ok);
      return ok ? 204 : 401;
    });
    const { outcomes } = await deliver([{ type: 'webhook', url: receiver.url('/hook'), secret }], [DOWN, RECOVERED]);
    assert.deepEqual(verified, [true, true]);
    assert.deepEqual(
      outcomes.map((o) => [o.message.event, o.delivered, o.attempts]),
      [
        ['down', true, 1],
        ['recovered', true, 1],
      ],
    );
    const bodies = receiver.requests.map((r) => JSON.parse(r.body));
    assert.deepEqual(bodies[0], DOWN);
    assert.deepEqual(Object.keys(bodies[0]).sort(), ['dashboardUrl', 'event', 'incidentId', 'lastError', 'monitor', 'startedAt']);
    assert.equal(bodies[1].durationMs, 185_000);
    assert.equal(receiver.requests[0]!.headers['content-type'], 'application/json');
    assert.equal(signBody('{}', 'k'), `sha256=${createHmac('sha256', 'k').update('{}').digest('hex')}`);
  });

  it('webhook with the wrong secret: the receiver refuses it (401), no retry, and the log never shows the secret or the URL token', async () => {
    receiver.reset((r) => (r.headers['x-launchready-signature'] === signBody(r.body, 'the-right-secret') ? 200 : 401));
    const { outcomes, log } = await deliver([{ type: 'webhook', url: receiver.url('/hook/tok-9f8e7d6c5b4a'), secret: 'the-wrong-secret' }], [DOWN]);
    assert.equal(receiver.requests.length, 1);
    assert.deepEqual([outcomes[0]!.delivered, outcomes[0]!.attempts, outcomes[0]!.lastError], [false, 1, 'HTTP 401']);
    const text = log.join('\n');
    assert.match(text, /NOT delivered to webhook http:\/\/127\.0\.0\.1:\d+\/hook…/);
    assert.ok(!text.includes('tok-9f8e7d6c5b4a') && !text.includes('the-wrong-secret'), text);
  });

  it('a receiver that fails twice then succeeds gets exactly 3 attempts, spaced by a growing backoff', async () => {
    const times: number[] = [];
    receiver.reset((_, i) => {
      times.push(Date.now());
      return i < 2 ? 503 : 200;
    });
    const { outcomes, log } = await deliver([{ type: 'webhook', url: receiver.url('/flaky') }], [DOWN], { retry: { initialDelayMs: 100, maxDelayMs: 1000 } });
    assert.equal(receiver.requests.length, 3);
    assert.deepEqual([outcomes[0]!.delivered, outcomes[0]!.attempts], [true, 3]);
    const gaps = [times[1]! - times[0]!, times[2]! - times[1]!];
    assert.ok(gaps[0]! >= 75 && gaps[1]! >= 150, `backoff gaps ${gaps.join(', ')} ms`);
    assert.equal(log.filter((l) => /failed \(attempt \d\): HTTP 503/.test(l)).length, 2);
  });

  it('delivery is bounded: at most maxAttempts, and no attempt after maxTotalMs', async () => {
    receiver.reset(() => 500);
    const capped = await deliver([{ type: 'webhook', url: receiver.url('/down') }], [DOWN], { retry: { maxAttempts: 4, initialDelayMs: 10 } });
    assert.equal(receiver.requests.length, 4);
    assert.deepEqual([capped.outcomes[0]!.delivered, capped.outcomes[0]!.attempts], [false, 4]);
    receiver.reset(() => 500);
    const timed = await deliver([{ type: 'webhook', url: receiver.url('/down') }], [DOWN], { retry: { maxAttempts: 50, initialDelayMs: 100, maxDelayMs: 100, maxTotalMs: 350 } });
    assert.ok(receiver.requests.length >= 2 && receiver.requests.length <= 4, `${receiver.requests.length} attempts in 350 ms`);
    assert.equal(timed.outcomes[0]!.delivered, false);
  });

  it('enqueue never blocks the checks: a hanging receiver is cut off by the attempt timeout', async () => {
    receiver.reset(() => 'hang');
    const dispatcher = new AlertDispatcher([createSender({ type: 'webhook', url: receiver.url('/hang') })], {
      retry: { maxAttempts: 1, attemptTimeoutMs: 300 },
      log: () => undefined,
    });
    const t0 = Date.now();
    dispatcher.enqueue(DOWN);
    assert.ok(Date.now() - t0 < 50, 'enqueue returned at once');
    assert.equal(dispatcher.pending, 1);
    await dispatcher.drain();
    const waited = Date.now() - t0;
    assert.ok(waited >= 250 && waited < 3000, `gave up after ${waited} ms`);
  });

  it('slack: an incoming-webhook {"text"} with the monitor, the event and the dashboard link', async () => {
    receiver.reset();
    await deliver([{ type: 'slack', url: receiver.url('/services/T0/B0/xoxsecret123') }], [DOWN, RECOVERED]);
    const [down, recovered] = receiver.requests.map((r) => JSON.parse(r.body));
    assert.deepEqual(Object.keys(down), ['text']);
    assert.match(down.text, /^\[launchready\] app is DOWN: status == 200: got 503\nhttp:\/\/127\.0\.0\.1:9400\/monitors\/app$/);
    assert.match(recovered.text, /app recovered after 3m/);
  });

  it('pagerduty: Events v2 trigger and resolve with routing_key and dedup_key = incidentId', async () => {
    receiver.reset(() => 202);
    await deliver([{ type: 'pagerduty', routingKey: 'R0UTINGKEY0123456789', url: receiver.url('/v2/enqueue') }], [DOWN, { ...DOWN, event: 'reminder' }, RECOVERED]);
    const [trigger, reminder, resolve] = receiver.requests.map((r) => JSON.parse(r.body));
    assert.equal(receiver.requests[0]!.url, '/v2/enqueue');
    assert.deepEqual(
      { ...trigger, payload: { ...trigger.payload, summary: undefined } },
      {
        routing_key: 'R0UTINGKEY0123456789',
        event_action: 'trigger',
        dedup_key: 'inc-42',
        payload: {
          summary: undefined,
          source: 'app',
          severity: 'critical',
          timestamp: DOWN.startedAt,
          component: 'app',
          custom_details: { event: 'down', lastError: DOWN.lastError, startedAt: DOWN.startedAt },
        },
        links: [{ href: DOWN.dashboardUrl, text: 'launchready dashboard' }],
      },
    );
    assert.match(trigger.payload.summary, /app is DOWN/);
    assert.equal(reminder.dedup_key, 'inc-42');
    assert.deepEqual(resolve, { routing_key: 'R0UTINGKEY0123456789', event_action: 'resolve', dedup_key: 'inc-42' });
  });

  it('ntfy: plain text to the topic URL with Title and Priority headers; credentials in the URL become Basic auth', async () => {
    receiver.reset();
    const url = receiver.url('/ops-alerts').replace('http://', 'http://bot:pa55word@');
    const { log } = await deliver([{ type: 'ntfy', url }], [DOWN, RECOVERED]);
    const [down, recovered] = receiver.requests;
    assert.equal(down!.url, '/ops-alerts');
    assert.equal(down!.headers.title, '[launchready] app is DOWN');
    assert.equal(down!.headers.priority, 'urgent');
    assert.equal(recovered!.headers.priority, 'default');
    assert.equal(down!.headers.authorization, `Basic ${Buffer.from('bot:pa55word').toString('base64')}`);
    assert.match(down!.body, /^status == 200: got 503\nstarted 2026-12-01T10:00:00.000Z\nhttp:/);
    assert.deepEqual(log, []);
  });

  it('a short webhook path is hidden, and masked once even when the run also knows the whole URL', () => {
    const url = 'http://127.0.0.1:18080/hook';
    const label = createSender({ type: 'webhook', url }).label;
    assert.equal(label, 'webhook http://127.0.0.1:18080/…(4 chars)');
    // ${ALERT_WEBHOOK} puts the whole URL in the run's redactor: the label must not contain it to be masked again
    const run = new Redactor();
    run.add(url);
    assert.equal(run.redact(label), label);
    assert.equal(maskUrl('https://h.example/ab?t=1'), 'https://h.example/…(6 chars)');
  });

  it('maskUrl keeps the host and hides passwords, paths and query tokens', () => {
    assert.equal(maskUrl('smtp://alerts:hunter2-long@mail.example:587'), 'smtp://alerts:hunt…(12 chars)@mail.example:587');
    assert.equal(maskUrl('https://hooks.slack.example/services/T0/B0/XYZ'), 'https://hooks.slack.example/serv…(18 chars)');
    assert.equal(maskUrl('https://ntfy.example'), 'https://ntfy.example');
    assert.ok(!maskUrl('https://h.example/x?token=abcdef123456').includes('abcdef123456'));
  });
});

describe('email alerts through postfix over STARTTLS', { timeout: 90_000 }, () => {
  const ADDRESS = '127.0.21.26';
  const PORT = 2526;
  const ca = createCertificateAuthority('launchready alert SMTP test CA');
  const cert = issueCertificate(ca, { hosts: [ADDRESS] });
  let mta: RunningPostfix | undefined;
  after(async () => {
    await mta?.stop();
  });

  async function readMaildir(dir: string, want: number): Promise<string[]> {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const names = await readdir(join(dir, 'new')).catch(() => [] as string[]);
      if (names.length >= want || Date.now() > deadline) return Promise.all(names.map((n) => readFile(join(dir, 'new', n), 'utf8')));
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  it('delivers the alert over STARTTLS with a verified certificate; refuses to send when the server offers no STARTTLS', async () => {
    mta = await startPostfix({ address: ADDRESS, port: PORT, hostname: 'mx.alerts.test', tls: { keyPem: cert.keyPem, certPem: cert.certPem }, mailboxDomain: 'alerts.test' });
    const smtp = `smtp://${ADDRESS}:${PORT}`;
    const sender = createSender({ type: 'email', to: 'ops@alerts.test', smtp, from: 'monitor@launchready.test' }, { smtpCa: [ca.certPem], timeoutMs: 10_000 });
    await sender.send(DOWN, AbortSignal.timeout(20_000));
    const [mail] = await readMaildir(mta.maildir!, 1);
    assert.ok(mail, 'a message in the mailbox');
    assert.match(mail, /^Subject: \[launchready\] app is DOWN: status == 200: got 503$/m);
    assert.match(mail, /^To: ops@alerts\.test$/m);
    assert.match(mail, /Incident:\s+inc-42/);
    assert.match(mail, /\(using TLSv1\.[23] with cipher/, 'received over TLS');

    // untrusted certificate: not sent
    const untrusted = createSender({ type: 'email', to: 'ops@alerts.test', smtp }, { timeoutMs: 5000 });
    await assert.rejects(untrusted.send(DOWN, AbortSignal.timeout(10_000)), /certificate/i);
    await mta.stop();
    mta = undefined;

    mta = await startPostfix({ address: ADDRESS, port: PORT, hostname: 'mx.alerts.test', mailboxDomain: 'alerts.test' });
    await assert.rejects(sender.send(DOWN, AbortSignal.timeout(10_000)), /STARTTLS/i);
    assert.deepEqual(await readdir(join(mta.maildir!, 'new')).catch(() => []), [], 'nothing delivered in clear text');
  });
});

// The live stage list: drawn only on a TTY, every stage ends with its time, colour only when allowed.
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { StageProgress } from '../../src/cli/progress.ts';
import { loadCollector, plannedLoad } from '../../src/collect/load/index.ts';
import { plannedBursts } from '../../src/collect/protection/index.ts';
import { collectFacts, type ProgressSink } from '../../src/collect/run.ts';
import { maskSecret, Redactor } from '../../src/mask.ts';
import { NetContext } from '../../src/net/context.ts';
import { buildPlan } from '../../src/plan.ts';
import { closedPort } from '../support/load-server.ts';

function sink(isTTY: boolean, columns = 80) {
  let text = '';
  const stream = Object.assign(
    new Writable({
      write(chunk, _enc, cb) {
        text += chunk;
        cb();
      },
    }),
    { isTTY, columns },
  );
  return { stream, text: () => text };
}

describe('stage progress', () => {
  it('keeps the whole note on a pty that reports 0 columns, and counts only visible characters against the width', () => {
    const note = 'GET /api/reports/monthly: baseline';
    for (const [columns, color] of [
      [0, false],
      [80, true],
    ] as const) {
      const s = sink(true, columns);
      const p = new StageProgress(s.stream, color, new Redactor());
      p.start('load', 'Load and headroom');
      p.note('load', note);
      p.stop();
      const visible = s.text().replace(/\x1b\[[0-9;]*[A-Za-z]/g, '');
      assert.ok(visible.includes(note), `columns ${columns}, colour ${color}: ${JSON.stringify(visible)}`);
      for (const line of visible.split('\n')) assert.ok(line.length <= 79);
    }
  });

  it('is silent when stderr is not a TTY', () => {
    const s = sink(false);
    assert.equal(StageProgress.forIo({ stdout: s.stream, stderr: s.stream, env: {}, cwd: '/' }, new Redactor()), null);
  });

  it('draws each stage with a spinner, then a tick and its time', () => {
    const s = sink(true);
    const p = new StageProgress(s.stream, false, new Redactor());
    p.start('web', 'Web surface');
    p.start('tls', 'TLS handshakes');
    p.end('web', 'ok', 1234);
    p.end('tls', 'error', 50);
    const out = s.text();
    assert.match(out, /Web surface\s+1\.2s/);
    assert.match(out, /✔ Web surface/);
    assert.match(out, /✖ TLS handshakes/);
    assert.ok(!out.includes('\x1b[3'), 'no colour codes when colour is off');
    for (const line of out.split('\n')) assert.ok(line.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '').length <= 80);
  });

  it('escapes notes and titles from outside: only its own cursor codes reach the terminal', () => {
    const s = sink(true);
    const p = new StageProgress(s.stream, false, new Redactor());
    p.start('logs', 'Logging\x1b]0;pwned\x07');
    p.note('logs', 'scanning log\x1b[2J\x1b]0;pwned\x07\r\nfile.log\u009b');
    p.end('logs', 'ok', 10);
    // drop the progress list's own CSI cursor sequences (ESC [ n F, ESC [ K); nothing else may carry a control character
    const rest = s.text().replace(/\x1b\[\d*[FK]/g, '');
    assert.doesNotMatch(rest, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    assert.match(s.text(), /Logging\]0;pwned/);
  });

  it("masks the run's secrets in titles and notes", () => {
    const secret = 'pw-4f9c2e7a1b';
    const redactor = new Redactor();
    redactor.add(secret);
    const s = sink(true);
    const p = new StageProgress(s.stream, false, redactor);
    p.start('web', `GET https://u:${secret}@app.test/`);
    p.note('web', `retrying with ${secret}`);
    p.end('web', 'ok', 10);
    assert.ok(!s.text().includes(secret), 'the secret is never drawn in full');
    assert.ok(s.text().includes(maskSecret(secret)));
  });

  it('shows the planned time of the load stage and the bursts on one line while they run', () => {
    const s = sink(true);
    const p = new StageProgress(s.stream, false, new Redactor());
    p.start('load', 'Load and headroom', '5 routes, up to 5 min');
    p.note('load', 'GET /api/orders: ramp');
    p.stop();
    const lines = s
      .text()
      .replace(/\x1b\[[0-9;]*[A-Za-z]/g, '')
      .split('\n')
      .filter(Boolean);
    assert.match(lines.at(-1) ?? '', /^\S Load and headroom\s+\d+\.\ds 5 routes, up to 5 min · GET \/api\/orders: ramp$/);
    for (const line of lines) assert.ok(line.length <= 79);
    p.end('load', 'ok', 118_000);
    assert.match(s.text().split('\n').at(-2) ?? '', /✔ Load and headroom\s+118\.0s\s*\x1b\[K$/, 'the plan is gone once the stage ended');
  });
});

describe('planned stage times', () => {
  const routes = ['/api/orders', '/api/customers', '/api/reports', '/api/search', '/health'].map((path) => ({ path, method: 'GET' }));
  const plan = (config: Record<string, unknown>, load?: Record<string, unknown>) =>
    buildPlan({ app: { canonical: 'http://127.0.0.1:8080/' }, ...config } as never, { urls: [], cwd: '/nonexistent', cwdIsGitRepo: false, ...(load ? { load } : {}) }, {}).plan;

  it("init's defaults: 5 routes x (3 s warm-up + 20 s + 6 ramp steps of 6.25 s)", () => {
    // 60.5 s a route at most: the user of the trial waited 118 s without being told
    assert.equal(plannedLoad(plan({ routes, load: { expectedPeakRps: 10, duration: '20s' } })), '5 routes, up to 5 min');
  });

  it('--no-ramp --duration 1s, and the request cap bounding a long run', () => {
    assert.equal(plannedLoad(plan({ routes: routes.slice(0, 1) }, { noRamp: true, durationMs: 1000 })), '1 route, up to 4 s');
    // 100 requests at 10 req/s: 10 s whatever the duration and the ramp
    assert.equal(plannedLoad(plan({ routes: routes.slice(0, 2), load: { expectedPeakRps: 10, duration: '60s', maxRequests: 100 } })), '2 routes, up to 20 s');
  });

  it('the rate-limit bursts: count x window', () => {
    const probe = [
      { path: '/api/login', method: 'POST', kind: 'login' },
      { path: '/api/reset', method: 'POST', kind: 'password-reset' },
    ];
    assert.equal(plannedBursts(plan({ routes: [...routes, ...probe] })), '2 bursts × 10 s, up to 20 s');
    assert.equal(plannedBursts(plan({ routes })), null);
  });

  it('the runner hands the plan to the progress sink when the stage starts', async () => {
    const started: [string, string, string | null | undefined][] = [];
    const sinkOf: ProgressSink = { start: (source, title, planned) => void started.push([source, title, planned]), note() {}, end() {} };
    // a closed port: the baseline ends within its 0.1 s (refused connections); the plan is what matters here
    const p = buildPlan(
      { app: { canonical: `http://127.0.0.1:${await closedPort()}/` }, routes: routes.slice(0, 1), load: { warmup: '0s' } } as never,
      { urls: [], cwd: '/nonexistent', cwdIsGitRepo: false, load: { noRamp: true, durationMs: 100 } },
      {},
    ).plan;
    const net = new NetContext({ timeoutMs: 1000, concurrency: 1, resolve: [], dnsServers: [], extraCaPem: [], allowNonLoopbackTraffic: false });
    await collectFacts(p, { routeHeaders: {}, routeBodies: {}, databaseUrl: null }, net, new Redactor(), sinkOf, [loadCollector]);
    assert.deepEqual(started, [['load', 'Load and headroom', '1 route, up to 1 s']]);
  });
});

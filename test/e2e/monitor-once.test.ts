// `launchready monitor --once` through the built CLI: each monitor's state on stdout, exit 0 when all are up, 1 when
// one is down, 2 with one line on bad usage; the automatic canonical monitor; SIGTERM of the long-running mode exits 0.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { BIN, runCli } from '../support/cli.ts';
import { makeTempDir, removeTempDirs } from '../support/temp-dir.ts';

describe('launchready monitor --once (built CLI)', { timeout: 180_000 }, () => {
  let server: Server;
  let base = '';
  const state = { healthy: true };
  const dir = makeTempDir('monitor-once');

  before(async () => {
    server = createServer((req, res) => {
      if (req.url === '/health') {
        res.writeHead(state.healthy ? 200 : 503, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ status: state.healthy ? 'ok' : 'degraded' }));
      } else res.end('home');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    writeFileSync(
      join(dir, 'launchready.yml'),
      [
        'app:',
        `  canonical: ${base}/`,
        'routes:',
        '  - { path: /health, critical: true }',
        'monitor:',
        '  failAfter: 2',
        '  monitors:',
        `    - { name: api, type: http, url: "${base}/health", conditions: ["status == 200", "body.status == ok"] }`,
        '',
      ].join('\n'),
    );
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
    removeTempDirs();
  });

  it('prints every monitor up and exits 0; exits 1 with the failing condition when one is down', async () => {
    const up = await runCli(['monitor', '--once'], { cwd: dir, timeoutMs: 90_000 });
    assert.equal(up.code, 0, up.stderr);
    assert.match(up.stdout, /^api\s+up\s+http\s+ok in \d+ ms$/m);
    assert.match(up.stdout, /^canonical\s+up\s+http\s+ok in \d+ ms$/m);
    assert.doesNotMatch(up.stdout, /route-get-health/, 'the critical route is already watched by "api"');
    assert.match(up.stdout, /^2 monitors: 2 up, 0 down$/m);

    state.healthy = false;
    const down = await runCli(['monitor', '--once'], { cwd: dir, timeoutMs: 90_000 });
    assert.equal(down.code, 1, down.stderr);
    assert.match(down.stdout, /^api\s+down\s+http\s+status == 200: got 503$/m);
    assert.match(down.stdout, /^2 monitors: 1 up, 1 down$/m);
    state.healthy = true;
  });

  it('--once waits for an alert being retried and still prints the table and exits 1 (not 13)', async () => {
    // the webhook refuses connections, so the first delivery fails and the dispatcher sleeps before retrying
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const deadPort = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    writeFileSync(
      join(dir, 'alerting.yml'),
      [
        'monitor:',
        '  failAfter: 1',
        '  monitors:',
        `    - { name: gone, type: http, url: "http://127.0.0.1:${deadPort}/", conditions: ["status == 200"] }`,
        '  alerts:',
        `    - { type: webhook, url: "http://127.0.0.1:${deadPort}/hook" }`,
        '',
      ].join('\n'),
    );
    const r = await runCli(['monitor', '--once', '--config', 'alerting.yml', '--store', join(dir, 'alerting.db')], { cwd: dir, timeoutMs: 90_000 });
    assert.match(r.stderr, /retrying in/);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /^gone\s+down\s+http/m);
    assert.match(r.stderr, /NOT delivered/);
  });

  it('bad usage exits 2 with one line', async () => {
    const bad = await runCli(['monitor', '--once', '--listen', 'nowhere'], { cwd: dir, timeoutMs: 60_000 });
    assert.equal(bad.code, 2);
    assert.equal(bad.stderr.trim().split('\n').length, 1, bad.stderr);
    writeFileSync(join(dir, 'bad.yml'), 'monitor:\n  monitors:\n    - { name: x, type: http, url: "not a url", conditions: ["status = 200"] }\n');
    const config = await runCli(['monitor', '--once', '--config', 'bad.yml'], { cwd: dir, timeoutMs: 60_000 });
    assert.equal(config.code, 2);
    assert.equal(config.stderr.trim().split('\n').length, 1, config.stderr);
    assert.match(config.stderr, /monitor\.monitors\[0\] \(x\)\.url: not a valid URL/);
    assert.match(config.stderr, /conditions\[0\]/);
  });

  it('the long-running mode finishes the round and exits 0 on SIGTERM', async () => {
    const child = spawn(process.execPath, [BIN, 'monitor', '--store', join(dir, 'long.db')], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const deadline = Date.now() + 60_000;
    while (!/watching 2 monitors/.test(stderr)) {
      assert.ok(Date.now() < deadline, `not started: ${stderr}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const exit = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    child.kill('SIGTERM');
    assert.equal(await exit, 0, stderr);
    assert.match(stderr, /monitor: stopped/);
  });
});

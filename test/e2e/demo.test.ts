// `launchready demo` end to end: the built CLI starts the stack, finds the deliberate risks, writes the html and stops.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { Report } from '../../src/types.ts';
import { BIN, runCli } from '../support/cli.ts';
import { makeTempDir, removeTempDirs } from '../support/temp-dir.ts';

describe('launchready demo', { timeout: 120_000 }, () => {
  after(removeTempDirs);
  it('audits the demo stack, finds its deliberate risks, exits 1 and writes the html report', async () => {
    const dir = makeTempDir('demo-test');
    const r = await runCli(['demo', '--format', 'json'], { cwd: dir, timeoutMs: 90_000 });
    assert.equal(r.code, 1, `demo exits 1 because it has blockers; stderr: ${r.stderr}`);
    const report = JSON.parse(r.stdout) as Report;
    const ids = new Set(report.findings.map((f) => f.id));
    for (const id of ['http.hsts-missing', 'redirect.no-https-redirect', 'cache.static-not-cached', 'cors.reflects-any-origin', 'ratelimit.missing'])
      assert.ok(ids.has(id), `demo shows ${id}; got ${[...ids].join(', ')}`);
    assert.ok(report.blockers.length > 0);
    assert.ok(report.domainMap.length >= 4, 'the domain map lists the demo hosts');
    // the performance table and top 3: every demo route loaded; the 900 ms report over its 800 ms budget
    assert.deepEqual(
      report.metrics.routes.map((r) => r.path),
      ['/', '/api/orders', '/api/reports/monthly', '/api/login', '/api/catalog', '/api/search'],
    );
    const monthly = report.metrics.routes.find((r) => r.path === '/api/reports/monthly');
    assert.ok(monthly && monthly.p95Ms >= 900 && monthly.breakingRps === 20, `slow report: ${JSON.stringify(monthly)}`);
    assert.ok(report.findings.some((f) => f.id === 'perf.p95-over-budget' && f.target === 'GET /api/reports/monthly'));
    assert.ok((report.metrics.bottlenecks ?? []).length > 0, 'top bottlenecks named');
    const html = join(dir, 'launchready-report.html');
    assert.ok(existsSync(html), 'launchready-report.html written');
    assert.match(readFileSync(html, 'utf8'), /launch-ready/i);
    console.log(`demo took ${r.ms} ms, ${report.findings.length} findings, ${report.blockers.length} blockers`);
  });

  it('prints the terminal report with the one-line summary last', async () => {
    const dir = makeTempDir('demo-test');
    const r = await runCli(['demo', '--no-html'], { cwd: dir, timeoutMs: 90_000 });
    assert.equal(r.code, 1, r.stderr);
    const last = r.stdout.trim().split('\n').pop() ?? '';
    assert.match(last, /^launchready: \d+ blockers?/);
    assert.ok(!existsSync(join(dir, 'launchready-report.html')));
  });

  it('interrupted mid-run, removes the repository it wrote to the temp dir and dies of the signal', async () => {
    const tmp = makeTempDir('demo-tmpdir');
    const child = spawn(process.execPath, [BIN, 'demo', '--no-html', '--format', 'json'], { cwd: makeTempDir('demo-test'), env: { ...process.env, TMPDIR: tmp }, stdio: 'ignore' });
    const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    const deadline = Date.now() + 60_000;
    while (readdirSync(tmp).length === 0 && Date.now() < deadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(readdirSync(tmp).filter((n) => n.startsWith('launchready-demo-')).length, 1, 'the demo wrote its repository');
    child.kill('SIGINT');
    const { code, signal } = await exited;
    assert.ok(signal === 'SIGINT' || code === 130, `died of SIGINT (code ${code}, signal ${signal})`);
    assert.deepEqual(readdirSync(tmp), [], 'nothing left in the temp dir');
  });
});

// The built CLI on production evidence: `audit --access-log` on a fixture log yields the finding, in every format.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { nginxLine } from '../evidence/generate.ts';
import { runCli } from '../support/cli.ts';
import { reportValidator } from '../support/schemas.ts';
import { makeTempDir, removeTempDirs } from '../support/temp-dir.ts';

after(removeTempDirs);

describe('launchready audit --access-log (built CLI)', () => {
  it('finds the slow route in an nginx log and shows what it read', async () => {
    const dir = makeTempDir('evidence-e2e');
    const t0 = Date.UTC(2026, 10, 1, 10);
    const lines: string[] = [];
    for (let i = 0; i < 60; i++) {
      lines.push(nginxLine(t0 + i * 10_000, 'GET', `/api/orders/${5000 + i}`, 200, 0.05));
      lines.push(nginxLine(t0 + i * 10_000 + 3, 'POST', '/api/exports', 200, 2.4 + (i % 3) * 0.3));
    }
    writeFileSync(join(dir, 'access.log'), `${lines.join('\n')}\n`);
    const json = await runCli(['audit', '--access-log', 'access.log', '--format', 'json', '--out', 'report.md'], { cwd: dir });
    // the export route's production p95 (2.4 s and up) is over twice the 300 ms default budget: a blocker, exit 1
    assert.equal(json.code, 1, json.stderr);
    const report = JSON.parse(json.stdout) as {
      findings: { id: string; target: string; evidence: Record<string, unknown> }[];
      checks: { id: string; status: string }[];
      inventory: Record<string, { title: string; rows: string[][] }>;
    };
    const validate = reportValidator();
    assert.ok(validate(report), JSON.stringify(validate.errors));
    const [finding, ...others] = report.findings.filter((f) => f.id === 'perf.inline-long-work');
    assert.equal(others.length, 0);
    assert.equal(finding?.target, 'POST /api/exports');
    assert.match(String(finding?.evidence.summary), /^from access log, 60 requests between 2026-11-01T10:00:00\.000Z and 2026-11-01T10:09:50\.000Z: p95 2\.\d\d s, over 2 s$/);
    assert.equal(report.checks.find((c) => c.id === 'perf.inline-long-work')?.status, 'failed');
    const budget = report.findings.filter((f) => f.id === 'perf.p95-over-budget');
    assert.deepEqual(
      budget.map((f) => [f.target, f.evidence.source]),
      [['POST /api/exports', 'production']],
    );
    assert.equal(report.checks.find((c) => c.id === 'perf.repeated-api-calls')?.status, 'skipped');
    assert.deepEqual(report.inventory.evidence?.rows[0]?.slice(0, 5), ['access-log', 'access.log', 'nginx', '120', '0']);
    const { readFileSync } = await import('node:fs');
    const markdown = readFileSync(join(dir, 'report.md'), 'utf8');
    assert.match(markdown, /Production evidence read/);
    assert.match(markdown, /POST \/api\/exports/);
  });

  it('load takes the same evidence flags: evidence alone judges production and loads nothing', async () => {
    const dir = makeTempDir('evidence-e2e-load');
    const t0 = Date.UTC(2026, 10, 1, 10);
    const lines: string[] = [];
    for (let i = 0; i < 40; i++) lines.push(nginxLine(t0 + i * 10_000, 'POST', '/api/exports', 200, 2.4 + (i % 3) * 0.3));
    writeFileSync(join(dir, 'access.log'), `${lines.join('\n')}\n`);
    const json = await runCli(['load', '--access-log', 'access.log', '--format', 'json'], { cwd: dir });
    assert.equal(json.code, 1, json.stderr);
    const report = JSON.parse(json.stdout) as { findings: { id: string; target: string }[]; metrics: { routes: { path: string; source?: string }[] } };
    assert.deepEqual(
      report.findings.filter((f) => f.id === 'perf.inline-long-work').map((f) => f.target),
      ['POST /api/exports'],
    );
    // the route table holds the route the log saw, from production: nothing was loaded
    assert.deepEqual(
      report.metrics.routes.map((r) => [r.path, r.source]),
      [['/api/exports', 'production']],
    );
    const terminal = await runCli(['load', '--access-log', 'access.log'], { cwd: dir });
    assert.equal(terminal.code, 1, terminal.stderr);
    assert.match(terminal.stdout, /production evidence only: no route loaded/);
    assert.match(terminal.stdout, /access\.log +nginx +40/);
    assert.match(terminal.stdout, /POST \/api\/exports/);
    const missing = await runCli(['load', '--access-log', 'nope.log'], { cwd: dir });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /nope\.log/);
  });
});

// The evidence stage on files written by the test: OTLP traces (an N+1 route, a route with three distinct queries,
// a signup waiting on SMTP), an nginx access log, a gzipped HAR; then the checks. And the CLI's one-line refusals of
// inputs it cannot read (in-process, no build needed).
import assert from 'node:assert/strict';
import { closeSync, openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { after, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { traceNPlusOneFindings, traceQueriesPerRequestFindings } from '../../src/analyze/evidence-findings.ts';
import { CHECKS_BY_ID } from '../../src/checks/registry.ts';
import { runChecks } from '../../src/checks/run.ts';
import { run } from '../../src/cli/main.ts';
import { collectEvidence } from '../../src/collect/evidence/index.ts';
import type { Facts } from '../../src/facts/index.ts';
import { buildPlan } from '../../src/plan.ts';
import { nginxLine, otlpLine, requestSpans } from '../evidence/generate.ts';
import { makeTempDir, removeTempDirs } from '../support/temp-dir.ts';

after(removeTempDirs);
const dir = makeTempDir('evidence-collector');
const write = (name: string, text: string | Buffer): string => {
  writeFileSync(join(dir, name), text);
  return name;
};
const T0 = Date.UTC(2026, 10, 1, 10);

function traceFile(): string {
  const lines: string[] = [];
  let n = 1;
  for (let i = 0; i < 10; i++) {
    const orders = ['SELECT * FROM orders WHERE user_id = $1 LIMIT 12'];
    for (let j = 0; j < 12; j++) orders.push(`SELECT * FROM order_items WHERE order_id = ${100 + n * 12 + j}`);
    lines.push(otlpLine(requestSpans(n, T0 + n * 1000, 'GET /api/orders', orders)));
    n++;
    lines.push(
      otlpLine(
        requestSpans(n, T0 + n * 1000, 'GET /api/users/:id', [
          `SELECT * FROM users WHERE id = ${n}`,
          `SELECT * FROM plans WHERE user_id = ${n}`,
          `SELECT count(*) FROM invoices WHERE user_id = ${n}`,
        ]),
      ),
    );
    n++;
  }
  for (let i = 0; i < 3; i++) {
    lines.push(
      otlpLine(
        requestSpans(n, T0 + n * 1000, 'POST /api/signup', [`INSERT INTO users (email) VALUES ('u${n}@example.test')`], {
          outbound: [{ name: 'smtp send', ms: 900, attributes: { 'server.address': 'smtp.mailgun.org', 'server.port': 587 } }],
        }),
      ),
    );
    n++;
  }
  return write('traces.jsonl', `${lines.join('\n')}\n`);
}

function accessLog(): string {
  const lines: string[] = [];
  for (let i = 0; i < 40; i++) {
    lines.push(nginxLine(T0 + i * 30_000, 'GET', `/api/orders/${1000 + i}?page=2`, 200, 0.08 + (i % 5) * 0.01));
    lines.push(nginxLine(T0 + i * 30_000 + 5, 'GET', '/api/export', i % 10 === 0 ? 500 : 200, 2.5 + (i % 4) * 0.5));
  }
  lines.push('this line is not an access log line');
  return write('access.log', `${lines.join('\n')}\n`);
}

function har(): string {
  const entry = (at: string, url: string) => ({
    pageref: 'page_1',
    startedDateTime: at,
    time: 40,
    request: { method: 'GET', url, headers: [] },
    response: { status: 200, headers: [], content: { size: 2, mimeType: 'application/json' } },
    _resourceType: 'fetch',
  });
  const doc = {
    log: {
      version: '1.2',
      pages: [{ id: 'page_1', title: 'Dashboard', startedDateTime: '2026-11-01T10:00:00.000Z' }],
      entries: [
        entry('2026-11-01T10:00:00.120Z', 'https://app.acme.test/api/me'),
        entry('2026-11-01T10:00:00.480Z', 'https://app.acme.test/api/me'),
        entry('2026-11-01T10:00:00.200Z', 'https://app.acme.test/api/orders?page=1'),
      ],
    },
  };
  return write('dashboard.har.gz', gzipSync(JSON.stringify(doc)));
}

describe('evidence collector and checks', () => {
  it('reads traces, an access log and a gzipped HAR into facts the perf checks judge', async () => {
    const { plan } = buildPlan(
      { routes: [{ path: '/api/orders/:id', method: 'GET', kind: 'read' }] },
      { urls: [], accessLogs: [accessLog()], traces: [traceFile()], har: [har() && '*.har.gz'], cwd: dir, cwdIsGitRepo: false },
      {},
    );
    const evidence = await collectEvidence(plan);
    assert.deepEqual(
      evidence.files.map((f) => [f.kind, f.path, f.malformed, f.error]),
      [
        ['access-log', 'access.log', 1, null],
        ['traces', 'traces.jsonl', 0, null],
        ['har', 'dashboard.har.gz', 0, null],
      ],
    );
    assert.deepEqual(
      evidence.accessLog?.routes.map((r) => [r.method, r.route, r.requests, r.configured]),
      [
        ['GET', '/api/export', 40, false],
        ['GET', '/api/orders/:id', 40, true],
      ],
    );
    // traces: the N+1 route is found, the route with three distinct queries is not
    assert.deepEqual(
      traceNPlusOneFindings(evidence).map((f) => [f.target, f.evidence.medianPerRequest]),
      [['GET /api/orders', 12]],
    );
    assert.deepEqual(traceQueriesPerRequestFindings(evidence), []);
    const facts: Facts = {
      schemaVersion: 1,
      tool: { name: 'launchready', version: 'test' },
      collectedAt: new Date(0).toISOString(),
      durationMs: 0,
      plan,
      missing: {},
      sources: { evidence },
      timings: {},
    };
    const { findings } = runChecks(facts, CHECKS_BY_ID);
    const inline = findings.filter((f) => f.id === 'perf.inline-long-work');
    assert.deepEqual(
      inline.map((f) => f.target),
      ['POST /api/signup', 'GET /api/export'],
    );
    const smtp = inline[0]!;
    assert.match(smtp.title, /keeps the request waiting 900 ms on smtp smtp\.mailgun\.org/);
    assert.match(String(inline[1]?.evidence.summary), /^from access log, 40 requests between 2026-11-01T10:00:00\.000Z and 2026-11-01T10:19:30\.000Z: p95 [34]\.\d\d s, over 2 s$/);
    const repeated = findings.filter((f) => f.id === 'perf.repeated-api-calls');
    assert.deepEqual(
      repeated.map((f) => [f.target, f.evidence.count, f.evidence.offsetsMs]),
      [['GET https://app.acme.test/api/me', 2, [120, 480]]],
    );
    // the report tables: inputs read, access log window, trace routes, repeated calls
    assert.deepEqual(
      evidence.inventories.map((t) => t.title.replace(/:.*/, '')),
      ['Production evidence read', 'Access log', 'Trace routes', 'Repeated API calls in recorded page loads (HAR)'],
    );
  });
});

class Sink extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: string, cb: () => void): void {
    this.text += chunk.toString();
    cb();
  }
}

async function cli(args: string[], files: Record<string, string> = {}): Promise<{ code: number; stderr: string; stdout: string }> {
  const cwd = makeTempDir('evidence-cli');
  for (const [name, text] of Object.entries(files)) writeFileSync(join(cwd, name), text);
  const stdout = new Sink();
  const stderr = new Sink();
  // --config is read as given (the CLI runs in its working directory): make it absolute here
  const code = await run(
    args.map((a, i) => (args[i - 1] === '--config' ? join(cwd, a) : a)),
    { stdout, stderr, env: { NO_COLOR: '1' }, cwd },
  );
  return { code, stderr: stderr.text, stdout: stdout.text };
}

describe('evidence inputs the CLI refuses with one line (exit 2)', () => {
  const oneLine = (r: { code: number; stderr: string }, pattern: RegExp) => {
    assert.equal(r.code, 2, r.stderr);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, pattern);
  };

  it('a malformed trace file, OTLP metrics, a huge trace file', async () => {
    oneLine(await cli(['audit', '--traces', 'bad.json'], { 'bad.json': 'hello world\n' }), /^launchready audit: --traces bad\.json: not OTLP JSON traces \(not JSON;/);
    oneLine(
      await cli(['audit', '--traces', 'metrics.json'], { 'metrics.json': `${JSON.stringify({ resourceMetrics: [] })}\n` }),
      /--traces metrics\.json: not OTLP JSON traces \(holds OTLP metrics, not traces/,
    );
    const cwd = makeTempDir('evidence-huge');
    // a sparse file: 600 MiB by size, no disk used; refused from its size before any of it is read
    const fd = openSync(join(cwd, 'huge.json'), 'w');
    writeFileSync(fd, '{');
    closeSync(fd);
    const { truncateSync } = await import('node:fs');
    truncateSync(join(cwd, 'huge.json'), 600 * 1024 ** 2);
    const stdout = new Sink();
    const stderr = new Sink();
    const code = await run(['audit', '--traces', 'huge.json'], { stdout, stderr, env: {}, cwd });
    oneLine({ code, stderr: stderr.text }, /--traces huge\.json: 600 MiB is over the 512 MiB limit for a trace file/);
  });

  it('an access log in no known format, a glob matching nothing, a bad protection window', async () => {
    oneLine(await cli(['audit', '--access-log', 'app.log'], { 'app.log': 'INFO started\nINFO listening on 3000\n' }), /--access-log app\.log: unrecognised access log format/);
    oneLine(await cli(['audit', '--access-log', 'logs/*.log.gz']), /--access-log logs\/\*\.log\.gz: no file matches/);
    oneLine(await cli(['audit', '--har', 'missing.har']), /--har missing\.har: no such file/);
    oneLine(
      await cli(['audit', '--config', 'lr.yml', '--access-log', 'a.log'], { 'lr.yml': 'protection:\n  window: 90s\n', 'a.log': '' }),
      /config protection\.window: expected a duration up to 60s, got "90s"/,
    );
    oneLine(await cli(['audit', '--config', 'lr.yml'], { 'lr.yml': 'evidence:\n  format: iis\n' }), /evidence\.format: expected one of nginx, apache, alb, heroku, json/);
  });
});

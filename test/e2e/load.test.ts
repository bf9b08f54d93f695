// `launchready load` end to end: the built CLI against a real server on loopback (a fast route, a slow report, a
// route with a secret header), the route table, JSON with metrics.routes, the request bound counted on the server,
// the loopback gate, and --export-k6 parsed as JavaScript with thresholds equal to the budgets.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import ts from 'typescript';
import type { Report } from '../../src/types.ts';
import { runCli } from '../support/cli.ts';
import { reportValidator } from '../support/schemas.ts';
import { makeTempDir, removeTempDirs } from '../support/temp-dir.ts';

const TOKEN = 'lr-load-e2e-token-7f3a9c';
const MAX_REQUESTS = 40;

describe('launchready load', { timeout: 180_000 }, () => {
  let server: http.Server;
  let port = 0;
  const hits = new Map<string, number>();
  const authSeen: string[] = [];
  let dir = '';

  before(async () => {
    server = http.createServer((req, res) => {
      const path = (req.url ?? '/').split('?')[0] as string;
      hits.set(path, (hits.get(path) ?? 0) + 1);
      if (req.headers.authorization) authSeen.push(req.headers.authorization);
      if (path === '/slow') return void setTimeout(() => res.end('{"report":1}'), 250);
      res.end('{"ok":true}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
    dir = makeTempDir('load-e2e');
    writeFileSync(
      join(dir, 'launchready.yml'),
      [
        'app:',
        `  canonical: http://127.0.0.1:${port}/`,
        'routes:',
        '  - path: /fast',
        '    headers: { Authorization: "Bearer ${LR_LOAD_TOKEN}" }',
        '  - path: /slow',
        '    kind: report',
        '    budgetMs: 100',
        'load:',
        '  expectedPeakRps: 10',
        '  duration: 300ms',
        '  warmup: 100ms',
        `  maxRequests: ${MAX_REQUESTS}`,
        '  ramp: { factor: 4, maxRps: 80 }',
        '',
      ].join('\n'),
    );
  });

  after(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    removeTempDirs();
  });

  it('loads each route, prints JSON with metrics.routes that validates, keeps the token out, and holds maxRequests per route', async () => {
    hits.clear();
    const r = await runCli(['load', '--format', 'json', '--out', 'load.html', '--fail-on', 'high'], { cwd: dir, env: { LR_LOAD_TOKEN: TOKEN }, timeoutMs: 90_000 });
    assert.equal(r.code, 1, `the slow route is over its budget: exit 1; stderr: ${r.stderr}`);
    const report = JSON.parse(r.stdout) as Report;
    assert.ok(reportValidator()(report), 'the JSON validates against schema/report.schema.json');
    assert.deepEqual(
      report.metrics.routes.map((x) => [x.method, x.path, x.kind, x.budgetMs, x.source]),
      [
        ['GET', '/fast', 'read', 300, 'load'],
        ['GET', '/slow', 'report', 100, 'load'],
      ],
    );
    const slow = report.metrics.routes[1]!;
    assert.ok(slow.p95Ms >= 250, `slow p95 ${slow.p95Ms} ms includes the 250 ms stall`);
    assert.equal(slow.breakingRps, 10, 'already broken at the baseline rate');
    assert.ok(report.findings.some((f) => f.id === 'perf.p95-over-budget' && f.target === 'GET /slow' && f.severity === 'blocker'));
    assert.equal(report.metrics.bottlenecks?.[0]?.route, 'GET /slow');
    assert.ok((hits.get('/fast') ?? 0) <= MAX_REQUESTS && (hits.get('/slow') ?? 0) <= MAX_REQUESTS, `request bound holds: ${JSON.stringify([...hits])}`);
    assert.ok((hits.get('/fast') ?? 0) > 0);
    assert.ok(authSeen.includes(`Bearer ${TOKEN}`), 'the ${VAR} header reached the server');
    const html = readFileSync(join(dir, 'load.html'), 'utf8');
    for (const text of [r.stdout, r.stderr, html]) assert.ok(!text.includes(TOKEN), 'the token never reaches an output');
    assert.match(html, /id="performance"/);
  });

  it('prints the route table and the summary line, and --route picks one route', async () => {
    hits.clear();
    // 100 columns: one table row per route (below that each route takes two lines)
    const r = await runCli(['load', '--route', 'GET /fast', '--no-ramp', '--rate', '20'], { cwd: dir, env: { LR_LOAD_TOKEN: TOKEN, COLUMNS: '100' }, timeoutMs: 60_000 });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /PERFORMANCE BASELINE/);
    assert.match(r.stdout, /route\s+kind\s+budget\s+p50\s+p95\s+p99\s+errors\s+breaks at\s+q\/req\s+verdict/);
    assert.match(r.stdout, /GET \/fast\s+read\s+300/);
    assert.doesNotMatch(r.stdout, /GET \/slow/);
    assert.match(r.stdout.trim().split('\n').pop() ?? '', /^launchready: 0 blockers/);
    assert.equal(hits.get('/slow'), undefined, 'the other route got no traffic');
  });

  it('renders at 80 columns without a terminal, like audit (it once used 100)', async () => {
    const r = await runCli(['load', '--route', 'GET /fast', '--no-ramp', '--rate', '20'], { cwd: dir, env: { LR_LOAD_TOKEN: TOKEN }, timeoutMs: 60_000 });
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    // the CI summary line is kept whole on purpose
    const wide = lines.slice(0, -1).filter((l) => [...l].length > 80);
    assert.deepEqual(wide, [], 'no line past 80 columns');
    assert.match(r.stdout, /GET \/fast/);
  });

  it('refuses a non-loopback target without --yes before any connection, and says so', async () => {
    const r = await runCli(['load', '--url', 'http://192.0.2.1/api', '--no-ramp', '--duration', '100ms'], {
      cwd: makeTempDir('load-e2e-gate'),
      timeoutMs: 60_000,
    });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /not loopback: load traffic to other hosts needs --yes/);
    assert.match(r.stdout, /needs --yes/);
  });

  it('--export-k6 writes a k6 script with the routes, __ENV secrets and p95 thresholds equal to the budgets, without traffic', async () => {
    hits.clear();
    const r = await runCli(['load', '--export-k6', 'load.k6.js'], { cwd: dir, env: { LR_LOAD_TOKEN: TOKEN }, timeoutMs: 30_000 });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(hits.size, 0, 'no request sent');
    const script = readFileSync(join(dir, 'load.k6.js'), 'utf8');
    assert.ok(!script.includes(TOKEN));
    const diagnostics = ts.transpileModule(script, { reportDiagnostics: true, compilerOptions: { allowJs: true, module: ts.ModuleKind.ESNext } }).diagnostics ?? [];
    assert.equal(diagnostics.length, 0, 'the script parses as JavaScript');
    // Evaluate the options object literal itself: thresholds and rates as k6 would read them.
    const source = ts.createSourceFile('load.k6.js', script, ts.ScriptTarget.ES2022, true, ts.ScriptKind.JS);
    let literal = '';
    for (const s of source.statements)
      if (ts.isVariableStatement(s))
        for (const d of s.declarationList.declarations) if (ts.isIdentifier(d.name) && d.name.text === 'options' && d.initializer) literal = d.initializer.getText(source);
    const options = new Function(`return (${literal});`)() as { thresholds: Record<string, string[]>; scenarios: Record<string, { rate: number; exec: string }> };
    assert.deepEqual(options.thresholds, {
      'http_req_duration{scenario:get_fast}': ['p(95)<300'],
      'http_req_failed{scenario:get_fast}': ['rate<0.01'],
      'http_req_duration{scenario:get_slow}': ['p(95)<100'],
      'http_req_failed{scenario:get_slow}': ['rate<0.01'],
    });
    assert.deepEqual(
      Object.values(options.scenarios).map((s) => s.rate),
      [10, 10],
    );
    assert.match(script, /__ENV\.LR_LOAD_TOKEN/);
    assert.match(script, new RegExp(`http://127\\.0\\.0\\.1:${port}/fast`));
  });

  it('--export-k6 carries --resolve as k6 hosts and says how to trust --ca-file, so k6 hits the same target', async () => {
    writeFileSync(join(dir, 'private-ca.pem'), '-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n');
    const r = await runCli(['load', '--export-k6', 'pinned.k6.js', '--resolve', 'app.example.test:*:127.0.0.1', '--ca-file', 'private-ca.pem'], {
      cwd: dir,
      env: { LR_LOAD_TOKEN: TOKEN },
      timeoutMs: 30_000,
    });
    assert.equal(r.code, 0, r.stderr);
    assert.match(readFileSync(join(dir, 'pinned.k6.js'), 'utf8'), /hosts: \{\n\s+"app\.example\.test": "127\.0\.0\.1",/);
    assert.match(r.stdout, /run it with SSL_CERT_FILE=private-ca\.pem k6 run pinned\.k6\.js/);
  });
});

// `launchready handover` end to end through the built CLI: a fixture repo with a deploy workflow, rollback notes, env vars
// (one undocumented), a migration, owners and a monitor config whose webhook alert carries secrets. From a saved JSON
// report and from a fresh repo-only audit (no network): every section present, the undocumented var flagged, deploy
// file:line shown, secrets never in full, html escaped and self-contained, a bad --report exits 2 with one line.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../support/cli.ts';
import { makeTempDir, removeTempDirs } from '../support/temp-dir.ts';

// Fake credentials, long and random-looking, so any leak is unambiguous.
const WEBHOOK_TOKEN = 'hk_7f3Qz9LmN2pR8vX4wT6yB1cD5eG0jK';
const WEBHOOK_SECRET = 'whsec_Zq8Lm3Np7Rt2Vx6Bc9Df4Gh1Jk5Ms0';
const PD_KEY = 'pdkey_R2d4F6h8J0l2N4p6R8t0V2x4Z6b8D0';

const SECTION_TITLES = [
  'Domain map and canonical rules',
  'Certificates',
  'Deploy steps and rollback notes',
  'Environment variables',
  'Migrations and lock risk',
  'Baseline p95 per route',
  'Top 3 bottlenecks',
  'Monitors and alert routes',
  'Owners per area',
  'Open blockers in fix order',
  'Release-day checklist (who does what)',
];

const WORKFLOW = `name: deploy
on:
  push:
    branches: [main]
jobs:
  deploy:
    runs-on: ubuntu-latest
    environment: production
    steps:
      - uses: actions/checkout@v4
      - run: npm ci
      - run: npm test
      - run: flyctl deploy --remote-only
`;

const FILES: Record<string, string> = {
  'package.json': JSON.stringify({ name: 'shop', version: '1.0.0', main: 'src/server.js', scripts: { start: 'node src/server.js', test: 'node --test' } }, null, 2),
  '.github/workflows/deploy.yml': WORKFLOW,
  'fly.toml': 'app = "shop"\n\n[http_service]\n  internal_port = 8080\n\n[[http_service.checks]]\n  path = "/health"\n',
  'RUNBOOK.md': '# Runbook\n\nDeploys go out from GitHub Actions.\n\n## Rollback\n\nTo roll back, run `fly releases` and `fly deploy --image <previous image>`.\n',
  '.env.example': 'DATABASE_URL=postgres://localhost/shop\nSTRIPE_KEY=\n',
  'src/server.js': [
    "import http from 'node:http';",
    'const db = process.env.DATABASE_URL;',
    'const stripe = process.env.STRIPE_KEY;',
    'const flag = process.env.SHADOW_FEATURE_FLAG;',
    "http.createServer((req, res) => { if (req.url === '/health') return res.end('ok'); res.end(String(Boolean(db && stripe && flag))); }).listen(8080);",
    '',
  ].join('\n'),
  'migrations/001_init.sql': 'CREATE TABLE orders (id bigserial PRIMARY KEY, total numeric NOT NULL);\n',
  'migrations/002_status.sql': "ALTER TABLE orders ADD COLUMN status text NOT NULL DEFAULT 'new';\nCREATE INDEX orders_status ON orders (status);\n",
  'launchready.yml': `app:
  name: Shop <b>&amp;
  canonical: https://shop.example.test
routes:
  - { path: /api/orders, method: GET, kind: read, budgetMs: 300, critical: true }
owners:
  deployments: Bo
  migrations: Mia
  monitoring: Sam
  default: Dana
monitor:
  interval: 30s
  monitors:
    - { name: app, type: http, url: "https://shop.example.test/health", conditions: ["status == 200"] }
    - { name: shop-cert, type: tls, host: shop.example.test, conditions: ["cert_expires_in > 14d"] }
    - { name: nightly-export, type: heartbeat, every: 24h, grace: 1h }
  alerts:
    - { type: webhook, url: "https://hooks.example.test/alerts/${WEBHOOK_TOKEN}?key=${WEBHOOK_TOKEN}", secret: "\${ALERT_SECRET}" }
    - { type: pagerduty, routingKey: "${PD_KEY}" }
    - { type: email, to: ops@example.test, smtp: "smtp://ops:\${ALERT_SECRET}@mail.example.test:587" }
`,
};

let repo = '';
let reportJson = '';
const env = { ALERT_SECRET: WEBHOOK_SECRET };

function writeFixture(dir: string): void {
  for (const [path, content] of Object.entries(FILES)) {
    const full = join(dir, ...path.split('/'));
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
}

function assertNoSecrets(text: string, what: string): void {
  for (const secret of [WEBHOOK_TOKEN, WEBHOOK_SECRET, PD_KEY]) assert.ok(!text.includes(secret), `${what} leaks ${secret.slice(0, 6)}…`);
}

function assertSections(text: string, what: string): void {
  for (const title of SECTION_TITLES) assert.ok(text.includes(title), `${what} has section "${title}"`);
}

describe('launchready handover', { timeout: 240_000 }, () => {
  before(async () => {
    repo = makeTempDir('handover');
    writeFixture(repo);
    const audit = await runCli(['audit', '--repo', '.', '--only', 'repo,migrations,monitoring', '--format', 'json', '--fail-on', 'none'], { cwd: repo, env, timeoutMs: 180_000 });
    assert.equal(audit.code, 0, audit.stderr);
    reportJson = join(repo, 'report.json');
    writeFileSync(reportJson, audit.stdout);
  });
  after(removeTempDirs);

  it('writes HANDOVER.md from a saved report: every section, deploy file:line, undocumented var flagged, secrets masked', async () => {
    const run = await runCli(['handover', '--report', 'report.json'], { cwd: repo, env });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /wrote HANDOVER\.md/);
    const md = readFileSync(join(repo, 'HANDOVER.md'), 'utf8');
    assertSections(md, 'HANDOVER.md');
    assert.match(md, /audit report report\.json/);
    // deploy step and rollback note with file and line
    assert.match(md, /\.github\/workflows\/deploy\.yml:\d+/);
    assert.match(md, /RUNBOOK\.md:\d+/);
    // env vars: the undocumented one flagged, the documented ones not
    assert.match(md, /\| SHADOW\\_FEATURE\\_FLAG \| UNDOCUMENTED \|/);
    assert.match(md, /\| STRIPE\\_KEY \| documented \| template \|/);
    // migrations with lock risk
    assert.match(md, /migrations\/002\\_status\.sql:\d+/);
    assert.match(md, /ACCESS EXCLUSIVE/);
    // not measured sections say what to run instead of inventing data
    assert.match(md, /not measured: run `launchready load`/);
    assert.match(md, /not measured: this report has no domain map/);
    // monitors and masked alert routes
    assert.match(md, /nightly-export/);
    assert.match(md, /https:\/\/hooks\.example\.test\/[^|]*…\(\d+ chars\)/);
    assert.match(md, /routing key pdke…\(\d+ chars\)/);
    assertNoSecrets(md, 'HANDOVER.md');
    // owners and the checklist
    assert.match(md, /\| deployments \| Bo \|/);
    assert.match(md, /Bo \(deployments\): deploy with/);
    assert.match(md, /Bo \(deployments\): if it breaks, roll back/);
    assert.match(md, /Mia \(migrations\): run pending migrations/);
    assert.match(md, /Sam \(monitoring\): start `launchready monitor`/);
    // the config's app name is data: escaped, not markup
    assert.match(md, /Handover: Shop &lt;b&gt;&amp;amp;/);
  });

  it('writes escaped, self-contained html with --format html', async () => {
    const run = await runCli(['handover', '--report', 'report.json', '--format', 'html'], { cwd: repo, env });
    assert.equal(run.code, 0, run.stderr);
    const html = readFileSync(join(repo, 'HANDOVER.html'), 'utf8');
    assertSections(html, 'HANDOVER.html');
    assertNoSecrets(html, 'HANDOVER.html');
    assert.ok(html.includes('<title>Handover: Shop &#60;b&#62;&#38;amp;</title>'), 'app name escaped in the title');
    assert.ok(!html.includes('<b>&amp;'), 'no raw markup from the config');
    assert.match(html, /SHADOW_FEATURE_FLAG<\/td><td>UNDOCUMENTED/);
    assert.match(html, /\.github\/workflows\/deploy\.yml:\d+/);
    assert.match(html, /Content-Security-Policy" content="default-src 'none'/);
    assert.doesNotMatch(html, /<script|<link|src=|https?:\/\/[^"<\s]*\.(?:css|js)\b/);
    const stdout = await runCli(['handover', '--report', 'report.json', '--out', '-'], { cwd: repo, env });
    assert.equal(stdout.code, 0, stdout.stderr);
    assert.match(stdout.stdout, /^# Handover: Shop/);
    assertNoSecrets(stdout.stdout, 'stdout');
  });

  it('runs a fresh repo-only audit when no --report is given', async () => {
    // repo stage only: no network, no migrations sandbox (that section then says it was not measured)
    const run = await runCli(['handover', '--repo', '.', '--only', 'repo,monitoring', '--out', 'fresh.md'], { cwd: repo, env, timeoutMs: 180_000 });
    assert.equal(run.code, 0, run.stderr);
    const md = readFileSync(join(repo, 'fresh.md'), 'utf8');
    assertSections(md, 'fresh.md');
    assert.match(md, /a fresh audit run by this command/);
    assert.match(md, /SHADOW\\_FEATURE\\_FLAG \| UNDOCUMENTED/);
    assert.match(md, /\.github\/workflows\/deploy\.yml:\d+/);
    assert.match(md, /## 5\. Migrations and lock risk\n\n_Source: not measured: this report has no migrations inventory/);
    assertNoSecrets(md, 'fresh.md');
  });

  it('exits 2 with one line on a bad --report, and refuses to write through a symlink', async () => {
    writeFileSync(join(repo, 'not-a-report.json'), JSON.stringify({ schemaVersion: 1, sources: {}, plan: {} }));
    // the other shapes (broken JSON, wrong tool, missing keys) are unit-tested in test/handover/build.test.ts
    for (const bad of ['not-a-report.json', 'missing.json']) {
      const run = await runCli(['handover', '--report', bad, '--out', 'x.md'], { cwd: repo, env });
      assert.equal(run.code, 2, `${bad}: ${run.stderr}`);
      assert.equal(run.stderr.trim().split('\n').length, 1, `${bad}: one line: ${run.stderr}`);
      assert.match(run.stderr, /^launchready handover: --report/);
      assert.equal(existsSync(join(repo, 'x.md')), false);
    }
    const help = await runCli(['handover', '--help'], { cwd: repo, env });
    assert.equal(help.code, 0);
    for (const flag of ['--config', '--report', '--out', '--format']) assert.ok(help.stdout.includes(flag), `handover --help documents ${flag}`);
    symlinkSync(join(repo, 'elsewhere.md'), join(repo, 'link.md'));
    const link = await runCli(['handover', '--report', 'report.json', '--out', 'link.md'], { cwd: repo, env });
    assert.equal(link.code, 2, link.stderr);
    assert.equal(existsSync(join(repo, 'elsewhere.md')), false);
  });
});

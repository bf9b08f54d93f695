// The handover document from report fixtures: a full report (domain map, TLS, routes incl. production rows, blockers,
// hostile evidence) and an empty one. Every section is present either way; nothing is invented for a missing input.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { monitorSettingsOf, parseReportFile } from '../../src/cli/commands/handover.ts';
import { UsageError } from '../../src/config/load.ts';
import type { LaunchreadyConfig } from '../../src/config/types.ts';
import { alertDestination, buildHandover, type HandoverInput } from '../../src/handover/build.ts';
import { plainText } from '../../src/handover/model.ts';
import { renderHandoverHtml, renderHandoverMarkdown } from '../../src/handover/render.ts';
import { parseMonitorSection } from '../../src/monitor/config.ts';
import { resolveMonitors } from '../../src/monitor/monitors.ts';
import type { Report } from '../../src/types.ts';
import { HOSTILE, readyReport, sampleReport } from '../support/sample-report.ts';

const SLACK_PATH = 'T0123ABCD/B0456EFGH/Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2';
const NTFY_TOPIC = 'ops-Qm7Rz2Wp9Lx4';
const SECTION_IDS = ['domains', 'certificates', 'deploy', 'env', 'migrations', 'performance', 'bottlenecks', 'monitors', 'owners', 'blockers', 'checklist'];

const CONFIG: LaunchreadyConfig = {
  app: { name: 'Acme Ops', canonical: 'https://app.acme.test/' },
  routes: [{ path: '/api/orders', method: 'GET', kind: 'read', budgetMs: 300, critical: true }],
  owners: { domain: 'Dana', ssl: 'Dana', deployments: 'Bo', perf: 'Bo', monitoring: 'Sam', default: 'Chris' },
};

const MONITOR = parseMonitorSection({
  monitors: [
    { name: 'app', type: 'http', url: 'https://app.acme.test/health?token=Zq8Lm3Np7Rt2Vx6B', conditions: ['status == 200'] },
    { name: 'app-cert', type: 'tls', host: 'app.acme.test', conditions: ['cert_expires_in > 14d'] },
  ],
  alerts: [
    { type: 'slack', url: `https://hooks.slack.test/services/${SLACK_PATH}` },
    { type: 'ntfy', url: `https://ntfy.example.test/${NTFY_TOPIC}` },
  ],
});

function input(report: Report, overrides: Partial<HandoverInput> = {}): HandoverInput {
  return {
    report,
    reportSource: { kind: 'file', path: 'report.json' },
    config: CONFIG,
    configPath: 'launchready.yml',
    monitor: MONITOR,
    now: new Date('2026-12-02T12:00:00Z'),
    ...overrides,
  };
}

/** A section as plain lines: source, paragraphs, list items, table rows as `a | b | c`. */
function sectionText(doc: ReturnType<typeof buildHandover>, id: string): string {
  const s = doc.sections.find((x) => x.id === id);
  assert.ok(s, `section ${id}`);
  const lines = [plainText(s.source)];
  for (const b of s.blocks) {
    if (b.kind === 'p') lines.push(plainText(b.text));
    else if (b.kind === 'list') lines.push(...b.items.map(plainText));
    else lines.push(b.columns.join(' | '), ...b.rows.map((r) => r.join(' | ')));
  }
  return lines.join('\n');
}

describe('handover document', () => {
  it("names a host's own certificate findings only, not those of a subdomain that contains its name", () => {
    // the apex serves its own https (no redirect); only app.acme.test's (expiring) and api.acme.test's (expired) have findings
    const report = sampleReport();
    const apex = report.domainMap.find((e) => e.host === 'acme.test');
    const https = apex?.variants.find((v) => v.url === 'https://acme.test/');
    assert.ok(https);
    https.hops = [{ url: 'https://acme.test/', status: 200 }];
    https.final = 'https://acme.test/';
    const rows = sectionText(buildHandover(input(report)), 'certificates').split('\n');
    const apexRow = rows.find((r) => r.startsWith('acme.test |'));
    assert.ok(apexRow, rows.join('\n'));
    assert.doesNotMatch(apexRow, /tls\.cert-expir|app\.acme\.test|api\.acme\.test/);
    assert.match(rows.find((r) => r.startsWith('app.acme.test |')) ?? '', /tls\.cert-expiring/);
  });

  it('fills every section from a full report, marks production rows and names the renewal signal', () => {
    const report = sampleReport();
    const routes = report.metrics.routes as (Report['metrics']['routes'][number] & { source?: string })[];
    routes.push({ ...structuredClone(routes[0] as Report['metrics']['routes'][number]), path: '/api/live', p95Ms: 250, breakingRps: null, source: 'production' });
    const doc = buildHandover(input(report));
    assert.deepEqual(
      doc.sections.map((s) => s.id),
      SECTION_IDS,
    );
    const unmeasured = doc.sections.filter((s) => !s.measured).map((s) => s.id);
    assert.deepEqual(unmeasured, ['deploy'], 'the sample report has no deploy inventory, everything else is measured');
    assert.match(sectionText(doc, 'deploy'), /not measured/);
    assert.match(sectionText(doc, 'domains'), /every variant ends on https:\/\/app\.acme\.test\//);
    const certs = sectionText(doc, 'certificates');
    assert.match(certs, /app\.acme\.test/);
    assert.match(certs, /tls\.cert-expiring/);
    assert.match(certs, /watched by monitor app-cert \(cert_expires_in > 14d\)/);
    const perf = sectionText(doc, 'performance');
    assert.match(perf, /GET \/api\/live \| read \| production \(evidence\)/);
    assert.match(perf, /n\/a \(production\)/);
    assert.match(perf, /OVER BUDGET/);
    // the sample report carries the performance stage's top 3 (metrics.bottlenecks): the section uses it
    assert.match(sectionText(doc, 'bottlenecks'), /from the report's bottleneck summary \(metrics\.bottlenecks\)\nGET \/api\/orders\. Cause: N\+1 queries/);
    assert.match(sectionText(doc, 'env'), /STRIPE_WEBHOOK_SECRET \| UNDOCUMENTED/);
    const blockers = doc.sections.find((s) => s.id === 'blockers')?.blocks[0];
    assert.ok(blockers?.kind === 'table');
    const order = blockers.rows.map((r) => Number(r[0]));
    assert.deepEqual(
      order,
      [...order].sort((a, b) => a - b),
      'blockers in fix order',
    );
    const checklist = doc.sections.find((s) => s.id === 'checklist')?.blocks[0];
    assert.ok(checklist?.kind === 'list');
    assert.match(plainText(checklist.items[0] ?? []), /fix blocker #1 /);
    assert.ok(
      checklist.items.some((i) => /^Sam \(monitoring\): start launchready monitor/.test(plainText(i))),
      'monitoring owner starts the monitors',
    );
  });

  it('takes the report bottleneck summary when the performance stage wrote one', () => {
    const report = sampleReport();
    (report.metrics as Record<string, unknown>).bottlenecks = [
      { route: 'GET /api/orders', cause: '41 queries per request (N+1 on customers)', fix: 'eager-load customers' },
      { route: 'POST /api/login', cause: 'bcrypt cost 14 on 1 vCPU' },
    ];
    const text = sectionText(buildHandover(input(report)), 'bottlenecks');
    assert.match(text, /metrics\.bottlenecks/);
    assert.match(text, /GET \/api\/orders\. Cause: 41 queries per request/);
    assert.match(text, /POST \/api\/login\. Cause: bcrypt cost 14/);
  });

  it('says what was not measured instead of inventing data on an empty report and no config', () => {
    const doc = buildHandover(input(readyReport(), { config: {}, configPath: null, monitor: null }));
    assert.deepEqual(
      doc.sections.map((s) => s.id),
      SECTION_IDS,
    );
    for (const id of ['performance', 'bottlenecks']) assert.match(sectionText(doc, id), /not measured: run launchready load/, id);
    assert.match(sectionText(doc, 'monitors'), /not configured/);
    assert.match(sectionText(doc, 'owners'), /not configured/);
    assert.match(sectionText(doc, 'checklist'), /unassigned \(deployments\)/);
    const md = renderHandoverMarkdown(doc);
    for (const title of doc.sections.map((s) => s.title)) assert.ok(md.includes(title), title);
  });

  it('masks alert destinations and monitor tokens, and escapes hostile report text in both formats', () => {
    const report = sampleReport();
    const first = report.findings.find((f) => f.severity === 'blocker');
    assert.ok(first);
    first.title = `${HOSTILE} | @octocat`;
    const doc = buildHandover(input(report));
    const md = renderHandoverMarkdown(doc);
    const html = renderHandoverHtml(doc);
    for (const [name, text] of [
      ['markdown', md],
      ['html', html],
    ] as const) {
      assert.ok(!text.includes(SLACK_PATH), `${name}: slack path masked`);
      assert.ok(!text.includes(NTFY_TOPIC), `${name}: ntfy topic masked`);
      assert.ok(!text.includes('Zq8Lm3Np7Rt2Vx6B'), `${name}: monitor URL token masked`);
      assert.ok(!text.includes('<img src=x'), `${name}: hostile markup inert`);
      assert.ok(text.includes('hooks.slack.test'), `${name}: the host stays readable`);
    }
    assert.ok(html.includes('&#60;img src=x onerror=alert(1)&#62;'), 'html escapes with the report esc()');
    assert.ok(md.includes('&lt;img src=x onerror=alert(1)&gt; &#124; &#64;octocat'), 'markdown escapes pipes and mentions');
    assert.doesNotMatch(html, /<script|<link|<img|<iframe/);
  });

  it('never shows an alert secret in full', () => {
    const key = 'R2d4F6h8J0l2N4p6R8t0V2x4Z6b8D0';
    assert.equal(alertDestination({ type: 'pagerduty', routingKey: key }), `routing key R2d4…(${key.length} chars)`);
    const webhook = alertDestination({ type: 'webhook', url: 'https://hooks.example.test/a/b?sig=1', secret: 'whsec_abcdefghijklmnop' });
    assert.ok(!webhook.includes('whsec_') && !webhook.includes('sig=1'), webhook);
    const email = alertDestination({ type: 'email', to: 'ops@acme.test', smtp: 'smtp://ops:Pa55-w0rd-long@mail.acme.test:587' });
    assert.ok(!email.includes('Pa55-w0rd-long') && email.includes('mail.acme.test'), email);
  });
});

describe('handover inputs', () => {
  it('accepts a report JSON and rejects facts files, other JSON and malformed rows', () => {
    const good = parseReportFile(JSON.stringify(sampleReport()), 'r.json');
    assert.equal(good.schemaVersion, 1);
    for (const bad of [
      '[]',
      '{"schemaVersion":1,"plan":{},"sources":{}}',
      JSON.stringify({ ...sampleReport(), tool: { name: 'other' } }),
      JSON.stringify({ ...sampleReport(), findings: 'x' }),
      JSON.stringify({ ...sampleReport(), metrics: {} }),
    ]) {
      assert.throws(
        () => parseReportFile(bad, 'bad.json'),
        (e: Error) => e instanceof UsageError && /bad\.json is not a launchready JSON report/.test(e.message),
        bad.slice(0, 40),
      );
    }
    // hostile rows: non-objects dropped, wrong types coerced, and the document still builds
    const hostile = { ...sampleReport(), findings: [null, 7, 'x', { id: 1, title: { a: 1 } }], blockers: [{ fixOrder: 'x', after: 'y' }], domainMap: [{ host: 5, variants: 'v' }] };
    const parsed = parseReportFile(JSON.stringify(hostile), 'h.json');
    assert.equal(parsed.findings.length, 1);
    const doc = buildHandover(input(parsed));
    assert.equal(doc.sections.length, SECTION_IDS.length);
  });

  it('lists the monitors launchready monitor runs: a critical GET / is the canonical monitor, not a fourth row', () => {
    const config: LaunchreadyConfig = {
      app: { canonical: 'https://app.acme.test/' },
      routes: [
        { path: '/', method: 'GET', critical: true },
        { path: '/api/orders', method: 'GET', critical: true },
      ],
      monitor: { monitors: [{ name: 'db', type: 'tcp', host: 'db.acme.test', port: 5432 }] },
    };
    const monitor = parseMonitorSection(config.monitor);
    const text = sectionText(buildHandover(input(readyReport(), { config, monitor })), 'monitors');
    const rows = text.split('\n').filter((l) => / \| (?:http|tcp) \| /.test(l));
    const run = resolveMonitors(config).monitors.map((m) => m.name);
    assert.deepEqual(run, ['db', 'canonical', 'route-get-api-orders']);
    assert.deepEqual(
      rows.map((r) => r.split(' ')[0]),
      run,
    );
    assert.doesNotMatch(text, /GET \/ \(critical route/);
    assert.match(text, /route-get-api-orders \(critical route, made by launchready monitor\) \| http \| GET https:\/\/app\.acme\.test\/api\/orders \| 30s \| status < 400/);
  });

  it('validates the monitor block like launchready monitor', () => {
    assert.equal(monitorSettingsOf({}, null), null);
    const ok = monitorSettingsOf({ monitor: { monitors: [{ name: 'a', type: 'tcp', host: 'db', port: 5432 }] } }, 'l.yml');
    assert.equal(ok?.monitors[0]?.name, 'a');
    assert.throws(
      () => monitorSettingsOf({ monitor: { monitors: [{ name: 'a', type: 'http', url: 'not a url' }] } }, 'l.yml'),
      (e: Error) => e instanceof UsageError && /monitor\.monitors\[0\] \(a\)\.url: not a valid URL/.test(e.message),
    );
  });
});

// A route that answers 404 or 401 to (nearly) every load request refuses the probe: one verdict ("refused: answered
// 404 to N of N requests") in perf.errors-under-load and the top 3, no breaking rate, no saturation advice, no p95
// verdict, whatever stopped the run. 5xx and a 2xx/429 mix are judged as before.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CHECKS_BY_ID } from '../../src/checks/registry.ts';
import { runChecks } from '../../src/checks/run.ts';
import { buildHandover } from '../../src/handover/build.ts';
import { plainText } from '../../src/handover/model.ts';
import { Redactor } from '../../src/mask.ts';
import { defaultPolicy } from '../../src/policy.ts';
import { topBottlenecks } from '../../src/report/bottlenecks.ts';
import { buildReport } from '../../src/report/build.ts';
import { REPORTERS } from '../../src/report/formats/index.ts';
import type { Report } from '../../src/types.ts';
import { factsWith } from '../support/facts.ts';
import { loadFacts, measuredRoute, step } from '../support/load-facts.ts';
import { reportValidator } from '../support/schemas.ts';

function reportOf(routes: Parameters<typeof loadFacts>[0], baseline: Report | null = null): Report {
  const facts = factsWith({ load: loadFacts(routes, { expectedPeakRps: 5, baselineRps: 5 }) });
  return buildReport(facts, runChecks(facts, CHECKS_BY_ID), { startedAt: new Date(), policy: { ...defaultPolicy(facts.plan), baseline }, redactor: new Redactor() });
}

// `launchready load --route "GET /nope" --no-ramp --duration 1s` with no warm-up: 5 requests, all 404, the run ends by
// its duration before the 2 s error-storm window could fire.
const shortRun = () =>
  measuredRoute({
    path: '/nope',
    requests: 5,
    rps: 5,
    p95Ms: 3,
    errors: { status4xx: 5 },
    errorsPct: 100,
    stoppedBy: 'duration',
    breakingRps: 5,
    breakingCause: 'errors',
    rampEndedBy: null,
    steps: [],
    refusals: { outcomes: 5, statuses: { 404: 5 } },
  });
// The default 3 s warm-up: the storm stop fires inside it, so nothing is measured (requests 0, no error counts).
const stormInWarmup = () =>
  measuredRoute({
    path: '/api/admin',
    requests: 0,
    p95Ms: null,
    errors: {},
    errorsPct: 0,
    stoppedBy: 'error-storm',
    breakingRps: 5,
    breakingCause: 'errors',
    rampEndedBy: null,
    steps: [],
    refusals: { outcomes: 21, statuses: { 401: 21 } },
  });

function perfChecks(r: Report) {
  return Object.fromEntries(r.checks.filter((c) => c.id.startsWith('perf.')).map((c) => [c.id, c]));
}

describe('a route refused with 4xx is reported as refused, never as saturated', () => {
  for (const [name, route, status, n] of [
    ['a short run stopped by its duration', shortRun, 404, 5],
    ['an error-storm stop inside the warm-up', stormInWarmup, 401, 21],
  ] as const) {
    it(name, () => {
      const report = reportOf([route()]);
      const key = `GET ${route().path}`;
      const verdict = `refused: answered ${status} to ${n} of ${n} requests — check the path, method and headers`;
      const mine = report.findings.filter((f) => f.target === key);
      assert.deepEqual(
        mine.map((f) => [f.id, f.title]),
        [['perf.errors-under-load', `${key}: ${verdict}`]],
      );
      assert.match(mine[0]?.fix ?? '', /path and method/);
      const checks = perfChecks(report);
      // not passed: nothing about the route's speed or headroom was measured
      assert.equal(checks['perf.low-headroom']?.status, 'error');
      assert.match(String(checks['perf.low-headroom']?.reason), /refused: answered/);
      assert.equal(checks['perf.p95-over-budget']?.status, 'error');
      const [b] = report.metrics.bottlenecks ?? [];
      assert.equal(b?.cause, verdict);
      assert.equal(report.metrics.routes[0]?.breakingRps, null);
      assert.equal(report.metrics.routes[0]?.errorsPct, 100);
      const validate = reportValidator();
      assert.ok(validate(JSON.parse(REPORTERS.json!(report, { color: false, width: 100 }))), JSON.stringify(validate.errors?.slice(0, 3)));
      for (const format of ['terminal', 'markdown', 'html', 'json'] as const) {
        const text = REPORTERS[format]!(report, { color: false, width: 120 });
        assert.doesNotMatch(text, /saturat|breaks at \d/i, format);
      }
    });
  }

  it('nearly all (19 of 20 refused, one 2xx) is still refused', () => {
    const report = reportOf([
      measuredRoute({
        path: '/x',
        errors: { status4xx: 19 },
        errorsPct: 95,
        requests: 20,
        breakingRps: 5,
        breakingCause: 'errors',
        rampEndedBy: null,
        steps: [],
        refusals: { outcomes: 20, statuses: { 403: 19 } },
      }),
    ]);
    assert.equal(report.findings.find((f) => f.id === 'perf.errors-under-load')?.title, 'GET /x: refused: answered 403 to 19 of 20 requests — check the path, method and headers');
    assert.equal(
      report.findings.some((f) => f.id === 'perf.low-headroom'),
      false,
    );
  });

  it('a ramp step refused with 403 after a good baseline is no breaking rate either', () => {
    const refusedStep = { ...step(40, 2, 100, 'errors'), refusals: { outcomes: 40, statuses: { 403: 40 } } };
    const report = reportOf([measuredRoute({ path: '/api/orders', breakingRps: 40, breakingCause: 'errors', rampEndedBy: 'broken', steps: [step(20, 30), refusedStep] })]);
    assert.equal(
      report.findings.some((f) => f.id === 'perf.low-headroom'),
      false,
    );
    const c = perfChecks(report)['perf.low-headroom'];
    assert.match(String(c?.reason), /GET \/api\/orders at 40 req\/s answered 403 to 40 of 40 requests: headroom not measured beyond 20 req\/s/);
  });

  it('a refused route next to a measured one: the measured one is judged, the refused one named', () => {
    const report = reportOf([shortRun(), measuredRoute({ path: '/api/slow', p95Ms: 500, breakingRps: 5, breakingCause: 'p95-over-budget', rampEndedBy: null, steps: [] })]);
    assert.ok(report.findings.some((f) => f.id === 'perf.low-headroom' && f.target === 'GET /api/slow'));
    assert.ok(report.findings.some((f) => f.id === 'perf.p95-over-budget' && f.target === 'GET /api/slow'));
    assert.equal(
      report.findings.some((f) => f.id === 'perf.low-headroom' && f.target === 'GET /nope'),
      false,
    );
    assert.match(String(perfChecks(report)['perf.p95-over-budget']?.reason), /GET \/nope refused: answered 404 to 5 of 5/);
  });
});

describe('server errors and rate limits stay judged as before', () => {
  it('5xx to every request: errors under load and a breaking rate', () => {
    const report = reportOf([
      measuredRoute({
        path: '/boom',
        errors: { status5xx: 200 },
        errorsPct: 100,
        breakingRps: 5,
        breakingCause: 'errors',
        rampEndedBy: null,
        steps: [],
        refusals: { outcomes: 260, statuses: {} },
      }),
    ]);
    const titles = report.findings.map((f) => `${f.id} ${f.title}`);
    assert.ok(titles.includes('perf.errors-under-load GET /boom: 100% of requests failed at 20 req/s'), titles.join('\n'));
    assert.ok(titles.some((t) => t.startsWith('perf.low-headroom GET /boom breaks at 5 req/s')));
    assert.match(report.metrics.bottlenecks?.[0]?.cause ?? '', /errors under load \(100% failed\)/);
  });

  it('5xx to every request with the error-storm stop inside the warm-up (nothing measured): 100% failed, not refused', () => {
    const report = reportOf([
      measuredRoute({
        path: '/boom',
        requests: 0,
        p95Ms: null,
        errors: {},
        stoppedBy: 'error-storm',
        breakingRps: 5,
        breakingCause: 'errors',
        rampEndedBy: null,
        steps: [],
        refusals: { outcomes: 21, failed: 21, statuses: {} },
      }),
    ]);
    const errors = report.findings.find((f) => f.id === 'perf.errors-under-load');
    assert.equal(errors?.title, 'GET /boom: 100% of requests failed at 20 req/s');
    assert.ok(report.findings.some((f) => f.id === 'perf.low-headroom'));
    assert.equal(report.metrics.bottlenecks?.[0]?.cause, 'errors under load (100% failed)');
  });

  it('2xx with 429 (a rate limit under load): a breaking rate from errors, no refusal', () => {
    const limited = { ...step(40, 20, 30, 'errors'), refusals: { outcomes: 200, statuses: {} } };
    const report = reportOf([
      measuredRoute({
        path: '/api/search',
        errors: {},
        breakingRps: 40,
        breakingCause: 'errors',
        rampEndedBy: 'broken',
        steps: [step(20, 20), limited],
        refusals: { outcomes: 260, statuses: {} },
      }),
    ]);
    assert.ok(report.findings.some((f) => f.id === 'perf.low-headroom' && /breaks at 40 req\/s/.test(f.title)));
    assert.equal(
      report.findings.some((f) => /refused/.test(f.title)),
      false,
    );
    assert.equal(report.metrics.routes[0]?.breakingRps, 40);
  });
});

describe('refusal counts read back from a hostile facts file', () => {
  it('ignores codes that are not 4xx and counts that are not finite numbers', () => {
    const route = measuredRoute({ path: '/x', refusals: { outcomes: 10, statuses: { 200: 10, abc: 10, 404: 'x', 403: Number.POSITIVE_INFINITY } as never } });
    const report = reportOf([route]);
    assert.equal(
      report.findings.some((f) => /refused/.test(f.title)),
      false,
    );
    assert.equal(report.metrics.routes[0]?.breakingRps, null);
  });
});

// The route table's verdict column: the target turned the requests away (auth, method, missing route), which is no
// overload; `errors` there read as one, next to a `refused` finding.
describe('the route table says refused, not errors', () => {
  const overBudget = () => measuredRoute({ path: '/api/slow', p95Ms: 500, breakingRps: 5, breakingCause: 'p95-over-budget', rampEndedBy: null, steps: [] });
  const failing = () => measuredRoute({ path: '/api/flaky', p95Ms: 30, errors: { status5xx: 20 }, errorsPct: 10 });
  const render = (report: Report, format: string, width = 120) => REPORTERS[format]!(report, { color: false, width });
  const row = (text: string, path: string) => text.split('\n').find((l) => new RegExp(`GET ${path}[\` ]`).test(l) && /\bread\b/.test(l)) ?? '';

  for (const [name, route, status, n] of [
    ['404 to a short run', shortRun, 404, 5],
    ['401 with the storm stop inside the warm-up', stormInWarmup, 401, 21],
  ] as const) {
    it(`${name}: refused in the terminal (wide and narrow), markdown, html and the notes of machine formats`, () => {
      const report = reportOf([route(), overBudget(), failing()]);
      const path = route().path;
      assert.match(row(render(report, 'terminal'), path), /\brefused$/);
      assert.match(row(render(report, 'terminal', 80), path), /· refused$/);
      assert.match(row(render(report, 'markdown'), path), /\| refused \|$/);
      assert.match(render(report, 'html'), new RegExp(`<code>GET ${path}</code></td>(?:<td[^>]*>[^<]*</td>){8}<td><span class="pill pill-unknown">refused</span>`));
      // the measured routes keep their verdicts
      assert.match(row(render(report, 'terminal'), '/api/slow'), /over budget$/);
      assert.match(row(render(report, 'terminal'), '/api/flaky'), /errors$/);
      for (const format of ['terminal', 'markdown', 'html', 'junit', 'sarif']) {
        const text = render(report, format);
        assert.doesNotMatch(text, new RegExp(`GET ${path}[^\\n]*\\|\\s*errors\\b`), format);
      }
      // JSON: the refusal travels with the row, so a saved report read back (handover, --baseline) knows it too
      const json = JSON.parse(render(report, 'json'));
      assert.deepEqual(json.metrics.routes[0].refusal, { status, refused: n, outcomes: n });
      assert.equal(json.metrics.routes[1].refusal, undefined);
      const validate = reportValidator();
      assert.ok(validate(json), JSON.stringify(validate.errors?.slice(0, 3)));
    });
  }

  it('html draws no red bar, curve or percentiles against the budget for a refusal slower than the budget', () => {
    // a 401 that takes 900 ms (a slow auth proxy) is still the proxy's answer, not the route's latency
    const slowRefusal = measuredRoute({
      path: '/api/admin',
      requests: 20,
      p95Ms: 900,
      errors: { status4xx: 20 },
      errorsPct: 100,
      breakingRps: 5,
      breakingCause: 'errors',
      rampEndedBy: 'broken',
      steps: [step(10, 900, 100, 'errors'), step(20, 950, 100, 'errors')],
      refusals: { outcomes: 20, statuses: { 401: 20 } },
    });
    const html = render(reportOf([slowRefusal]), 'html');
    const bar = html.match(/<g><title>GET \/api\/admin[\s\S]*?<\/g>/)?.[0] ?? '';
    assert.match(bar, /refused: not measured/);
    assert.doesNotMatch(bar, /bar-over|bar-ok/);
    assert.doesNotMatch(html, /against request rate for GET \/api\/admin|latency percentiles for GET \/api\/admin/);
    assert.doesNotMatch(html, /class="pill pill-fail">(?:errors|over budget)</);
  });

  it('no p95 change against a --baseline report, in either direction', () => {
    const measured = reportOf([measuredRoute({ path: '/nope', p95Ms: 1 }), overBudget()]);
    const refusedNow = reportOf([shortRun(), overBudget()], JSON.parse(render(measured, 'json')));
    assert.equal(refusedNow.metrics.routes[0]?.change, undefined);
    // the change column is there (the other route has one); the refused route's cell is empty, not "+2 ms (+200%)"
    assert.match(row(render(refusedNow, 'terminal'), '/api/slow'), /over budget\s+0 ms \(0%\)$/);
    assert.match(row(render(refusedNow, 'terminal'), '/nope'), /refused\s+–$/);
    // refused last time: its p95 of 3 ms was the 404's, no baseline for a measured 400 ms now
    const measuredNow = reportOf([measuredRoute({ path: '/nope', p95Ms: 400 })], JSON.parse(render(reportOf([shortRun()]), 'json')));
    assert.equal(measuredNow.metrics.routes[0]?.change, undefined);
  });

  it('the top 3 says refused even when the refusal finding was turned off', () => {
    const report = reportOf([shortRun()]);
    const [b] = topBottlenecks(report.metrics.routes, [], 5);
    assert.equal(b?.cause, 'refused: answered 404 to 5 of 5 requests — check the path, method and headers');
    assert.doesNotMatch(b?.fix ?? '', /pool|workers/);
  });

  it('the handover from the saved JSON report says refused, breaking rate not measured, and lists it nowhere as over budget', () => {
    const slowRefusal = measuredRoute({
      path: '/api/admin',
      p95Ms: 900,
      errors: { status4xx: 200 },
      errorsPct: 100,
      steps: [],
      refusals: { outcomes: 260, statuses: { 401: 260 } },
    });
    const saved = JSON.parse(render(reportOf([slowRefusal, overBudget()]), 'json')) as Report;
    const doc = buildHandover({ report: saved, reportSource: { kind: 'file', path: 'report.json' }, config: {}, configPath: null, monitor: null, now: new Date() });
    const perf = doc.sections.find((s) => s.id === 'performance')?.blocks[0];
    assert.ok(perf?.kind === 'table');
    const admin = perf.rows.find((r) => r[0] === 'GET /api/admin');
    assert.deepEqual([admin?.[6], admin?.[7]], ['refused', 'not measured']);
    assert.equal(perf.rows.find((r) => r[0] === 'GET /api/slow')?.[6], 'OVER BUDGET');
    const checklist = doc.sections.find((s) => s.id === 'checklist');
    const items = (checklist?.blocks ?? []).flatMap((b) => (b.kind === 'list' ? b.items.map(plainText) : b.kind === 'p' ? [plainText(b.text)] : []));
    const line = items.find((i) => /already over budget/.test(i)) ?? '';
    assert.match(line, /GET \/api\/slow/);
    assert.doesNotMatch(line, /GET \/api\/admin/);
  });
});

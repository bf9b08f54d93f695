// A route that answers 404 or 401 to (nearly) every load request refuses the probe: one verdict ("refused: answered
// 404 to N of N requests") in perf.errors-under-load and the top 3, no breaking rate, no saturation advice, no p95
// verdict, whatever stopped the run. 5xx and a 2xx/429 mix are judged as before.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CHECKS_BY_ID } from '../../src/checks/registry.ts';
import { runChecks } from '../../src/checks/run.ts';
import { Redactor } from '../../src/mask.ts';
import { defaultPolicy } from '../../src/policy.ts';
import { buildReport } from '../../src/report/build.ts';
import { REPORTERS } from '../../src/report/formats/index.ts';
import type { Report } from '../../src/types.ts';
import { factsWith } from '../support/facts.ts';
import { loadFacts, measuredRoute, step } from '../support/load-facts.ts';
import { reportValidator } from '../support/schemas.ts';

function reportOf(routes: Parameters<typeof loadFacts>[0]): Report {
  const facts = factsWith({ load: loadFacts(routes, { expectedPeakRps: 5, baselineRps: 5 }) });
  return buildReport(facts, runChecks(facts, CHECKS_BY_ID), { startedAt: new Date(), policy: defaultPolicy(facts.plan), redactor: new Redactor() });
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

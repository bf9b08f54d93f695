// The performance section from load facts: metrics.routes filled (JSON validates), top 3 bottlenecks, the change
// against a --baseline report, and the section in every report format.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CHECKS_BY_ID } from '../../src/checks/registry.ts';
import { runChecks } from '../../src/checks/run.ts';
import { Redactor } from '../../src/mask.ts';
import { defaultPolicy } from '../../src/policy.ts';
import { topBottlenecks } from '../../src/report/bottlenecks.ts';
import { buildReport } from '../../src/report/build.ts';
import { REPORTERS } from '../../src/report/formats/index.ts';
import type { Report } from '../../src/types.ts';
import { factsWith } from '../support/facts.ts';
import { loadFacts, measuredRoute, step } from '../support/load-facts.ts';
import { reportValidator } from '../support/schemas.ts';

function reportFrom(baseline: Report | null = null): Report {
  const facts = factsWith({
    load: loadFacts([
      measuredRoute({ path: '/api/catalog', p95Ms: 4, rampEndedBy: 'max-rps', steps: [step(40, 4), step(200, 5), step(400, 6)] }),
      measuredRoute({ path: '/api/reports/monthly', kind: 'report', p95Ms: 950, breakingRps: 20, breakingCause: 'p95-over-budget', rampEndedBy: null, steps: [] }),
      measuredRoute({
        path: '/api/search',
        p95Ms: 60,
        breakingRps: 100,
        breakingCause: 'p95-over-budget',
        rampEndedBy: 'broken',
        steps: [step(40, 70), step(100, 700, 0, 'p95-over-budget')],
        queriesPerRequest: 12.3456,
      }),
      measuredRoute({ path: '/api/flaky', p95Ms: 30, errors: { status5xx: 20 } }),
    ]),
  });
  return buildReport(facts, runChecks(facts, CHECKS_BY_ID), { startedAt: new Date(), policy: { ...defaultPolicy(facts.plan), baseline }, redactor: new Redactor() });
}

describe('performance section', () => {
  const report = reportFrom();

  it('fills metrics.routes from the load facts, and the JSON validates against the report schema', () => {
    const routes = report.metrics.routes;
    assert.deepEqual(
      routes.map((r) => [r.path, r.source, r.p95Ms, r.breakingRps, r.queriesPerRequest]),
      [
        ['/api/catalog', 'load', 4, null, null],
        ['/api/reports/monthly', 'load', 950, 20, null],
        ['/api/search', 'load', 60, 100, 12.35],
        ['/api/flaky', 'load', 30, null, null],
      ],
    );
    // the curve starts at the baseline rate, then each ramp step
    assert.deepEqual(
      routes[2]?.curve?.map((p) => p.rps),
      [20, 40, 100],
    );
    assert.equal(routes[0]?.distribution?.length, 7);
    const validate = reportValidator();
    const json = JSON.parse(REPORTERS.json!(report, { color: false, width: 100 })) as Report;
    assert.ok(validate(json), JSON.stringify(validate.errors?.slice(0, 3)));
    assert.equal(json.metrics.routes.length, 4);
  });

  it('names the three worst routes with the cause and the fix', () => {
    const b = report.metrics.bottlenecks ?? [];
    assert.equal(b.length, 3);
    assert.deepEqual(
      b.map((x) => [x.route, x.cause]),
      [
        // worst severity first, then by how far p95 is into the budget
        ['GET /api/reports/monthly', 'over budget (p95 950 ms, budget 800 ms)'],
        ['GET /api/search', 'saturation at 100 req/s'],
        ['GET /api/flaky', 'errors under load (10% failed)'],
      ],
    );
    assert.ok(b.every((x) => x.fix.length > 20));
    assert.ok(b[0]?.findings.includes('perf.p95-over-budget'));
  });

  it('shows each route’s p95 change against a baseline report', () => {
    const previous = structuredClone(report);
    previous.metrics.routes = previous.metrics.routes.filter((r) => r.path !== '/api/flaky').map((r) => ({ ...r, p95Ms: r.p95Ms / 2 }));
    const next = reportFrom(previous);
    const monthly = next.metrics.routes.find((r) => r.path === '/api/reports/monthly');
    assert.deepEqual(monthly?.change, { previousP95Ms: 475, p95DeltaMs: 475, p95DeltaPct: 100, previousBreakingRps: 20 });
    assert.equal(next.metrics.routes.find((r) => r.path === '/api/flaky')?.change, undefined);
    const terminal = REPORTERS.terminal!(next, { color: false, width: 120 });
    assert.match(terminal, /p95 change/);
    assert.match(terminal, /\+475 ms \(\+100%\)/);
    assert.match(REPORTERS.markdown!(next, { color: false, width: 100 }), /\+475 ms \(\+100%\)/);
    assert.ok(reportValidator()(JSON.parse(REPORTERS.json!(next, { color: false, width: 100 }))));
  });

  for (const format of Object.keys(REPORTERS)) {
    it(`${format}: shows the performance table and the top 3`, () => {
      const text = REPORTERS[format]!(report, { color: false, width: 100 });
      for (const route of ['/api/catalog', '/api/reports/monthly', '/api/search']) assert.ok(text.includes(route), `${format} lists ${route}`);
      assert.match(text, /over budget \(p95 950 ms, budget 800 ms\)/, `${format} names the top bottleneck's cause`);
      if (format !== 'json' && format !== 'sarif') assert.match(text, /[Pp]erformance baseline/);
      if (format === 'terminal' || format === 'markdown' || format === 'html') {
        assert.match(text, /Top 3 bottlenecks/i);
        // the terminal table fits its width
        if (format === 'terminal') for (const line of text.split('\n')) assert.ok(line.length <= 100, `terminal line too wide: ${line}`);
      }
    });
  }
});

describe('bottleneck of a route whose load was refused with 4xx', () => {
  it('says the route refused the probe instead of "errors under load (0% failed)"', () => {
    const route = {
      method: 'GET',
      path: '/api/orders',
      kind: 'read',
      budgetMs: 300,
      requests: 6,
      rps: 5,
      errorsPct: 100,
      p50Ms: 2,
      p95Ms: 4,
      p99Ms: 4,
      maxMs: 4,
      breakingRps: 5,
      queriesPerRequest: null,
    };
    const finding = {
      id: 'perf.errors-under-load',
      stage: 4,
      severity: 'high',
      target: 'GET /api/orders',
      title: 'GET /api/orders: the load stopped at 5 req/s because the route answered 4xx to 6 of 6 requests',
      fix: 'check the token',
      evidence: { route: 'GET /api/orders', failedPct: 0, failed: 0, errorsByClass: { status4xx: 6 }, stoppedBy: 'error-storm' },
    };
    const [b] = topBottlenecks([route] as never, [finding] as never, 5);
    assert.equal(b?.cause, 'every request refused with 4xx: not measured');
  });
});

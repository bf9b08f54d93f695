// The evidence findings the perf checks owned elsewhere call (p95 over budget from access logs; N+1, queries per
// request and slow queries from traces), and the production rows of the route table, on fact fixtures.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  accessLogBudgetFindings,
  maskUrlSecrets,
  productionRouteMetrics,
  traceNPlusOneFindings,
  traceQueriesPerRequestFindings,
  traceSlowQueryFindings,
} from '../../src/analyze/evidence-findings.ts';
import { accessRoute, evidenceFacts, nPlusOneOrdersRoute, traceRoute, withAccessLog, withTraces } from '../support/evidence-facts.ts';
import { planFor } from '../support/facts.ts';
import { sampleReport } from '../support/sample-report.ts';
import { reportValidator } from '../support/schemas.ts';

const plan = planFor({
  routes: [
    { method: 'GET', path: '/api/orders/:id', kind: 'read', budgetMs: 300, critical: true, auth: 'private', host: null, headerNames: [], hasBody: false },
    { method: 'GET', path: '/api/reports/monthly', kind: 'report', budgetMs: 800, critical: false, auth: 'private', host: null, headerNames: [], hasBody: false },
  ],
});

describe('perf.p95-over-budget from access logs', () => {
  it('judges each route against its budget: high over it, blocker over 2x, with the window in the evidence', () => {
    const evidence = withAccessLog([
      accessRoute('GET', '/api/orders/:id', 450, { configured: true }),
      accessRoute('GET', '/api/reports/monthly', 1700, { configured: true }),
      accessRoute('GET', '/api/health', 12),
      accessRoute('GET', '/api/search', 650),
      // too few requests to judge a route that is not configured
      accessRoute('GET', '/api/rare', 5000, { requests: 3, timed: 3 }),
    ]);
    const findings = accessLogBudgetFindings(evidence, plan);
    assert.deepEqual(
      findings.map((f) => [f.target, f.severity, f.evidence.budgetMs]),
      [
        ['GET /api/search', 'blocker', 300],
        ['GET /api/reports/monthly', 'blocker', 800],
        ['GET /api/orders/:id', 'high', 300],
      ],
    );
    const orders = findings.find((f) => f.target === 'GET /api/orders/:id')!;
    assert.equal(orders.evidence.summary, 'from access log, 1,240 requests between 2026-11-01T10:00:00.000Z and 2026-11-01T11:59:00.000Z: p95 450 ms against a 300 ms budget');
    assert.equal(orders.evidence.source, 'production');
    assert.equal(orders.key, 'production');
    assert.deepEqual(orders.evidence.files, ['access.log']);
    assert.deepEqual(accessLogBudgetFindings(evidenceFacts(), plan), []);
  });
});

describe('trace findings', () => {
  const evidence = withTraces(
    [nPlusOneOrdersRoute(), traceRoute('GET /api/users/:id', { queriesPerRequest: 3 }), traceRoute('GET /api/feed', { queriesPerRequest: 31.5, requests: 8 })],
    [
      { queryId: 'f00000000001', query: 'SELECT * FROM events ORDER BY at DESC', calls: 40, meanMs: 240, maxMs: 900, totalMs: 9600, slow: true, routes: ['GET /api/feed'] },
      { queryId: 'f00000000002', query: 'SELECT * FROM users WHERE id = ?', calls: 400, meanMs: 2, maxMs: 9, totalMs: 800, slow: false, routes: ['GET /api/users/:id'] },
    ],
  );

  it('N+1: one finding per repeated fingerprint, naming the route, query, counts and an example trace', () => {
    const [f, ...rest] = traceNPlusOneFindings(evidence);
    assert.equal(rest.length, 0, 'the three-query route is left alone');
    assert.equal(f?.target, 'GET /api/orders');
    assert.equal(f?.evidence.medianPerRequest, 12);
    assert.equal(f?.evidence.query, 'SELECT * FROM order_items WHERE order_id = ?');
    assert.match(String(f?.evidence.summary), /^from traces, 10 requests: median 12 runs of one query per request, at most 12 \(trace 0+b\)$/);
  });

  it('queries per request over 20, and slow queries by mean time (threshold configurable)', () => {
    assert.deepEqual(
      traceQueriesPerRequestFindings(evidence).map((f) => [f.target, f.evidence.queriesPerRequest]),
      [['GET /api/feed', 31.5]],
    );
    assert.deepEqual(
      traceQueriesPerRequestFindings(evidence, 10).map((f) => f.target),
      ['GET /api/orders', 'GET /api/feed'],
    );
    const slow = traceSlowQueryFindings(evidence);
    assert.deepEqual(
      slow.map((f) => [f.target, f.evidence.meanMs, f.evidence.calls]),
      [['GET /api/feed', 240, 40]],
    );
    assert.equal(traceSlowQueryFindings(evidence, 1).length, 2);
    assert.deepEqual(traceSlowQueryFindings(evidenceFacts()), []);
  });
});

describe('production route rows', () => {
  it('one row per timed access-log route, configured routes first, marked production, with queries per request from traces', () => {
    const evidence = {
      ...withAccessLog([
        accessRoute('GET', '/api/health', 5, { requests: 7140 }),
        accessRoute('GET', '/api/orders/:id', 450, { configured: true, errorRate: 0.0125 }),
        accessRoute('GET', '/api/untimed', 0, { timed: 0, p50Ms: null, p95Ms: null, p99Ms: null, maxMs: null }),
      ]),
      traces: withTraces([traceRoute('GET /api/orders/:id', { queriesPerRequest: 4 })]).traces,
    };
    const rows = productionRouteMetrics(evidence, plan);
    assert.deepEqual(
      rows.map((r) => [r.method, r.path, r.kind, r.budgetMs, r.source, r.queriesPerRequest]),
      [
        ['GET', '/api/orders/:id', 'read', 300, 'production', 4],
        ['GET', '/api/health', 'unknown', 300, 'production', null],
      ],
    );
    const orders = rows[0]!;
    assert.equal(orders.p95Ms, 450);
    assert.equal(orders.errorsPct, 1.25);
    assert.equal(orders.breakingRps, null);
    assert.equal(orders.rps, Math.round((1240 / (119 * 60)) * 1000) / 1000);
    assert.deepEqual(orders.window, { from: '2026-11-01T10:00:00.000Z', to: '2026-11-01T11:59:00.000Z' });
    // the rows fit metrics.routes of the published report schema
    const validate = reportValidator();
    const { reportFile: _file, ...sample } = sampleReport();
    const report = { ...sample, metrics: { routes: rows } };
    assert.ok(validate(JSON.parse(JSON.stringify(report))), JSON.stringify(validate.errors));
  });
});

describe('URLs in evidence', () => {
  it('masks secret-looking query values and credentials', () => {
    const masked = maskUrlSecrets('https://user:pw@app.acme.test/api/me?access_token=abcdef0123456789secret&page=2');
    assert.ok(!masked.includes('0123456789secret') && !masked.includes('pw@'), masked);
    assert.match(masked, /page=2/);
  });
});

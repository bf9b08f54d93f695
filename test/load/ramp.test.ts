// The headroom ramp against a server that saturates at a known rate, and the projection onto metrics.routes.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { Ajv } from 'ajv';
import { isLoadRunFailure } from '../../src/load/engine.ts';
import { rampRates, runRamp } from '../../src/load/ramp.ts';
import { loadRoute, toMetricsRoute } from '../../src/load/route.ts';
import { type LoadTestServer, startLoadServer } from '../support/load-server.ts';

function metricsRouteValidator() {
  const ajv = new Ajv({ allErrors: true, strict: false, logger: false });
  ajv.addSchema(JSON.parse(readFileSync(new URL('../../schema/report.schema.json', import.meta.url), 'utf8')), 'report');
  return ajv.compile({ $ref: 'report#/properties/metrics/properties/routes/items' });
}

describe('headroom ramp', () => {
  let server: LoadTestServer;
  before(async () => {
    // /serial answers one request at a time, 5 ms each: it saturates at 200 req/s at best
    server = await startLoadServer({ SERIAL_MS: '5' });
  });
  after(async () => {
    await server.stop();
  });

  it('steps x factor up to the ceiling, which is always tried', () => {
    assert.deepEqual(rampRates(20, 2, 200), [20, 40, 80, 160, 200]);
    assert.deepEqual(rampRates(25, 2, 100), [25, 50, 100]);
    assert.deepEqual(rampRates(500, 2, 100), [100]);
    assert.throws(() => rampRates(10, 1, 100), /factor > 1/);
  });

  it('finds the breaking rate of a route that saturates, and stops there', async () => {
    const r = await runRamp({ route: { url: server.url('/serial'), budgetMs: 300 }, startRps: 20, factor: 4, maxRps: 5000, stepDurationMs: 1000 });
    if ('error' in r) assert.fail(r.error.message);
    assert.equal(r.endedBy, 'broken');
    assert.equal(r.breakingRps, 320);
    assert.deepEqual(
      r.steps.map((s) => s.offeredRps),
      [20, 80, 320],
    );
    assert.deepEqual(
      r.steps.map((s) => s.broken),
      [null, null, 'p95-over-budget'],
    );
    assert.ok((r.steps[1]?.p95Ms ?? Infinity) < 300);
  });

  it('shares the route request budget between the baseline and the ramp', async () => {
    const before = await server.count();
    const r = await loadRoute({
      route: { url: server.url('/ok'), kind: 'read' },
      model: { type: 'open', rps: 100 },
      durationMs: 1000,
      maxRequests: 250,
      ramp: { factor: 2, maxRps: 1000, stepDurationMs: 1000 },
    });
    if (isLoadRunFailure(r)) assert.fail(r.error.message);
    assert.equal((await server.count()) - before, 250);
    assert.equal(r.sent, 100);
    assert.equal(r.breakingRps, null);
    assert.equal(r.rampEndedBy, 'max-requests');
    assert.deepEqual(
      r.steps.map((s) => s.offeredRps),
      [100, 200],
    );
    const metrics = toMetricsRoute(r);
    const valid = metricsRouteValidator();
    assert.ok(valid(metrics), JSON.stringify(valid.errors));
    assert.equal(metrics.curve.length, 2);
    assert.equal(metrics.budgetMs, 300);
  });
});

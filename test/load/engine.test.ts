// The load engine against real node:http servers on loopback (in a child process): rate, coordinated-omission
// correction, error classes, bounds, the error-storm stop, the loopback gate and secrets kept out of results.
import assert from 'node:assert/strict';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { after, before, describe, it } from 'node:test';
import { isLoadRunFailure, type LoadRunFailure, type LoadRunOptions, type LoadRunResult, runLoad } from '../../src/load/engine.ts';
import { createTestPki } from '../support/certs.ts';
import { closedPort, type LoadTestServer, startLoadServer } from '../support/load-server.ts';

/**
 * How late this process's own timers ran, measured the way the engine measures its timetable (a timer for an absolute
 * due time, here every 1 ms). On a loaded machine the OS can hold the whole process back for tens of ms: that lateness
 * is real, and the engine is right to report it. Returns a function that stops watching and gives the worst, in ms.
 */
function watchTimerLateness(): () => number {
  const start = performance.now();
  let worst = 0;
  let due = start;
  let timer: NodeJS.Timeout | undefined;
  const tick = () => {
    const now = performance.now();
    worst = Math.max(worst, now - due);
    due = start + Math.floor(now - start) + 1;
    timer = setTimeout(tick, due - now);
  };
  tick();
  return () => {
    clearTimeout(timer);
    return worst;
  };
}

async function load(options: LoadRunOptions): Promise<LoadRunResult> {
  const result = await runLoad(options);
  if (isLoadRunFailure(result)) assert.fail(`refused: ${result.error.message}`);
  return result;
}

describe('load engine', () => {
  let server: LoadTestServer;
  before(async () => {
    server = await startLoadServer({ PERIOD_MS: '5000', STALL_MS: '1000', STALL_AT_MS: '1000' });
  });
  after(async () => {
    await server.stop();
  });

  it('holds a constant arrival rate within 2% of 500 req/s', async () => {
    const r = await load({ route: { url: server.url('/ok') }, model: { type: 'open', rps: 500 }, durationMs: 3000, warmupMs: 1000 });
    assert.equal(r.requests, 1500);
    assert.equal(r.sent, 2000);
    assert.equal(r.errorsPct, 0);
    assert.ok(Math.abs(r.rps - 500) / 500 < 0.02, `achieved ${r.rps} req/s`);
    assert.ok(r.p50Ms !== null && r.p99Ms !== null && r.maxMs !== null && r.p50Ms <= r.p99Ms && r.p99Ms <= r.maxMs);
  });

  it('shows a 1 s stall in the corrected p99, while the uncorrected service time hides it', async () => {
    // Stall at 1-2 s of the run; 8 connections, so requests wait in the client during the stall as in wrk2.
    const r = await load({ route: { url: server.url('/stall') }, model: { type: 'open', rps: 500 }, durationMs: 3500, warmupMs: 500, connections: 8 });
    assert.equal(r.errorsPct, 0);
    // ~29% of the window is stalled, arrivals uniform in it: the true p99 is ~965 ms
    assert.ok(r.p99Ms !== null && r.p99Ms >= 500, `corrected p99 ${r.p99Ms} ms`);
    const hidden = r.uncorrected.p99Ms;
    assert.ok(hidden !== null && hidden < 200 && hidden * 3 < r.p99Ms, `uncorrected p99 ${hidden} ms vs corrected ${r.p99Ms} ms`);
    // the 8 requests on the wire during the stall did see it
    assert.ok(r.uncorrected.maxMs !== null && r.uncorrected.maxMs >= 500);
  });

  it("leaves a pause of its own process out of the target's latency, and reports it as generator lag", async () => {
    // 300 ms of busy work in this process, 400 ms into a 1.2 s run: the target (a child process) answers /ok at once
    const busy = setTimeout(() => {
      const until = performance.now() + 300;
      while (performance.now() < until) {}
    }, 400);
    const r = await load({ route: { url: server.url('/ok') }, model: { type: 'open', rps: 100 }, durationMs: 1000, warmupMs: 200 });
    clearTimeout(busy);
    assert.equal(r.errorsPct, 0);
    assert.ok(r.generatorLagMs >= 250, `generator lag ${r.generatorLagMs} ms`);
    // measured from the scheduled time, the ~30 requests due during the pause would show up to 300 ms
    assert.ok(r.maxMs !== null && r.maxMs < 150, `corrected max ${r.maxMs} ms`);
  });

  it('counts a warm-up request sent late as warm-up, so the measured count is exactly rate x duration', async () => {
    // 120 ms of busy work from 140 ms, across the end of a 200 ms warm-up: requests due at 140-190 ms go out late,
    // measured from when they left, and must still be left out of the measured window
    const busy = setTimeout(() => {
      const until = performance.now() + 120;
      while (performance.now() < until) {}
    }, 140);
    const r = await load({ route: { url: server.url('/ok') }, model: { type: 'open', rps: 100 }, durationMs: 500, warmupMs: 200 });
    clearTimeout(busy);
    assert.equal(r.sent, 70);
    assert.equal(r.requests, 50);
  });

  it('reports no generator lag when its process keeps the timetable', async () => {
    const lateness = watchTimerLateness();
    const r = await load({ route: { url: server.url('/ok') }, model: { type: 'open', rps: 100 }, durationMs: 500 });
    const ownLateMs = lateness();
    // No lag beyond what this process's own timers showed. A fixed bound (< 50 ms) failed on a loaded 2-core machine:
    // the OS held the whole process back 79 ms, and this 1 ms timer saw 84 ms of it.
    assert.ok(r.generatorLagMs <= Math.max(ownLateMs, 5) + 10, `generator lag ${r.generatorLagMs} ms; this process's own timers ran at most ${Math.round(ownLateMs)} ms late`);
  });

  it('counts timeouts, resets, refused connections, TLS failures and statuses by class', async () => {
    const quick = { model: { type: 'open', rps: 20 }, durationMs: 500, timeoutMs: 300 } as const;
    const hang = await load({ ...quick, route: { url: server.url('/hang') } });
    assert.equal(hang.errors.timeout, hang.requests);
    assert.equal(hang.requests, 10);
    assert.equal(hang.p99Ms, null);

    const reset = await load({ ...quick, route: { url: server.url('/reset') } });
    assert.equal(reset.errors.reset, 10);
    assert.equal(reset.errorsPct, 100);

    const refused = await load({ ...quick, route: { url: `http://127.0.0.1:${await closedPort()}/` } });
    assert.equal(refused.errors.refused, 10);

    const tls = await load({ ...quick, route: { url: `https://127.0.0.1:${server.port}/ok` } });
    assert.equal(tls.errors.tls, 10);

    const unavailable = await load({ ...quick, route: { url: server.url('/status/503') } });
    const notFound = await load({ ...quick, route: { url: server.url('/status/404') } });
    assert.deepEqual([unavailable.errors.status5xx, unavailable.errors.status4xx], [10, 0]);
    assert.deepEqual([notFound.errors.status5xx, notFound.errors.status4xx], [0, 10]);
    // answered requests have a latency even when their status is an error
    assert.ok(unavailable.p95Ms !== null);

    const expected = await load({ ...quick, route: { url: server.url('/status/401'), acceptStatus: [401] } });
    assert.equal(expected.errorsPct, 0);
  });

  it('never sends more than maxRequests (counted on the server)', async () => {
    const before = await server.count();
    const r = await load({ route: { url: server.url('/ok') }, model: { type: 'open', rps: 1000 }, durationMs: 3000, warmupMs: 200, maxRequests: 400 });
    const received = (await server.count()) - before;
    assert.equal(r.stoppedBy, 'max-requests');
    assert.ok(received <= 400, `server received ${received}`);
    assert.equal(received, r.sent);

    const closedBefore = await server.count();
    const c = await load({ route: { url: server.url('/ok') }, model: { type: 'closed', users: 16 }, durationMs: 3000, maxRequests: 300 });
    const closedReceived = (await server.count()) - closedBefore;
    assert.equal(c.stoppedBy, 'max-requests');
    assert.ok(closedReceived <= 300, `server received ${closedReceived}`);
  });

  it('counts 4xx refusals by status over every outcome, warm-up included, leaving 408 and 429 out', async () => {
    // A 1 s warm-up then 0.5 s measured: the refusal count must not depend on where the warm-up ended (an error-storm
    // stop inside the warm-up measures nothing, and the route was still refused).
    const run = { model: { type: 'open', rps: 20 }, durationMs: 500, warmupMs: 1000 } as const;
    const notFound = await load({ ...run, route: { url: server.url('/status/404') } });
    assert.equal(notFound.requests, 10);
    assert.deepEqual(notFound.refusals, { outcomes: 30, failed: 30, statuses: { 404: 30 } });
    const limited = await load({ ...run, route: { url: server.url('/status/429') } });
    assert.deepEqual(limited.refusals, { outcomes: 30, failed: 30, statuses: {} });
    assert.equal(limited.errors.status4xx, 10);
    const accepted = await load({ ...run, route: { url: server.url('/status/401'), acceptStatus: [401] } });
    assert.deepEqual(accepted.refusals, { outcomes: 30, failed: 0, statuses: {} });
  });

  it('stops early on an error storm (more than half failing over 2 s)', async () => {
    const started = performance.now();
    const r = await load({ route: { url: `http://127.0.0.1:${await closedPort()}/` }, model: { type: 'open', rps: 100 }, durationMs: 10_000 });
    const took = performance.now() - started;
    assert.equal(r.stoppedBy, 'error-storm');
    assert.ok(took < 4000, `took ${took} ms`);
    assert.ok(r.sent < 400);
  });

  it('runs the closed model: N users with think time', async () => {
    const r = await load({ route: { url: server.url('/ok') }, model: { type: 'closed', users: 4, thinkTimeMs: 50 }, durationMs: 1500 });
    assert.equal(r.model, 'closed');
    assert.equal(r.connections, 4);
    // each user: one answer (~1 ms) then 50 ms of thought, so about 4 x 20 req/s. libuv counts whole milliseconds, so
    // a 50 ms timer may fire after 49.x ms (80 req/s exactly was seen, the old bound): at most ceil(1500 / 49) = 31 a user
    assert.ok(r.sent <= 4 * 31, `closed model sent ${r.sent} requests in 1.5 s`);
    assert.ok(r.rps > 30 && r.rps <= (4 * 31) / 1.5, `closed model ${r.rps} req/s`);
    assert.equal(r.errorsPct, 0);
  });

  it('sends method, headers, cookies and body, and keeps their values out of the result', async () => {
    const r = await load({
      route: {
        url: server.url('/echo?key=query-secret-1'),
        method: 'post',
        headers: { Authorization: 'Bearer header-secret-2', 'content-type': 'application/json' },
        cookies: { session: 'cookie-secret-3' },
        body: '{"password":"body-secret-4"}',
      },
      model: { type: 'open', rps: 20 },
      durationMs: 200,
    });
    const last = await server.last();
    assert.equal(last?.headers.authorization, 'Bearer header-secret-2');
    assert.equal(last?.headers.cookie, 'session=cookie-secret-3');
    assert.equal(last?.body, '{"password":"body-secret-4"}');
    assert.equal(r.method, 'POST');
    assert.equal(r.path, '/echo');
    const text = JSON.stringify(r);
    for (const secret of ['query-secret-1', 'header-secret-2', 'cookie-secret-3', 'body-secret-4']) assert.ok(!text.includes(secret), `${secret} leaked`);
    assert.deepEqual(JSON.parse(text), r);
  });

  it('connects through a lookup hook (--resolve) and keeps the Host header', async () => {
    const network = { lookup: async (host: string) => ({ addresses: host === 'app.launchready.test' ? ['127.0.0.1'] : [] }) };
    const r = await load({ route: { url: `http://app.launchready.test:${server.port}/ok` }, model: { type: 'open', rps: 20 }, durationMs: 200, network });
    assert.equal(r.errorsPct, 0);
    assert.equal((await server.last())?.headers.host, `app.launchready.test:${server.port}`);
  });
});

describe('load engine over https', () => {
  const pki = createTestPki('load engine');
  let server: LoadTestServer;
  before(async () => {
    const leaf = pki.leaf({ hosts: ['app.launchready.test'] });
    server = await startLoadServer({ TLS_CERT: leaf.chainPem, TLS_KEY: leaf.keyPem });
  });
  after(async () => {
    await server.stop();
  });

  it('trusts the extra CA of the network hook (--ca-file) and verifies the certificate against the route host, not the pinned address', async () => {
    const lookup = async () => ({ addresses: ['127.0.0.1'] });
    const url = `https://app.launchready.test:${server.port}/ok`;
    const trusted = await load({ route: { url }, model: { type: 'open', rps: 20 }, durationMs: 300, network: { lookup, caCerts: [pki.caPem] } });
    assert.equal(trusted.errorsPct, 0);
    assert.ok(trusted.requests > 0);
    const untrusted = await load({ route: { url }, model: { type: 'open', rps: 20 }, durationMs: 300, network: { lookup } });
    assert.equal(untrusted.errors.tls, untrusted.requests);
    assert.ok(untrusted.requests > 0);
  });
});

describe('load engine loopback gate', () => {
  async function refusedWithoutConnecting(options: LoadRunOptions): Promise<LoadRunFailure> {
    const sockets: unknown[] = [];
    const onSocket = (message: unknown) => sockets.push(message);
    subscribe('net.client.socket', onSocket);
    try {
      const started = performance.now();
      const r = await runLoad(options);
      assert.ok(performance.now() - started < 1000);
      assert.ok(isLoadRunFailure(r), 'expected a refusal');
      assert.equal(sockets.length, 0, 'a socket was opened');
      return r;
    } finally {
      unsubscribe('net.client.socket', onSocket);
    }
  }

  it('refuses a non-loopback address before any connection attempt', async () => {
    // TEST-NET-1: never reachable, and the engine must not even try
    const r = await refusedWithoutConnecting({ route: { url: 'http://192.0.2.1/' }, model: { type: 'open', rps: 10 }, durationMs: 1000 });
    assert.equal(r.error.code, 'NOT_LOOPBACK');
  });

  it('refuses a name that resolves to any non-loopback address', async () => {
    const network = { lookup: async () => ({ addresses: ['127.0.0.1', '192.0.2.1'] }) };
    const r = await refusedWithoutConnecting({ route: { url: 'http://mixed.launchready.test/' }, model: { type: 'open', rps: 10 }, durationMs: 1000, network });
    assert.equal(r.error.code, 'NOT_LOOPBACK');
    assert.match(r.error.message, /--yes/);
  });

  it('rejects a rate or user count that would not bound the run', async () => {
    const route = { url: 'http://127.0.0.1:9/' };
    await assert.rejects(runLoad({ route, model: { type: 'open', rps: 0 }, durationMs: 1000 }), RangeError);
    await assert.rejects(runLoad({ route, model: { type: 'open', rps: Number.NaN }, durationMs: 1000 }), RangeError);
    await assert.rejects(runLoad({ route, model: { type: 'closed', users: 0.5 }, durationMs: 1000 }), RangeError);
  });

  it('reports a name that does not resolve as data', async () => {
    const network = { lookup: async () => ({ addresses: [], error: { code: 'NXDOMAIN', message: 'nowhere.test does not resolve (NXDOMAIN)' } }) };
    const r = await refusedWithoutConnecting({ route: { url: 'http://nowhere.test/' }, model: { type: 'open', rps: 10 }, durationMs: 1000, network });
    assert.equal(r.error.code, 'DNS');
  });
});

// The load collector against a real loopback server: routes one at a time with observers around each window,
// requests sent counted on the server, header secrets sent but never in the facts, a broken baseline not ramped.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { loadCollector } from '../../src/collect/load/index.ts';
import type { LoadWindowObserver } from '../../src/collect/load/window.ts';
import type { LoadFacts } from '../../src/facts/load.ts';
import { Redactor } from '../../src/mask.ts';
import { NetContext } from '../../src/net/context.ts';
import { buildPlan } from '../../src/plan.ts';

const SECRET = 'collector-secret-token-5521';

describe('load collector', { timeout: 60_000 }, () => {
  let server: http.Server;
  let port = 0;
  const hits = new Map<string, number>();
  const inFlight: string[] = [];
  before(async () => {
    server = http.createServer((req, res) => {
      const path = req.url ?? '/';
      hits.set(path, (hits.get(path) ?? 0) + 1);
      inFlight.push(path);
      if (path === '/slow') return void setTimeout(() => res.end('x'), 120);
      res.end(req.headers.authorization === `Bearer ${SECRET}` ? 'ok' : 'no');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it('calls every observer around each route, one route at a time, with the requests sent', async () => {
    const { plan, secrets } = buildPlan(
      {
        app: { canonical: `http://127.0.0.1:${port}/` },
        routes: [
          { path: '/fast', headers: { Authorization: `Bearer ${SECRET}` } },
          { path: '/slow', budgetMs: 50 },
        ],
        load: { expectedPeakRps: 20, duration: '300ms', warmup: '100ms', maxRequests: 60, ramp: { factor: 4, maxRps: 200 } },
      },
      { urls: [], cwd: '/nonexistent', cwdIsGitRepo: false, noRepo: true, only: ['perf'] },
      {},
    );
    const events: string[] = [];
    const observer: LoadWindowObserver = {
      async begin(key) {
        events.push(`begin ${key} after ${inFlight.length}`);
      },
      async end(key, sent) {
        events.push(`end ${key} sent ${sent} server ${hits.get(key.split(' ')[1] as string)}`);
        return { queriesPerRequest: key.endsWith('/fast') ? 3 : null };
      },
    };
    const broken: LoadWindowObserver = {
      async begin() {},
      async end() {
        throw new Error('pg_stat_statements is not preloaded');
      },
    };
    const net = new NetContext({ timeoutMs: 5000, concurrency: 4, resolve: [], dnsServers: [], extraCaPem: [], allowNonLoopbackTraffic: false });
    const facts = (await loadCollector.collect({ plan, secrets, net, redactor: new Redactor(), facts: {}, progress() {}, loadObservers: [observer, broken] })) as LoadFacts;
    assert.equal(facts.routes.length, 2);
    const [fast, slow] = facts.routes;
    // observers bracket each route's whole window: the second route began after the first ended
    assert.match(events[0] ?? '', /^begin GET \/fast after 0$/);
    assert.equal(events[1], `end GET /fast sent ${fast?.requestsSent} server ${hits.get('/fast')}`);
    assert.match(events[2] ?? '', /^begin GET \/slow/);
    assert.equal(events[3], `end GET /slow sent ${slow?.requestsSent} server ${hits.get('/slow')}`);
    assert.ok((fast?.requestsSent ?? 0) <= 60, 'bounded by maxRequests');
    assert.equal(fast?.queriesPerRequest, 3);
    assert.equal(slow?.queriesPerRequest, null);
    assert.deepEqual(fast?.observerErrors, ['pg_stat_statements is not preloaded']);
    // the slow route is broken at the baseline: its breaking rate is the baseline rate and no ramp ran
    assert.equal(slow?.breakingRps, 20);
    assert.equal(slow?.rampEndedBy, null);
    assert.equal(hits.get('/slow'), slow?.requestsSent);
    assert.ok((fast?.steps.length ?? 0) > 0, 'the fast route was ramped');
    assert.deepEqual(facts.settings.ramp?.rates, [80, 200]);
    assert.ok(!JSON.stringify(facts).includes(SECRET), 'the header value never reaches the facts');
    assert.equal(facts.settings.allowNonLoopback, false);
  });
});

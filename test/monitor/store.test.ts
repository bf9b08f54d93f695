// The monitor store, the same tests on SQLite (temp file) and PostgreSQL (a throwaway database on 127.0.0.1:5432):
// migrations, roll-ups equal the raw data they replace, retention deletes only what is past its time, and the
// incident and alert uniqueness rules hold when two connections race.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { exactQuantile, HISTOGRAM_RELATIVE_ERROR } from '../../src/monitor/store/histogram.ts';
import { HOUR_MS, MINUTE_MS, MonitorStore, type StoredResult } from '../../src/monitor/store/store.ts';
import { postgresStoreBackend, sqliteStoreBackend } from '../support/monitor-store-backends.ts';

const T0 = Date.parse('2026-11-01T00:00:00Z');
const DAY = 86_400_000;

/** Deterministic PRNG (mulberry32) so a failure reproduces. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Results every 15 s for `monitors` monitors from `from` to `to`, with skewed response times, failures and timeouts (no time). */
function generate(from: number, to: number, monitors: string[], seed = 1): StoredResult[] {
  const rnd = prng(seed);
  const out: StoredResult[] = [];
  for (const monitor of monitors)
    for (let at = from + Math.floor(rnd() * 15_000); at < to; at += 15_000) {
      const timeout = rnd() < 0.03;
      const ok = !timeout && rnd() > 0.05;
      // log-normal-ish: most around 40 ms, a long tail to seconds; a few sub-millisecond
      const ms = timeout ? null : rnd() < 0.02 ? rnd() : Math.round(Math.exp(3.7 + rnd() * rnd() * 4) * 100) / 100;
      out.push({ monitor, at, ok, responseMs: ms, error: ok ? null : timeout ? 'timeout' : 'status == 200: got 503' });
    }
  return out;
}

function summarise(results: StoredResult[]) {
  const times = results
    .map((r) => r.responseMs)
    .filter((t): t is number => t !== null)
    .sort((a, b) => a - b);
  return { checks: results.length, failures: results.filter((r) => !r.ok).length, p50: exactQuantile(times, 0.5), p95: exactQuantile(times, 0.95) };
}

function assertWithinBound(actual: number | null, exact: number | null, what: string): void {
  if (exact === null) {
    assert.equal(actual, null, what);
    return;
  }
  assert.notEqual(actual, null, what);
  const allowed = exact >= 1 ? exact * HISTOGRAM_RELATIVE_ERROR + 1e-9 : 0.5;
  assert.ok(Math.abs(actual! - exact) <= allowed, `${what}: ${actual} vs exact ${exact} (allowed ±${allowed.toFixed(3)})`);
}

for (const backend of [sqliteStoreBackend('monitor-store'), postgresStoreBackend('launchready_monitor_test')])
  describe(`monitor store on ${backend.name}`, { timeout: 120_000 }, () => {
    const open: MonitorStore[] = [];
    const openStore = async (location?: string) => {
      const store = await MonitorStore.open(location ?? (await backend.location()));
      open.push(store);
      return store;
    };
    after(async () => {
      for (const s of open) await s.close().catch(() => undefined);
      await backend.cleanup();
    });

    it('applies the schema once: every version, reopening and concurrent opens apply nothing twice', async () => {
      const location = await backend.location();
      const [a, b] = await Promise.all([openStore(location), openStore(location)]);
      assert.equal(a.schemaVersion, 4);
      assert.equal(b.schemaVersion, 4);
      const c = await openStore(location);
      assert.equal(c.schemaVersion, 4);
      const rows = await c.db.all('SELECT version FROM schema_version ORDER BY version');
      assert.deepEqual(
        rows.map((r) => Number(r.version)),
        [1, 2, 3, 4],
      );
    });

    it('a batch written again (its commit confirmation lost in a database restart) stores each check once', async () => {
      const store = await openStore();
      const batch: StoredResult[] = [
        { monitor: 'app', at: T0, ok: true, responseMs: 41.5, error: null, worker: 'w1' },
        { monitor: 'app', at: T0 + 100, ok: false, responseMs: null, error: 'timeout', worker: 'w1' },
        { monitor: 'api', at: T0, ok: true, responseMs: 12, error: null, worker: 'w1' },
        // the same time on another worker is another check
        { monitor: 'app', at: T0, ok: true, responseMs: 40, error: null, worker: 'w2' },
      ];
      await store.recordResults(batch);
      await store.recordResults(batch);
      // a retried batch that also carries new results: the new ones land, the old ones do not repeat
      await store.recordResults([...batch, { monitor: 'app', at: T0 + 200, ok: true, responseMs: 39, error: null, worker: 'w1' }]);
      const rows = await store.db.all('SELECT monitor, at, worker, COUNT(*) AS n FROM results GROUP BY monitor, at, worker ORDER BY monitor, at, worker');
      assert.deepEqual(
        rows.map((r) => [String(r.monitor), Number(r.at) - T0, String(r.worker), Number(r.n)]),
        [
          ['api', 0, 'w1', 1],
          ['app', 0, 'w1', 1],
          ['app', 0, 'w2', 1],
          ['app', 100, 'w1', 1],
          ['app', 200, 'w1', 1],
        ],
      );
      assert.equal((await store.results('app', T0, T0 + 1000)).length, 4);
      assert.equal((await store.uptime('app', T0 + 1000, 10 * MINUTE_MS)).checks, 4);
    });

    it('migration 4 upgrades a version 3 store whose results hold copies of one check: one row each is kept', async () => {
      const location = await backend.location();
      // a version 3 store: the schema as migrations 1-3 left it
      const v3 = await openStore(location);
      await v3.db.run('DROP INDEX results_check');
      await v3.db.run('CREATE INDEX results_monitor_at ON results (monitor, at)');
      await v3.db.run('DELETE FROM schema_version WHERE version = 4');
      const row = (monitor: string, at: number, worker: string | null, ok = 1, ms: number | null = 30, error: string | null = null) => [monitor, at, ok, ms, error, worker];
      const rows = [
        row('app', T0, 'w1'),
        row('app', T0, 'w1'),
        row('app', T0, 'w1'),
        row('app', T0 + 100, 'w1', 0, null, 'timeout'),
        row('app', T0 + 100, 'w1', 0, null, 'timeout'),
        row('app', T0, 'w2', 1, 55),
        row('api', T0, 'w1'),
        // rows without a worker are not one worker's checks: left as they are
        row('old', T0, null),
        row('old', T0, null),
      ];
      for (const r of rows) await v3.db.run('INSERT INTO results (monitor, at, ok, response_ms, error, worker) VALUES (?, ?, ?, ?, ?, ?)', r as (string | number | null)[]);
      await v3.close();
      open.splice(open.indexOf(v3), 1);

      const upgraded = await openStore(location);
      assert.equal(upgraded.schemaVersion, 4);
      const kept = await upgraded.db.all('SELECT monitor, at, worker, ok, response_ms, error FROM results ORDER BY monitor, at, worker');
      assert.deepEqual(
        kept.map((r) => [
          String(r.monitor),
          Number(r.at) - T0,
          r.worker === null ? null : String(r.worker),
          Number(r.ok),
          r.response_ms === null ? null : Number(r.response_ms),
          r.error,
        ]),
        [
          ['api', 0, 'w1', 1, 30, null],
          ['app', 0, 'w1', 1, 30, null],
          ['app', 0, 'w2', 1, 55, null],
          ['app', 100, 'w1', 0, null, 'timeout'],
          ['old', 0, null, 1, 30, null],
          ['old', 0, null, 1, 30, null],
        ],
      );
      // the unique index is in place: writing the same check again adds nothing
      await upgraded.recordResults([{ monitor: 'app', at: T0, ok: true, responseMs: 30, error: null, worker: 'w1' }]);
      assert.equal((await upgraded.results('app', T0, T0 + 1)).length, 2);
    });

    describe('roll-ups and retention', () => {
      let store: MonitorStore;
      const monitors = ['app', 'api', 'cert'];
      // 3 h 20 min of results, so there are closed hours, closed minutes and fresh raw results
      const end = T0 + 3 * HOUR_MS + 20 * MINUTE_MS + 17_000;
      const raw = generate(T0 + 7 * MINUTE_MS + 3000, end, monitors);
      before(async () => {
        store = await openStore();
        await store.recordResults(raw);
      });

      it('minute buckets have the exact counts, failures and p50/p95 of the raw results; hour buckets the same counts and p50/p95 within the histogram bound', async () => {
        const now = end + 1000;
        const report = await store.rollUp(now, 0);
        assert.equal(report.minuteThrough, Math.floor(now / MINUTE_MS) * MINUTE_MS);
        assert.equal(report.hourThrough, T0 + 3 * HOUR_MS);
        let minuteBuckets = 0;
        let hourBuckets = 0;
        for (const monitor of monitors) {
          const mine = raw.filter((r) => r.monitor === monitor);
          for (const b of await store.buckets('minute', monitor, 0, now)) {
            const s = summarise(mine.filter((r) => r.at >= b.bucket && r.at < b.bucket + MINUTE_MS));
            assert.deepEqual([b.checks, b.failures, b.p50Ms, b.p95Ms], [s.checks, s.failures, s.p50, s.p95], `${monitor} minute ${new Date(b.bucket).toISOString()}`);
            minuteBuckets += 1;
          }
          const hours = await store.buckets('hour', monitor, 0, now);
          assert.equal(hours.length, 3);
          for (const b of hours) {
            const s = summarise(mine.filter((r) => r.at >= b.bucket && r.at < b.bucket + HOUR_MS));
            assert.deepEqual([b.checks, b.failures], [s.checks, s.failures]);
            assertWithinBound(b.p50Ms, s.p50, `${monitor} hour p50`);
            assertWithinBound(b.p95Ms, s.p95, `${monitor} hour p95`);
            hourBuckets += 1;
          }
          // every raw result before the minute watermark is in exactly one minute bucket
          const rolled = mine.filter((r) => r.at < report.minuteThrough!).length;
          const inBuckets = (await store.buckets('minute', monitor, 0, now)).reduce((n, b) => n + b.checks, 0);
          assert.equal(inBuckets, rolled);
        }
        assert.ok(minuteBuckets >= 3 * 193 && hourBuckets === 9, `${minuteBuckets} minute and ${hourBuckets} hour buckets`);
        // idempotent: a second roll-up writes nothing new
        const again = await store.rollUp(now, 0);
        assert.deepEqual([again.minutesWritten, again.hoursWritten], [0, 0]);
      });

      it('uptime over a window equals the raw results it covers, before and after retention removed the raw rows', async () => {
        const now = end + 1000;
        for (const windowMs of [DAY, 2 * HOUR_MS + 30 * MINUTE_MS, 10 * MINUTE_MS]) {
          const from = Math.ceil((now - windowMs) / MINUTE_MS) * MINUTE_MS;
          const s = summarise(raw.filter((r) => r.monitor === 'api' && r.at >= from && r.at < now));
          const u = await store.uptime('api', now, windowMs);
          assert.deepEqual([u.checks, u.failures], [s.checks, s.failures], `window ${windowMs}`);
          assert.equal(u.ratio, (s.checks - s.failures) / s.checks);
          assertWithinBound(u.p95Ms, s.p95, `window ${windowMs} p95`);
        }
        // keep raw for 30 min and minutes for 90 min: the day's uptime must not change
        const before = await store.uptime('api', now, DAY);
        await store.applyRetention(now, { rawMs: 30 * MINUTE_MS, minuteMs: 90 * MINUTE_MS, hourMs: 400 * DAY });
        assert.deepEqual(await store.uptime('api', now, DAY), before);
      });

      it('retention deletes exactly what is past its time, and never what is not rolled up yet', async () => {
        const now = end + 1000;
        const { minute: minuteWm, hour: hourWm } = await store.watermarks();
        const countRaw = async () => Number((await store.db.all('SELECT COUNT(*) AS n FROM results'))[0]!.n);
        const rawCut = now - 30 * MINUTE_MS;
        assert.equal(await countRaw(), raw.filter((r) => r.at >= Math.min(rawCut, minuteWm!)).length, 'raw kept: exactly the last 30 min');
        const minuteRows = await store.db.all('SELECT bucket FROM rollup_minute');
        const minuteCut = Math.min(now - 90 * MINUTE_MS, hourWm!);
        assert.ok(minuteRows.length > 0);
        for (const r of minuteRows) assert.ok(Number(r.bucket) + MINUTE_MS > minuteCut, `minute ${r.bucket} ended before the cut and should be gone`);
        const oldest = Math.min(...minuteRows.map((r) => Number(r.bucket)));
        assert.ok(oldest + MINUTE_MS - minuteCut <= MINUTE_MS, 'and the one just inside the cut is kept');

        // results newer than the minute watermark are never deleted, however short the retention
        const fresh: StoredResult[] = [{ monitor: 'app', at: now + 10, ok: true, responseMs: 5, error: null }];
        await store.recordResults(fresh);
        await store.applyRetention(now + 20 * DAY, { rawMs: 1000, minuteMs: 1000, hourMs: 400 * DAY });
        assert.equal((await store.results('app', now, now + 100)).length, 1, 'not rolled up yet: kept');
        // hour buckets: one that ended exactly at the cut goes, one that ended after it stays
        const hourRows = () => store.db.all("SELECT bucket FROM rollup_hour WHERE monitor = 'app' ORDER BY bucket");
        const hours = (await hourRows()).map((r) => Number(r.bucket));
        assert.equal(hours.length, 3);
        const deleted = await store.applyRetention(hours[1]! + HOUR_MS + 400 * DAY, { rawMs: 1000, minuteMs: 1000, hourMs: 400 * DAY });
        assert.equal(deleted.hour, 2 * monitors.length);
        assert.deepEqual(
          (await hourRows()).map((r) => Number(r.bucket)),
          [hours[2]],
        );
      });
    });

    it('a late roll-up catches up in bounded chunks and starts from the oldest raw result', async () => {
      const store = await openStore();
      const results = generate(T0, T0 + 26 * HOUR_MS, ['late'], 7);
      await store.recordResults(results);
      const report = await store.rollUp(T0 + 26 * HOUR_MS + 5 * MINUTE_MS);
      assert.equal(report.minutesWritten, 26 * 60);
      assert.equal(report.hoursWritten, 26);
      const trend = await store.trend('late', 'hour', T0, T0 + 26 * HOUR_MS);
      assert.equal(trend.length, 26);
      assert.equal(
        trend.reduce((n, b) => n + b.checks, 0),
        results.length,
      );
    });

    it('one open incident per monitor whichever connection opens it; closed incidents make room for the next', async () => {
      const location = await backend.location();
      const [a, b] = await Promise.all([openStore(location), openStore(location)]);
      const attempts = await Promise.all(
        Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).openIncident({ id: `inc-${i}`, monitor: 'app', startedAt: T0 + i, lastError: 'down', worker: `w${i % 2}` })),
      );
      assert.equal(attempts.filter((x) => x.created).length, 1);
      const winner = attempts.find((x) => x.created)!.incident;
      for (const x of attempts) assert.equal(x.incident.id, winner.id);
      assert.equal((await a.openIncident({ id: 'other', monitor: 'db', startedAt: T0, lastError: 'refused' })).created, true, 'other monitors are independent');
      assert.equal(await b.closeIncident(winner.id, T0 + 100), true);
      assert.equal(await a.closeIncident(winner.id, T0 + 200), false, 'closed once');
      const next = await a.openIncident({ id: 'inc-next', monitor: 'app', startedAt: T0 + 300, lastError: 'down again' });
      assert.equal(next.created, true);
      const list = await b.incidents({ monitor: 'app' });
      assert.deepEqual(
        list.map((i) => [i.id, i.endedAt]),
        [
          ['inc-next', null],
          [winner.id, T0 + 100],
        ],
      );
    });

    it('each (incident, event) alert is claimed by exactly one of many racing workers', async () => {
      const location = await backend.location();
      const [a, b] = await Promise.all([openStore(location), openStore(location)]);
      const events = ['down', 'reminder#1', 'recovered'];
      const claims = await Promise.all(
        events.flatMap((event) => Array.from({ length: 6 }, (_, i) => (i % 2 ? a : b).claimAlert('inc-1', event, T0, `w${i}`).then((won) => ({ event, won })))),
      );
      for (const event of events) assert.equal(claims.filter((c) => c.event === event && c.won).length, 1, event);
      await a.markAlertDelivered('inc-1', 'down', T0 + 5);
      const [row] = await b.db.all("SELECT delivered_at FROM alerts_sent WHERE incident_id = 'inc-1' AND event = 'down'");
      assert.equal(Number(row!.delivered_at), T0 + 5);
    });

    it('keeps state snapshots per monitor', async () => {
      const store = await openStore();
      assert.equal(await store.loadState('app'), null);
      await store.saveState('app', { status: 'down', consecutiveFailures: 3 }, T0);
      await store.saveState('app', { status: 'up', consecutiveFailures: 0 }, T0 + 1);
      assert.deepEqual(await store.loadState('app'), { status: 'up', consecutiveFailures: 0 });
    });
  });

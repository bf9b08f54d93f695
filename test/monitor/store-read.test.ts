// The store's read side for the dashboard, on SQLite (temp file) and PostgreSQL (a throwaway database on
// 127.0.0.1:5432): latest result per monitor (out-of-order writes, certificate expiry kept), heartbeats, uptime of
// every monitor at once equal to the per-monitor uptime, and the open-incident filter.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { HOUR_MS, MINUTE_MS, MonitorStore, type StoredResult } from '../../src/monitor/store/store.ts';
import { postgresStoreBackend, sqliteStoreBackend } from '../support/monitor-store-backends.ts';

const T0 = Date.parse('2026-11-01T00:00:00Z');
const DAY = 86_400_000;

const backends = [sqliteStoreBackend('monitor-read'), postgresStoreBackend('launchready_monitor_read')];

for (const backend of backends)
  describe(`monitor store read side on ${backend.name}`, { timeout: 60_000 }, () => {
    const open: MonitorStore[] = [];
    const openStore = async () => {
      const store = await MonitorStore.open(await backend.location());
      open.push(store);
      return store;
    };
    after(async () => {
      for (const s of open) await s.close().catch(() => undefined);
      await backend.cleanup();
    });

    it('migrates to version 4 (3: monitor_latest, heartbeats; 4: one results row per check)', async () => {
      const store = await openStore();
      assert.equal(store.schemaVersion, 4);
    });

    it('keeps the newest result per monitor, whatever the write order, and the last certificate expiry seen', async () => {
      const store = await openStore();
      const cert = T0 + 40 * DAY;
      await store.recordResults([
        { monitor: 'api-cert', at: T0 + 2000, ok: true, responseMs: 12, error: null, certExpiresAt: cert },
        { monitor: 'app', at: T0 + 1000, ok: true, responseMs: 30, error: null },
        { monitor: 'app', at: T0 + 3000, ok: false, responseMs: null, error: 'timeout' },
      ]);
      // a buffered older result arrives late: it must not replace the newer one
      await store.recordResults([{ monitor: 'app', at: T0 + 2000, ok: true, responseMs: 5, error: null }]);
      // a later tls result without a certificate (connection refused) keeps the expiry seen before
      await store.recordResults([{ monitor: 'api-cert', at: T0 + 5000, ok: false, responseMs: null, error: 'connection refused' }]);
      const latest = await store.latest();
      assert.deepEqual(latest.get('app'), { monitor: 'app', at: T0 + 3000, ok: false, responseMs: null, error: 'timeout', certExpiresAt: null, certCheckedAt: null });
      assert.deepEqual(latest.get('api-cert'), {
        monitor: 'api-cert',
        at: T0 + 5000,
        ok: false,
        responseMs: null,
        error: 'connection refused',
        certExpiresAt: cert,
        certCheckedAt: T0 + 2000,
      });
      // many results of one monitor in one batch (PostgreSQL refuses two upserts of one key in one statement)
      await store.recordResults(Array.from({ length: 450 }, (_, i): StoredResult => ({ monitor: `m${i % 3}`, at: T0 + i, ok: true, responseMs: i, error: null })));
      const after = await store.latest();
      assert.deepEqual(
        ['m0', 'm1', 'm2'].map((m) => after.get(m)?.at),
        [T0 + 447, T0 + 448, T0 + 449],
      );
    });

    it('records heartbeats: last arrival and count', async () => {
      const store = await openStore();
      assert.equal(await store.lastHeartbeat('nightly'), null);
      await store.recordHeartbeat('nightly', new Date(T0 + 5000));
      await store.recordHeartbeat('nightly', new Date(T0 + 1000));
      assert.equal(await store.lastHeartbeat('nightly'), T0 + 5000, 'a late, older heartbeat does not move it back');
      assert.deepEqual((await store.heartbeats()).get('nightly'), { monitor: 'nightly', lastAt: T0 + 5000, received: 2 });
    });

    it('uptime of every monitor at once equals uptime() per monitor, before and after roll-ups, and its cache stays exact', async () => {
      const store = await openStore();
      const monitors = ['a', 'b', 'c'];
      const results: StoredResult[] = [];
      const end = T0 + 30 * HOUR_MS + 13 * MINUTE_MS;
      let n = 0;
      for (let at = T0 + 7000; at < end; at += 20_000)
        for (const monitor of monitors) {
          n += 1;
          results.push({ monitor, at, ok: n % (monitor === 'a' ? 7 : 11) !== 0, responseMs: 10 + (n % 50), error: null });
        }
      await store.recordResults(results);
      const check = async (now: number) => {
        for (const windowMs of [DAY, 7 * DAY, 2 * HOUR_MS + 17 * MINUTE_MS]) {
          const all = await store.uptimeAll(now, windowMs);
          for (const monitor of monitors) {
            const one = await store.uptime(monitor, now, windowMs);
            const got = all.get(monitor)!;
            assert.deepEqual([got.checks, got.failures, got.ratio], [one.checks, one.failures, one.ratio], `${monitor} over ${windowMs} at ${now}`);
            const alone = await store.uptimeAll(now, windowMs, monitor);
            assert.deepEqual([...alone.keys()], [monitor], 'the monitor filter reads that monitor only');
            assert.deepEqual(alone.get(monitor), got);
            const from = Math.ceil((now - windowMs) / MINUTE_MS) * MINUTE_MS;
            const mine = results.filter((r) => r.monitor === monitor && r.at >= from && r.at < now);
            assert.equal(got.checks, mine.length);
            assert.equal(got.failures, mine.filter((r) => !r.ok).length);
          }
        }
      };
      await check(end);
      // several windows in one call: the same as one call per window
      const windows = [DAY, 7 * DAY, 2 * HOUR_MS + 17 * MINUTE_MS];
      assert.deepEqual(await store.uptimeWindows(end, windows), await Promise.all(windows.map((w) => store.uptimeAll(end, w))));
      await store.rollUp(end, 0);
      await check(end);
      await check(end + 5 * MINUTE_MS);
      // new raw results after the watermark are counted, cached sums of closed ranges are not stale
      await store.recordResults([{ monitor: 'a', at: end + 10, ok: false, responseMs: null, error: 'x' }]);
      results.push({ monitor: 'a', at: end + 10, ok: false, responseMs: null, error: 'x' });
      await check(end + 5 * MINUTE_MS);
    });

    it('lists only open or only closed incidents on request', async () => {
      const store = await openStore();
      await store.openIncident({ id: 'i1', monitor: 'app', startedAt: T0, lastError: 'down' });
      await store.closeIncident('i1', T0 + 10);
      await store.openIncident({ id: 'i2', monitor: 'app', startedAt: T0 + 20, lastError: 'down again' });
      await store.openIncident({ id: 'i3', monitor: 'db', startedAt: T0 + 30, lastError: 'refused' });
      assert.deepEqual(
        (await store.incidents({ open: true })).map((i) => i.id),
        ['i3', 'i2'],
      );
      assert.deepEqual(
        (await store.incidents({ open: false })).map((i) => i.id),
        ['i1'],
      );
      assert.equal((await store.incidents()).length, 3);
    });
  });

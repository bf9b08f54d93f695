// Row-lease scheduling on a throwaway PostgreSQL database: two schedulers never run one monitor twice in an interval,
// every slot runs once, and a worker that dies holding leases loses its monitors to the other within two intervals.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { type ClaimedRun, Scheduler } from '../../src/monitor/schedule.ts';
import { MonitorStore } from '../../src/monitor/store/store.ts';

const ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const INTERVAL_MS = 500;
const POLL_MS = 20;

interface Run extends ClaimedRun {
  worker: string;
  at: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Poll, claim, "run" for a few ms, complete; until `until`. `dies` stops completing (a killed worker keeps its leases). */
async function workerLoop(scheduler: Scheduler, runs: Run[], until: number, options: { dieAt?: number } = {}): Promise<void> {
  while (Date.now() < until) {
    if (options.dieAt !== undefined && Date.now() >= options.dieAt) return;
    const now = Date.now();
    const claimed = await scheduler.claimDue(now);
    for (const c of claimed) runs.push({ ...c, worker: scheduler.worker, at: now });
    await sleep(5);
    if (options.dieAt !== undefined && Date.now() >= options.dieAt) return;
    for (const c of claimed) await scheduler.complete(c.monitor);
    await sleep(POLL_MS);
  }
}

function assertOncePerInterval(runs: Run[], monitors: string[]): void {
  for (const monitor of monitors) {
    const mine = runs.filter((r) => r.monitor === monitor).sort((a, b) => a.at - b.at);
    const slots = mine.map((r) => r.dueAt);
    assert.equal(new Set(slots).size, slots.length, `${monitor}: a slot claimed twice: ${slots.join(', ')}`);
    // each run falls inside its own slot [dueAt, dueAt + interval), and the slots follow each other: one run per interval
    for (const r of mine) assert.ok(r.at >= r.dueAt && r.at < r.dueAt + INTERVAL_MS, `${monitor}: run at ${r.at} for slot ${r.dueAt}`);
    for (let i = 1; i < mine.length; i++) assert.equal(mine[i]!.dueAt - mine[i - 1]!.dueAt, INTERVAL_MS, `${monitor}: slots ${mine[i - 1]!.dueAt} then ${mine[i]!.dueAt}`);
  }
}

describe('scheduler with row leases on PostgreSQL', { timeout: 60_000 }, () => {
  const dbName = `launchready_monitor_test_${randomBytes(6).toString('hex')}`;
  const url = `postgres://postgres@127.0.0.1:5432/${dbName}`;
  const stores: MonitorStore[] = [];
  before(async () => {
    const admin = new pg.Client({ connectionString: ADMIN_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${dbName}`);
    await admin.end();
  });
  after(async () => {
    for (const s of stores) await s.close().catch(() => undefined);
    const admin = new pg.Client({ connectionString: ADMIN_URL });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.end();
  });
  const open = async () => {
    const s = await MonitorStore.open(url);
    stores.push(s);
    return s;
  };

  it('two schedulers share 40 monitors: each slot runs once, never twice within an interval, both do work', async () => {
    const monitors = Array.from({ length: 40 }, (_, i) => `m${i}`);
    const [a, b] = [new Scheduler(await open(), 'worker-a', { batch: 7 }), new Scheduler(await open(), 'worker-b', { batch: 7 })];
    const start = Date.now();
    await Promise.all([
      a.sync(
        monitors.map((name) => ({ name, intervalMs: INTERVAL_MS })),
        start,
      ),
      b.sync(
        monitors.map((name) => ({ name, intervalMs: INTERVAL_MS })),
        start,
      ),
    ]);
    const runs: Run[] = [];
    const until = start + 3000;
    await Promise.all([workerLoop(a, runs, until), workerLoop(b, runs, until)]);
    assertOncePerInterval(runs, monitors);
    for (const m of monitors) {
      const n = runs.filter((r) => r.monitor === m).length;
      assert.ok(n >= 5 && n <= 7, `${m} ran ${n} times in 3 s at a 500 ms interval`);
    }
    const byWorker = (w: string) => runs.filter((r) => r.worker === w).length;
    assert.ok(byWorker('worker-a') > 20 && byWorker('worker-b') > 20, `a ${byWorker('worker-a')}, b ${byWorker('worker-b')}`);
  });

  it('a worker killed holding its leases: the other runs its monitors within two intervals', async () => {
    const monitors = Array.from({ length: 20 }, (_, i) => `k${i}`);
    const [a, b] = [new Scheduler(await open(), 'doomed', { batch: 10 }), new Scheduler(await open(), 'survivor', { batch: 10 })];
    const start = Date.now();
    await a.sync(
      monitors.map((name) => ({ name, intervalMs: INTERVAL_MS })),
      start,
    );
    const runs: Run[] = [];
    const dieAt = start + 1000;
    await Promise.all([workerLoop(a, runs, start + 3000, { dieAt }), workerLoop(b, runs, start + 3000)]);
    assertOncePerInterval(runs, monitors);
    const lastOfDoomed = runs.filter((r) => r.worker === 'doomed');
    assert.ok(lastOfDoomed.length > 0, 'the doomed worker ran something before dying');
    for (const m of monitors) {
      const mine = runs.filter((r) => r.monitor === m).sort((x, y) => x.at - y.at);
      for (let i = 1; i < mine.length; i++) assert.ok(mine[i]!.at - mine[i - 1]!.at <= 2 * INTERVAL_MS + 100, `${m}: gap of ${mine[i]!.at - mine[i - 1]!.at} ms`);
      assert.ok(mine.at(-1)!.at >= start + 3000 - 2 * INTERVAL_MS, `${m} still runs after the kill`);
    }
  });

  it('sync adds, updates and removes monitors', async () => {
    const s = new Scheduler(await open(), 'w');
    await s.sync([{ name: 'x', intervalMs: 1000 }], 5000);
    await s.sync(
      [
        { name: 'x', intervalMs: 2000 },
        { name: 'y', intervalMs: 1000 },
      ],
      6000,
    );
    await s.sync([{ name: 'y', intervalMs: 1000 }], 7000);
    const rows = await s['store'].db.all("SELECT monitor, interval_ms, next_run_at FROM monitors_schedule WHERE monitor IN ('x', 'y') ORDER BY monitor");
    assert.deepEqual(
      rows.map((r) => [r.monitor, Number(r.interval_ms), Number(r.next_run_at)]),
      [['y', 1000, 6000]],
    );
    const claimed = await s.claimDue(8500);
    assert.deepEqual(
      claimed.filter((c) => c.monitor === 'y').map((c) => c.dueAt),
      [6000],
    );
    assert.equal(await s.nextDueAt().then((t) => t !== null && t >= 9000), true, 'missed slots are skipped, the phase kept');
  });
});

describe('scheduler on SQLite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'launchready-monitor-schedule-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('claims each slot once across two schedulers of one file', async () => {
    const file = join(dir, 'monitor.db');
    const [sa, sb] = [await MonitorStore.open(file), await MonitorStore.open(file)];
    try {
      const a = new Scheduler(sa, 'a');
      const b = new Scheduler(sb, 'b');
      await a.sync([{ name: 'solo', intervalMs: 1000 }], 0);
      const claims = await Promise.all([a.claimDue(10), b.claimDue(10), a.claimDue(20), b.claimDue(999)]);
      assert.equal(claims.flat().length, 1);
      assert.deepEqual(
        (await b.claimDue(1000)).map((c) => c.dueAt),
        [],
        'leased until the interval passes',
      );
      await a.complete('solo');
      assert.deepEqual(
        (await b.claimDue(1000)).map((c) => c.dueAt),
        [1000],
      );
    } finally {
      await sa.close();
      await sb.close();
    }
  });
});

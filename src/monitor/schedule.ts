// Which worker runs which monitor when: one row per monitor in monitors_schedule with next_run_at and a lease.
// Claiming a due monitor moves next_run_at on by whole intervals in the same statement, so across any number of
// workers each interval's run is claimed once; on PostgreSQL `FOR UPDATE SKIP LOCKED` lets workers claim in parallel.
// A worker that dies mid-run holds its lease at most one interval; the next run is already due for the others.
import type { MonitorStore } from './store/store.js';

export interface ScheduledMonitor {
  name: string;
  intervalMs: number;
}

export interface ClaimedRun {
  monitor: string;
  intervalMs: number;
  /** The slot this run is for (next_run_at before the claim). */
  dueAt: number;
}

export interface SchedulerOptions {
  /** How long a claimed run may take before others may claim the monitor again (capped at the interval). */
  leaseMs?: number;
  /** Claims per call. */
  batch?: number;
}

const num = (v: unknown) => Number(v);

/** FNV-1a of the name: a stable phase for each monitor. */
function nameHash(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}
const SCHEDULE_LOCK = 7_310_003;

export class Scheduler {
  private readonly leaseMs: number;
  private readonly batch: number;

  constructor(
    private readonly store: MonitorStore,
    readonly worker: string,
    options: SchedulerOptions = {},
  ) {
    this.leaseMs = options.leaseMs ?? 60_000;
    this.batch = options.batch ?? 100;
  }

  /**
   * Make the schedule match the config: add new monitors, update intervals, drop removed ones. New monitors are due
   * now, or with `spread` at a fixed offset inside their first interval (from the name), so a thousand monitors do not
   * all fire in the same instant every interval.
   */
  async sync(monitors: readonly ScheduledMonitor[], now: number, options: { spread?: boolean } = {}): Promise<void> {
    await this.store.db.transaction(SCHEDULE_LOCK, async (tx) => {
      const existing = new Set((await tx.all('SELECT monitor FROM monitors_schedule')).map((r) => String(r.monitor)));
      for (const m of monitors) {
        if (existing.has(m.name)) await tx.run('UPDATE monitors_schedule SET interval_ms = ? WHERE monitor = ? AND interval_ms <> ?', [m.intervalMs, m.name, m.intervalMs]);
        else
          await tx.run('INSERT INTO monitors_schedule (monitor, interval_ms, next_run_at) VALUES (?, ?, ?) ON CONFLICT (monitor) DO NOTHING', [
            m.name,
            m.intervalMs,
            options.spread ? now + (nameHash(m.name) % m.intervalMs) : now,
          ]);
      }
      const wanted = new Set(monitors.map((m) => m.name));
      for (const name of existing) if (!wanted.has(name)) await tx.run('DELETE FROM monitors_schedule WHERE monitor = ?', [name]);
    });
  }

  /** Claim up to `batch` due monitors for this worker. */
  async claimDue(now: number): Promise<ClaimedRun[]> {
    const db = this.store.db;
    // next slot keeps the phase and skips slots missed while no worker ran: next + interval * (floor((now - next) / interval) + 1)
    if (db.dialect === 'postgres') {
      const rows = await db.all(
        // FOR UPDATE returns the locked row's latest version, so due_at is the slot this claim really takes
        `WITH due AS (
           SELECT monitor, next_run_at AS due_at FROM monitors_schedule
           WHERE next_run_at <= ?::bigint AND (lease_until IS NULL OR lease_until <= ?::bigint)
           ORDER BY next_run_at LIMIT ?
           FOR UPDATE SKIP LOCKED
         )
         UPDATE monitors_schedule s SET
           next_run_at = s.next_run_at + s.interval_ms * (((?::bigint - s.next_run_at) / s.interval_ms) + 1),
           lease_until = ?::bigint + LEAST(?::bigint, s.interval_ms),
           leased_by = ?
         FROM due WHERE s.monitor = due.monitor
         RETURNING s.monitor, s.interval_ms, due.due_at`,
        [now, now, this.batch, now, now, this.leaseMs, this.worker],
      );
      return rows.map((r) => ({ monitor: String(r.monitor), intervalMs: num(r.interval_ms), dueAt: num(r.due_at) }));
    }
    return db.transaction(SCHEDULE_LOCK, async (tx) => {
      const due = await tx.all(
        'SELECT monitor, interval_ms, next_run_at FROM monitors_schedule WHERE next_run_at <= ? AND (lease_until IS NULL OR lease_until <= ?) ORDER BY next_run_at LIMIT ?',
        [now, now, this.batch],
      );
      const runs: ClaimedRun[] = [];
      for (const r of due) {
        const intervalMs = num(r.interval_ms);
        const dueAt = num(r.next_run_at);
        const next = dueAt + intervalMs * (Math.floor((now - dueAt) / intervalMs) + 1);
        await tx.run('UPDATE monitors_schedule SET next_run_at = ?, lease_until = ?, leased_by = ? WHERE monitor = ?', [
          next,
          now + Math.min(this.leaseMs, intervalMs),
          this.worker,
          String(r.monitor),
        ]);
        runs.push({ monitor: String(r.monitor), intervalMs, dueAt });
      }
      return runs;
    });
  }

  /** Several runs are over: release their leases (only those still ours) in one statement per batch. */
  async completeMany(monitors: readonly string[]): Promise<void> {
    for (let i = 0; i < monitors.length; i += 200) {
      const batch = monitors.slice(i, i + 200);
      await this.store.db.run(`UPDATE monitors_schedule SET lease_until = NULL, leased_by = NULL WHERE leased_by = ? AND monitor IN (${batch.map(() => '?').join(', ')})`, [
        this.worker,
        ...batch,
      ]);
    }
  }

  /** The run is over: release the lease (only if still ours). */
  async complete(monitor: string): Promise<void> {
    await this.store.db.run('UPDATE monitors_schedule SET lease_until = NULL, leased_by = NULL WHERE monitor = ? AND leased_by = ?', [monitor, this.worker]);
  }

  /** When the next monitor is due, to sleep until then. */
  async nextDueAt(): Promise<number | null> {
    const [row] = await this.store.db.all('SELECT MIN(next_run_at) AS t FROM monitors_schedule');
    return row?.t === null || row?.t === undefined ? null : num(row.t);
  }
}

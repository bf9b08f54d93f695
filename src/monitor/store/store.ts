// The monitor's history: raw results, per-minute and per-hour roll-ups, incidents and the alerts already claimed.
// One implementation over SQLite (default) and PostgreSQL (shared by several workers); see docs/monitor.md.
import type { RetentionSettings } from '../config.js';
import { addToHistogram, exactQuantile, type Histogram, histogramQuantile, mergeHistograms, parseHistogram, serializeHistogram } from './histogram.js';
import { migrate } from './migrations.js';
import { openSqlDriver, type Row, type SqlDriver, type SqlSession, type SqlValue } from './sql.js';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** A minute is rolled up once it is this far in the past, so results buffered by a worker still land in raw first. */
const DEFAULT_SETTLE_MS = 2 * MINUTE_MS;
const ROLLUP_LOCK = 7_310_002;
const INSERT_BATCH = 200;

export interface StoredResult {
  monitor: string;
  at: number;
  ok: boolean;
  responseMs: number | null;
  error: string | null;
  worker?: string | null;
  /** tls checks: the certificate's notAfter (ms), kept per monitor in monitor_latest for the dashboard. */
  certExpiresAt?: number | null;
}

/** The newest result of a monitor (monitor_latest), and the last certificate expiry seen. */
export interface LatestResult {
  monitor: string;
  at: number;
  ok: boolean;
  responseMs: number | null;
  error: string | null;
  certExpiresAt: number | null;
  certCheckedAt: number | null;
}

export interface UptimeCount {
  checks: number;
  failures: number;
  /** 0..1, null without checks. */
  ratio: number | null;
}

export interface HeartbeatRecord {
  monitor: string;
  lastAt: number;
  received: number;
}

export interface Bucket {
  monitor: string;
  bucket: number;
  checks: number;
  failures: number;
  p50Ms: number | null;
  p95Ms: number | null;
  minMs: number | null;
  maxMs: number | null;
  histogram: Histogram;
}

export interface Incident {
  id: string;
  monitor: string;
  startedAt: number;
  endedAt: number | null;
  lastError: string;
}

export interface Uptime {
  checks: number;
  failures: number;
  /** 0..1, null without checks. */
  ratio: number | null;
  /** Estimated from histograms (within the histogram error bound). */
  p95Ms: number | null;
}

export interface RollupReport {
  minutesWritten: number;
  hoursWritten: number;
  minuteThrough: number | null;
  hourThrough: number | null;
}

export interface RetentionReport {
  raw: number;
  minute: number;
  hour: number;
  incidents: number;
  alerts: number;
}

const floorTo = (t: number, size: number) => Math.floor(t / size) * size;
const ceilTo = (t: number, size: number) => Math.ceil(t / size) * size;
const num = (v: unknown): number => Number(v);
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

interface Aggregate {
  checks: number;
  failures: number;
  timed: number;
  sumMs: number;
  minMs: number | null;
  maxMs: number | null;
  histogram: Histogram;
}

function emptyAggregate(): Aggregate {
  return { checks: 0, failures: 0, timed: 0, sumMs: 0, minMs: null, maxMs: null, histogram: new Map() };
}

function rowToBucket(r: Row): Bucket {
  return {
    monitor: String(r.monitor),
    bucket: num(r.bucket),
    checks: num(r.checks),
    failures: num(r.failures),
    p50Ms: numOrNull(r.p50_ms),
    p95Ms: numOrNull(r.p95_ms),
    minMs: numOrNull(r.min_ms),
    maxMs: numOrNull(r.max_ms),
    histogram: parseHistogram(r.hist as string),
  };
}

function rowToIncident(r: Row): Incident {
  return { id: String(r.id), monitor: String(r.monitor), startedAt: num(r.started_at), endedAt: numOrNull(r.ended_at), lastError: String(r.last_error) };
}

export class MonitorStore {
  private constructor(
    readonly db: SqlDriver,
    readonly schemaVersion: number,
  ) {}

  /** Open (and migrate) the store at a SQLite path or a postgres:// URL. */
  static async open(location: string, onPoolError?: (e: Error) => void): Promise<MonitorStore> {
    const db = openSqlDriver(location, onPoolError);
    try {
      return new MonitorStore(db, await migrate(db));
    } catch (e) {
      await db.close().catch(() => undefined);
      throw e;
    }
  }

  close(): Promise<void> {
    return this.db.close();
  }

  // ---- raw results

  async recordResults(results: readonly StoredResult[]): Promise<void> {
    for (let i = 0; i < results.length; i += INSERT_BATCH) {
      const batch = results.slice(i, i + INSERT_BATCH);
      const params: SqlValue[] = batch.flatMap((r) => [r.monitor, r.at, r.ok ? 1 : 0, r.responseMs, r.error === null ? null : r.error.slice(0, 1000), r.worker ?? null]);
      // idempotent: a batch whose commit confirmation was lost (database restart) stays buffered and is written again
      await this.db.run(
        `INSERT INTO results (monitor, at, ok, response_ms, error, worker) VALUES ${batch.map(() => '(?, ?, ?, ?, ?, ?)').join(', ')}
         ON CONFLICT (monitor, at, worker) DO NOTHING`,
        params,
      );
    }
    await this.updateLatest(results);
  }

  /** Keep monitor_latest at the newest result per monitor (a buffered older result never replaces a newer one). */
  private async updateLatest(results: readonly StoredResult[]): Promise<void> {
    const newest = new Map<string, StoredResult>();
    for (const r of results) {
      const seen = newest.get(r.monitor);
      if (!seen || r.at >= seen.at) newest.set(r.monitor, r);
    }
    const rows = [...newest.values()];
    for (let i = 0; i < rows.length; i += INSERT_BATCH) {
      const batch = rows.slice(i, i + INSERT_BATCH);
      const params: SqlValue[] = batch.flatMap((r) => {
        const cert = r.certExpiresAt ?? null;
        return [r.monitor, r.at, r.ok ? 1 : 0, r.responseMs, r.error === null ? null : r.error.slice(0, 1000), cert, cert === null ? null : r.at];
      });
      await this.db.run(
        `INSERT INTO monitor_latest (monitor, at, ok, response_ms, error, cert_expires_at, cert_checked_at) VALUES ${batch.map(() => '(?, ?, ?, ?, ?, ?, ?)').join(', ')}
         ON CONFLICT (monitor) DO UPDATE SET at = excluded.at, ok = excluded.ok, response_ms = excluded.response_ms, error = excluded.error,
           cert_expires_at = COALESCE(excluded.cert_expires_at, monitor_latest.cert_expires_at),
           cert_checked_at = COALESCE(excluded.cert_checked_at, monitor_latest.cert_checked_at)
         WHERE excluded.at >= monitor_latest.at`,
        params,
      );
    }
  }

  /** The newest result of every monitor that has one, with the last certificate expiry seen. */
  async latest(): Promise<Map<string, LatestResult>> {
    const rows = await this.db.all('SELECT * FROM monitor_latest');
    return new Map(
      rows.map((r) => [
        String(r.monitor),
        {
          monitor: String(r.monitor),
          at: num(r.at),
          ok: num(r.ok) === 1,
          responseMs: numOrNull(r.response_ms),
          error: (r.error as string | null) ?? null,
          certExpiresAt: numOrNull(r.cert_expires_at),
          certCheckedAt: numOrNull(r.cert_checked_at),
        },
      ]),
    );
  }

  // ---- heartbeats

  /** A heartbeat for monitor `name` arrived at `at` (the heartbeat monitor fails when none arrives within every + grace). */
  async recordHeartbeat(name: string, at: Date): Promise<void> {
    const ms = at.getTime();
    await this.db.run(
      `INSERT INTO heartbeats (monitor, last_at, received) VALUES (?, ?, 1)
       ON CONFLICT (monitor) DO UPDATE SET last_at = CASE WHEN excluded.last_at > heartbeats.last_at THEN excluded.last_at ELSE heartbeats.last_at END,
         received = heartbeats.received + 1`,
      [name, ms],
    );
  }

  /** When the last heartbeat of `name` arrived (ms), null if none ever did. */
  async lastHeartbeat(name: string): Promise<number | null> {
    const [row] = await this.db.all('SELECT last_at FROM heartbeats WHERE monitor = ?', [name]);
    return row ? num(row.last_at) : null;
  }

  async heartbeats(): Promise<Map<string, HeartbeatRecord>> {
    const rows = await this.db.all('SELECT monitor, last_at, received FROM heartbeats');
    return new Map(rows.map((r) => [String(r.monitor), { monitor: String(r.monitor), lastAt: num(r.last_at), received: num(r.received) }]));
  }

  async results(monitor: string, from: number, to: number, limit = 1000): Promise<StoredResult[]> {
    const rows = await this.db.all('SELECT monitor, at, ok, response_ms, error, worker FROM results WHERE monitor = ? AND at >= ? AND at < ? ORDER BY at DESC LIMIT ?', [
      monitor,
      from,
      to,
      Math.min(limit, 10_000),
    ]);
    return rows.map((r) => ({
      monitor: String(r.monitor),
      at: num(r.at),
      ok: num(r.ok) === 1,
      responseMs: numOrNull(r.response_ms),
      error: (r.error as string | null) ?? null,
      worker: (r.worker as string | null) ?? null,
    }));
  }

  // ---- roll-ups

  private async watermark(tx: SqlSession, name: 'minute' | 'hour'): Promise<number | null> {
    const [row] = await tx.all('SELECT through_ms FROM rollup_state WHERE name = ?', [name]);
    return row ? num(row.through_ms) : null;
  }

  private async setWatermark(tx: SqlSession, name: 'minute' | 'hour', through: number): Promise<void> {
    await tx.run('INSERT INTO rollup_state (name, through_ms) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET through_ms = excluded.through_ms', [name, through]);
  }

  /** Where minute (or hour) roll-ups are complete: every bucket before this is in the roll-up table. */
  async watermarks(): Promise<{ minute: number | null; hour: number | null }> {
    return { minute: await this.watermark(this.db, 'minute'), hour: await this.watermark(this.db, 'hour') };
  }

  private async writeBuckets(
    tx: SqlSession,
    table: 'rollup_minute' | 'rollup_hour',
    buckets: Map<string, { monitor: string; bucket: number; agg: Aggregate; p50: number | null; p95: number | null }>,
  ): Promise<number> {
    const rows = [...buckets.values()];
    for (let i = 0; i < rows.length; i += INSERT_BATCH) {
      const batch = rows.slice(i, i + INSERT_BATCH);
      const params: SqlValue[] = batch.flatMap((b) => [
        b.monitor,
        b.bucket,
        b.agg.checks,
        b.agg.failures,
        b.agg.timed,
        b.agg.sumMs,
        b.agg.minMs,
        b.agg.maxMs,
        b.p50,
        b.p95,
        serializeHistogram(b.agg.histogram),
      ]);
      await tx.run(
        `INSERT INTO ${table} (monitor, bucket, checks, failures, timed, sum_ms, min_ms, max_ms, p50_ms, p95_ms, hist) VALUES ${batch.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}
         ON CONFLICT (monitor, bucket) DO UPDATE SET checks = excluded.checks, failures = excluded.failures, timed = excluded.timed, sum_ms = excluded.sum_ms,
           min_ms = excluded.min_ms, max_ms = excluded.max_ms, p50_ms = excluded.p50_ms, p95_ms = excluded.p95_ms, hist = excluded.hist`,
        params,
      );
    }
    return rows.length;
  }

  /** Minutes from raw results (exact p50/p95), then hours from minutes (histogram p50/p95), for every closed bucket. */
  async rollUp(now: number, settleMs = DEFAULT_SETTLE_MS): Promise<RollupReport> {
    const report: RollupReport = { minutesWritten: 0, hoursWritten: 0, minuteThrough: null, hourThrough: null };
    const closedMinutes = floorTo(now - settleMs, MINUTE_MS);
    // bounded chunks: one transaction never holds more than an hour of raw results
    for (;;) {
      const done = await this.db.transaction(ROLLUP_LOCK, async (tx) => {
        let from = await this.watermark(tx, 'minute');
        if (from === null) {
          const [oldest] = await tx.all('SELECT MIN(at) AS t FROM results');
          from = oldest?.t === null || oldest?.t === undefined ? closedMinutes : floorTo(num(oldest.t), MINUTE_MS);
        }
        if (from >= closedMinutes) {
          if ((await this.watermark(tx, 'minute')) === null) await this.setWatermark(tx, 'minute', Math.max(from, closedMinutes));
          report.minuteThrough = Math.max(from, closedMinutes);
          return true;
        }
        const to = Math.min(from + HOUR_MS, closedMinutes);
        const rows = await tx.all('SELECT monitor, at, ok, response_ms FROM results WHERE at >= ? AND at < ?', [from, to]);
        const groups = new Map<string, { monitor: string; bucket: number; agg: Aggregate; times: number[] }>();
        for (const r of rows) {
          const monitor = String(r.monitor);
          const bucket = floorTo(num(r.at), MINUTE_MS);
          const key = `${monitor}\n${bucket}`;
          let g = groups.get(key);
          if (!g) groups.set(key, (g = { monitor, bucket, agg: emptyAggregate(), times: [] }));
          g.agg.checks += 1;
          if (num(r.ok) !== 1) g.agg.failures += 1;
          const ms = numOrNull(r.response_ms);
          if (ms !== null) {
            g.times.push(ms);
            addToHistogram(g.agg.histogram, ms);
          }
        }
        const buckets = new Map<string, { monitor: string; bucket: number; agg: Aggregate; p50: number | null; p95: number | null }>();
        for (const [key, g] of groups) {
          g.times.sort((a, b) => a - b);
          g.agg.timed = g.times.length;
          g.agg.sumMs = g.times.reduce((s, t) => s + t, 0);
          g.agg.minMs = g.times[0] ?? null;
          g.agg.maxMs = g.times.at(-1) ?? null;
          buckets.set(key, { monitor: g.monitor, bucket: g.bucket, agg: g.agg, p50: exactQuantile(g.times, 0.5), p95: exactQuantile(g.times, 0.95) });
        }
        report.minutesWritten += await this.writeBuckets(tx, 'rollup_minute', buckets);
        await this.setWatermark(tx, 'minute', to);
        report.minuteThrough = to;
        return false;
      });
      if (done) break;
    }
    const closedHours = floorTo(report.minuteThrough ?? closedMinutes, HOUR_MS);
    for (;;) {
      const done = await this.db.transaction(ROLLUP_LOCK, async (tx) => {
        let from = await this.watermark(tx, 'hour');
        if (from === null) {
          const [oldest] = await tx.all('SELECT MIN(bucket) AS t FROM rollup_minute');
          from = oldest?.t === null || oldest?.t === undefined ? closedHours : floorTo(num(oldest.t), HOUR_MS);
        }
        if (from >= closedHours) {
          if ((await this.watermark(tx, 'hour')) === null) await this.setWatermark(tx, 'hour', Math.max(from, closedHours));
          report.hourThrough = Math.max(from, closedHours);
          return true;
        }
        const to = Math.min(from + 24 * HOUR_MS, closedHours);
        const rows = await tx.all('SELECT * FROM rollup_minute WHERE bucket >= ? AND bucket < ?', [from, to]);
        const buckets = new Map<string, { monitor: string; bucket: number; agg: Aggregate; p50: number | null; p95: number | null }>();
        for (const r of rows) {
          const monitor = String(r.monitor);
          const bucket = floorTo(num(r.bucket), HOUR_MS);
          const key = `${monitor}\n${bucket}`;
          let b = buckets.get(key);
          if (!b) buckets.set(key, (b = { monitor, bucket, agg: emptyAggregate(), p50: null, p95: null }));
          addRow(b.agg, r);
        }
        for (const b of buckets.values()) {
          b.p50 = b.agg.minMs === null ? null : histogramQuantile(b.agg.histogram, 0.5, b.agg.minMs, b.agg.maxMs!);
          b.p95 = b.agg.minMs === null ? null : histogramQuantile(b.agg.histogram, 0.95, b.agg.minMs, b.agg.maxMs!);
        }
        report.hoursWritten += await this.writeBuckets(tx, 'rollup_hour', buckets);
        await this.setWatermark(tx, 'hour', to);
        report.hourThrough = to;
        return false;
      });
      if (done) break;
    }
    return report;
  }

  /**
   * Delete what is past its retention: raw results older than retention.raw, minute/hour buckets that ended more than
   * retention.minute/hour ago. Nothing not yet rolled up into the next level is deleted, whatever its age.
   */
  async applyRetention(now: number, retention: RetentionSettings): Promise<RetentionReport> {
    return this.db.transaction(ROLLUP_LOCK, async (tx) => {
      const minuteWm = await this.watermark(tx, 'minute');
      const hourWm = await this.watermark(tx, 'hour');
      const report: RetentionReport = { raw: 0, minute: 0, hour: 0, incidents: 0, alerts: 0 };
      if (minuteWm !== null) report.raw = await tx.run('DELETE FROM results WHERE at < ?', [Math.min(now - retention.rawMs, minuteWm)]);
      if (hourWm !== null) report.minute = await tx.run('DELETE FROM rollup_minute WHERE bucket <= ?', [Math.min(now - retention.minuteMs, hourWm) - MINUTE_MS]);
      report.hour = await tx.run('DELETE FROM rollup_hour WHERE bucket <= ?', [now - retention.hourMs - HOUR_MS]);
      report.incidents = await tx.run('DELETE FROM incidents WHERE ended_at IS NOT NULL AND ended_at < ?', [now - retention.hourMs]);
      report.alerts = await tx.run('DELETE FROM alerts_sent WHERE claimed_at < ?', [now - retention.hourMs]);
      return report;
    });
  }

  async buckets(size: 'minute' | 'hour', monitor: string, from: number, to: number): Promise<Bucket[]> {
    const rows = await this.db.all(`SELECT * FROM rollup_${size} WHERE monitor = ? AND bucket >= ? AND bucket < ? ORDER BY bucket`, [monitor, from, to]);
    return rows.map(rowToBucket);
  }

  /** p50/p95 per minute or hour bucket, for charts (no histograms read). */
  async trend(
    monitor: string,
    size: 'minute' | 'hour',
    from: number,
    to: number,
  ): Promise<{ at: number; checks: number; failures: number; p50Ms: number | null; p95Ms: number | null }[]> {
    // the chart needs no histograms: read only the columns it shows
    const rows = await this.db.all(`SELECT bucket, checks, failures, p50_ms, p95_ms FROM rollup_${size} WHERE monitor = ? AND bucket >= ? AND bucket < ? ORDER BY bucket`, [
      monitor,
      from,
      to,
    ]);
    return rows.map((r) => ({ at: num(r.bucket), checks: num(r.checks), failures: num(r.failures), p50Ms: numOrNull(r.p50_ms), p95Ms: numOrNull(r.p95_ms) }));
  }

  /**
   * Uptime over [now - windowMs, now) from the coarsest data that covers each part: hour buckets, then minute buckets,
   * then raw results not rolled up yet. The window start is rounded up to the minute.
   */
  async uptime(monitor: string, now: number, windowMs: number): Promise<Uptime> {
    const { minute: minuteWm, hour: hourWm } = await this.watermarks();
    const total = emptyAggregate();
    const add = (rows: Row[]) => {
      for (const r of rows) addRow(total, r);
    };
    const from = ceilTo(now - windowMs, MINUTE_MS);
    let cursor = from;
    const firstHour = ceilTo(from, HOUR_MS);
    if (hourWm !== null && hourWm > firstHour) {
      add(await this.db.all('SELECT * FROM rollup_minute WHERE monitor = ? AND bucket >= ? AND bucket < ?', [monitor, from, firstHour]));
      add(await this.db.all('SELECT * FROM rollup_hour WHERE monitor = ? AND bucket >= ? AND bucket < ?', [monitor, firstHour, Math.min(hourWm, now)]));
      cursor = Math.min(hourWm, now);
    }
    if (minuteWm !== null && minuteWm > cursor) {
      add(await this.db.all('SELECT * FROM rollup_minute WHERE monitor = ? AND bucket >= ? AND bucket < ?', [monitor, cursor, Math.min(minuteWm, now)]));
      cursor = Math.min(minuteWm, now);
    }
    const raw = await this.db.all('SELECT ok, response_ms FROM results WHERE monitor = ? AND at >= ? AND at < ?', [monitor, cursor, now]);
    for (const r of raw) {
      total.checks += 1;
      if (num(r.ok) !== 1) total.failures += 1;
      const ms = numOrNull(r.response_ms);
      if (ms !== null) addTime(total, ms);
    }
    return {
      checks: total.checks,
      failures: total.failures,
      ratio: total.checks === 0 ? null : (total.checks - total.failures) / total.checks,
      p95Ms: total.minMs === null ? null : histogramQuantile(total.histogram, 0.95, total.minMs, total.maxMs!),
    };
  }

  /**
   * Checks and failures of every monitor (or only `monitor`) over [now - windowMs, now), counted like uptime() (hour rows, then minute rows,
   * then raw results not rolled up yet) but summed in SQL for all monitors at once. Sums over ranges that lie before
   * the roll-up watermarks never change, so they are cached: a dashboard over 30 days of 1,000 monitors re-reads only
   * the minutes at the window's edges.
   */
  async uptimeAll(now: number, windowMs: number, monitor?: string): Promise<Map<string, UptimeCount>> {
    return (await this.uptimeWindows(now, [windowMs], monitor))[0]!;
  }

  /** uptimeAll for several windows ending at `now`; the raw results after the watermarks are read once for all of them. */
  async uptimeWindows(now: number, windowsMs: readonly number[], monitor?: string): Promise<Map<string, UptimeCount>[]> {
    const { minute: minuteWm, hour: hourWm } = await this.watermarks();
    const rawByCursor = new Map<number, Map<string, { checks: number; failures: number }>>();
    const out: Map<string, UptimeCount>[] = [];
    for (const windowMs of windowsMs) {
      const totals = new Map<string, { checks: number; failures: number }>();
      const add = (sums: Map<string, { checks: number; failures: number }>) => {
        for (const [m, s] of sums) {
          const t = totals.get(m);
          if (t) {
            t.checks += s.checks;
            t.failures += s.failures;
          } else totals.set(m, { ...s });
        }
      };
      const from = ceilTo(now - windowMs, MINUTE_MS);
      let cursor = from;
      const firstHour = ceilTo(from, HOUR_MS);
      if (hourWm !== null && hourWm > firstHour) {
        add(await this.sumRollup('rollup_minute', from, firstHour, monitor));
        // whole UTC days are summed (and cached) on their own, so when the window moves by an hour only its edges are re-read
        const hourEnd = Math.min(hourWm, now);
        const dayStart = ceilTo(firstHour, DAY_MS);
        const dayEnd = floorTo(hourEnd, DAY_MS);
        if (dayStart < dayEnd) {
          add(await this.sumRollup('rollup_hour', firstHour, dayStart, monitor));
          for (let d = dayStart; d < dayEnd; d += DAY_MS) add(await this.sumRollup('rollup_hour', d, d + DAY_MS, monitor));
          add(await this.sumRollup('rollup_hour', dayEnd, hourEnd, monitor));
        } else add(await this.sumRollup('rollup_hour', firstHour, hourEnd, monitor));
        cursor = hourEnd;
      }
      if (minuteWm !== null && minuteWm > cursor) {
        add(await this.sumRollup('rollup_minute', cursor, Math.min(minuteWm, now), monitor));
        cursor = Math.min(minuteWm, now);
      }
      let raw = rawByCursor.get(cursor);
      if (!raw) rawByCursor.set(cursor, (raw = await this.sumRaw(cursor, now, monitor)));
      add(raw);
      const result = new Map<string, UptimeCount>();
      for (const [m, t] of totals) result.set(m, { ...t, ratio: t.checks === 0 ? null : (t.checks - t.failures) / t.checks });
      out.push(result);
    }
    return out;
  }

  private async sumRaw(from: number, to: number, monitor?: string): Promise<Map<string, { checks: number; failures: number }>> {
    const raw = await this.db.all(
      `SELECT monitor, COUNT(*) AS checks, SUM(CASE WHEN ok = 1 THEN 0 ELSE 1 END) AS failures FROM results WHERE ${monitor === undefined ? '' : 'monitor = ? AND '}at >= ? AND at < ? GROUP BY monitor`,
      monitor === undefined ? [from, to] : [monitor, from, to],
    );
    return new Map(raw.map((r) => [String(r.monitor), { checks: num(r.checks), failures: num(r.failures) }]));
  }

  private readonly sumCache = new Map<string, Map<string, { checks: number; failures: number }>>();

  /** SUM(checks), SUM(failures) per monitor of a roll-up table over [from, to); only called below the table's watermark. */
  private async sumRollup(table: 'rollup_minute' | 'rollup_hour', from: number, to: number, monitor?: string): Promise<Map<string, { checks: number; failures: number }>> {
    if (to <= from) return new Map();
    const key = `${table}:${from}:${to}:${monitor ?? '*'}`;
    const cached = this.sumCache.get(key);
    if (cached) {
      // most recently used last
      this.sumCache.delete(key);
      this.sumCache.set(key, cached);
      return cached;
    }
    const rows = await this.db.all(
      `SELECT monitor, SUM(checks) AS checks, SUM(failures) AS failures FROM ${table} WHERE ${monitor === undefined ? '' : 'monitor = ? AND '}bucket >= ? AND bucket < ? GROUP BY monitor`,
      monitor === undefined ? [from, to] : [monitor, from, to],
    );
    const sums = new Map(rows.map((r) => [String(r.monitor), { checks: num(r.checks), failures: num(r.failures) }]));
    this.sumCache.set(key, sums);
    while (this.sumCache.size > 256) this.sumCache.delete(this.sumCache.keys().next().value!);
    return sums;
  }

  // ---- incidents and alerts

  /** Open an incident unless the monitor already has one open (another worker may have won): returns the open one. */
  async openIncident(incident: { id: string; monitor: string; startedAt: number; lastError: string; worker?: string }): Promise<{ incident: Incident; created: boolean }> {
    const created =
      (await this.db.run('INSERT INTO incidents (id, monitor, started_at, ended_at, last_error, opened_by) VALUES (?, ?, ?, NULL, ?, ?) ON CONFLICT DO NOTHING', [
        incident.id,
        incident.monitor,
        incident.startedAt,
        incident.lastError.slice(0, 1000),
        incident.worker ?? null,
      ])) === 1;
    const open = await this.openIncidentOf(incident.monitor);
    if (!open) throw new Error(`incident ${incident.id} for ${incident.monitor} was neither created nor found open (id reused?)`);
    return { incident: open, created };
  }

  /**
   * The open incident of each of `monitors` that has one, with the alerts already claimed for it: what a worker resumes
   * when it takes monitors over (one query per batch, on the partial unique index of open incidents).
   */
  async openIncidentsOf(monitors: readonly string[]): Promise<Map<string, Incident & { alertsClaimed: { key: string; at: number }[] }>> {
    const out = new Map<string, Incident & { alertsClaimed: { key: string; at: number }[] }>();
    for (let i = 0; i < monitors.length; i += INSERT_BATCH) {
      const batch = monitors.slice(i, i + INSERT_BATCH);
      const rows = await this.db.all(
        `SELECT i.id, i.monitor, i.started_at, i.ended_at, i.last_error, a.event, a.claimed_at
         FROM incidents i LEFT JOIN alerts_sent a ON a.incident_id = i.id
         WHERE i.ended_at IS NULL AND i.monitor IN (${batch.map(() => '?').join(', ')})`,
        batch,
      );
      for (const r of rows) {
        let open = out.get(String(r.monitor));
        if (!open) out.set(String(r.monitor), (open = { ...rowToIncident(r), alertsClaimed: [] }));
        if (r.event !== null && r.event !== undefined) open.alertsClaimed.push({ key: String(r.event), at: num(r.claimed_at) });
      }
    }
    return out;
  }

  async openIncidentOf(monitor: string): Promise<Incident | null> {
    const [row] = await this.db.all('SELECT * FROM incidents WHERE monitor = ? AND ended_at IS NULL', [monitor]);
    return row ? rowToIncident(row) : null;
  }

  async updateIncidentError(id: string, lastError: string): Promise<void> {
    await this.db.run('UPDATE incidents SET last_error = ? WHERE id = ? AND ended_at IS NULL', [lastError.slice(0, 1000), id]);
  }

  /** True when this call closed it. */
  async closeIncident(id: string, endedAt: number): Promise<boolean> {
    return (await this.db.run('UPDATE incidents SET ended_at = ? WHERE id = ? AND ended_at IS NULL', [endedAt, id])) === 1;
  }

  async incidents(options: { monitor?: string; since?: number; limit?: number; open?: boolean } = {}): Promise<Incident[]> {
    const where: string[] = [];
    const params: SqlValue[] = [];
    if (options.open !== undefined) where.push(options.open ? 'ended_at IS NULL' : 'ended_at IS NOT NULL');
    if (options.monitor !== undefined) {
      where.push('monitor = ?');
      params.push(options.monitor);
    }
    if (options.since !== undefined) {
      where.push('(ended_at IS NULL OR ended_at >= ?)');
      params.push(options.since);
    }
    params.push(Math.min(options.limit ?? 100, 1000));
    const rows = await this.db.all(`SELECT * FROM incidents ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY started_at DESC LIMIT ?`, params);
    return rows.map(rowToIncident);
  }

  /** Claim the right to send one alert (incident, event key): true for exactly one caller across every worker. */
  async claimAlert(incidentId: string, event: string, at: number, worker?: string): Promise<boolean> {
    return (
      (await this.db.run('INSERT INTO alerts_sent (incident_id, event, claimed_at, worker) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING', [
        incidentId,
        event,
        at,
        worker ?? null,
      ])) === 1
    );
  }

  async markAlertDelivered(incidentId: string, event: string, at: number): Promise<void> {
    await this.db.run('UPDATE alerts_sent SET delivered_at = ? WHERE incident_id = ? AND event = ?', [at, incidentId, event]);
  }

  // ---- state machine snapshots, so another worker can take a monitor over

  /** Save the snapshot of the check at `at`, unless the store holds a newer one (a slow check finishing after the next). */
  async saveState(monitor: string, state: unknown, at: number): Promise<void> {
    await this.saveStates([{ monitor, state, at }]);
  }

  async loadState<T>(monitor: string): Promise<T | null> {
    const [row] = await this.db.all('SELECT state FROM monitor_state WHERE monitor = ?', [monitor]);
    return row ? (JSON.parse(String(row.state)) as T) : null;
  }

  /** Snapshots of several monitors in one query (a worker's claimed batch). */
  async loadStates<T>(monitors: readonly string[]): Promise<Map<string, T>> {
    const out = new Map<string, T>();
    for (let i = 0; i < monitors.length; i += INSERT_BATCH) {
      const batch = monitors.slice(i, i + INSERT_BATCH);
      const rows = await this.db.all(`SELECT monitor, state FROM monitor_state WHERE monitor IN (${batch.map(() => '?').join(', ')})`, batch);
      for (const r of rows) out.set(String(r.monitor), JSON.parse(String(r.state)) as T);
    }
    return out;
  }

  /** Save several snapshots in one statement per batch; like saveState, an older one never replaces a newer one. */
  async saveStates(entries: readonly { monitor: string; state: unknown; at: number }[]): Promise<void> {
    for (let i = 0; i < entries.length; i += INSERT_BATCH) {
      const batch = entries.slice(i, i + INSERT_BATCH);
      await this.db.run(
        `INSERT INTO monitor_state (monitor, state, updated_at) VALUES ${batch.map(() => '(?, ?, ?)').join(', ')}
         ON CONFLICT (monitor) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at
         WHERE excluded.updated_at >= monitor_state.updated_at`,
        batch.flatMap((e) => [e.monitor, JSON.stringify(e.state), e.at]),
      );
    }
  }
}

function addTime(agg: Aggregate, ms: number): void {
  agg.timed += 1;
  agg.sumMs += ms;
  agg.minMs = agg.minMs === null ? ms : Math.min(agg.minMs, ms);
  agg.maxMs = agg.maxMs === null ? ms : Math.max(agg.maxMs, ms);
  addToHistogram(agg.histogram, ms);
}

/** Add a roll-up row (minute or hour) into an aggregate. */
function addRow(agg: Aggregate, r: Row): void {
  agg.checks += num(r.checks);
  agg.failures += num(r.failures);
  agg.timed += num(r.timed);
  agg.sumMs += num(r.sum_ms);
  const min = numOrNull(r.min_ms);
  const max = numOrNull(r.max_ms);
  if (min !== null) agg.minMs = agg.minMs === null ? min : Math.min(agg.minMs, min);
  if (max !== null) agg.maxMs = agg.maxMs === null ? max : Math.max(agg.maxMs, max);
  mergeHistograms(agg.histogram, parseHistogram(r.hist as string));
}

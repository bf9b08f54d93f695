// Monitor dashboard benchmark: the API and pages of `monitor --listen` over a SQLite store holding 30 days of
// rolled-up history for N monitors (default 1,000): hour roll-ups for 30 days, minute roll-ups for the last 25 hours
// (what the 24 h chart and the window edges read) and 10 minutes of raw results, every check at a 30 s interval.
// Prints p50/p95/max per endpoint for the first (cold) request and for repeated ones, against the goal
// (dashboard API p95 under 100 ms). Everything on 127.0.0.1; the store is a temp file, removed at the end.
// Run: npx tsx bench/monitor-dashboard.ts [--monitors 1000] [--requests 40] [--keep]
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SqlSession } from '../src/monitor/store/sql.ts';
import { HOUR_MS, MINUTE_MS, MonitorStore } from '../src/monitor/store/store.ts';
import type { WebMonitor } from '../src/monitor/web/data.ts';
import { startMonitorServer } from '../src/monitor/web/server.ts';

const args = process.argv.slice(2);
const flag = (name: string, fallback: number): number => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const MONITORS = flag('monitors', 1000);
const REQUESTS = flag('requests', 40);
const KEEP = args.includes('--keep');
const TOKEN = 'bench-token-0123456789';

const dir = mkdtempSync(join(tmpdir(), 'launchready-bench-monitor-'));
const file = join(dir, 'monitor.db');
const now = Date.now();
const names = Array.from({ length: MONITORS }, (_, i) => `mon-${String(i).padStart(4, '0')}`);

/** mulberry32 */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function fill(store: MonitorStore): Promise<void> {
  const rnd = prng(42);
  const hourWm = Math.floor((now - 3 * MINUTE_MS) / HOUR_MS) * HOUR_MS;
  const minuteWm = Math.floor((now - 3 * MINUTE_MS) / MINUTE_MS) * MINUTE_MS;
  const row = (monitor: string, bucket: number, checks: number) => {
    const failures = rnd() < 0.01 ? 1 + Math.floor(rnd() * 3) : 0;
    const p50 = 30 + rnd() * 40;
    const p95 = p50 * (1.3 + rnd());
    // a realistic histogram: ~15 populated buckets
    const first = Math.floor(Math.log(p50 * 0.6) / Math.log(1.1)) + 1;
    const hist = Array.from({ length: 15 }, (_, k) => `${first + k}:${Math.max(1, Math.round(checks / 15))}`).join(',');
    return [monitor, bucket, checks, failures, checks, p50 * checks, p50 * 0.6, p95 * 1.5, p50, p95, hist];
  };
  const insert = async (tx: SqlSession, table: string, rows: (string | number)[][]) => {
    for (let i = 0; i < rows.length; i += 500) {
      const batch = rows.slice(i, i + 500);
      await tx.run(
        `INSERT INTO ${table} (monitor, bucket, checks, failures, timed, sum_ms, min_ms, max_ms, p50_ms, p95_ms, hist) VALUES ${batch.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
        batch.flat(),
      );
    }
  };
  const t0 = performance.now();
  // one transaction per 50 monitors; statements go through tx (the driver's queue is held by the transaction)
  for (let i = 0; i < names.length; i += 50)
    await store.db.transaction(1, async (tx) => {
      for (const m of names.slice(i, i + 50)) {
        const hours: (string | number)[][] = [];
        for (let b = hourWm - 30 * 24 * HOUR_MS; b < hourWm; b += HOUR_MS) hours.push(row(m, b, 120));
        await insert(tx, 'rollup_hour', hours);
        const minutes: (string | number)[][] = [];
        for (let b = minuteWm - 25 * HOUR_MS; b < minuteWm; b += MINUTE_MS) minutes.push(row(m, b, 2));
        await insert(tx, 'rollup_minute', minutes);
      }
    });
  await store.db.run("INSERT INTO rollup_state (name, through_ms) VALUES ('minute', ?), ('hour', ?)", [minuteWm, hourWm]);
  const raw = [];
  for (const m of names)
    for (let at = minuteWm - 7 * MINUTE_MS; at < now; at += 30_000) raw.push({ monitor: m, at, ok: rnd() > 0.01, responseMs: 20 + rnd() * 80, error: null, certExpiresAt: null });
  await store.recordResults(raw);
  await store.db.run('ANALYZE');
  console.log(`filled ${MONITORS} monitors in ${((performance.now() - t0) / 1000).toFixed(1)} s: store ${(statSync(file).size / 1024 / 1024).toFixed(0)} MiB`);
}

/** Wall time, and CPU time of this process (server and client share it), so a loaded machine can be read through. */
function get(url: string): Promise<{ ms: number; cpuMs: number; status: number; bytes: number }> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  return new Promise((resolve, reject) => {
    request(url, { headers: { Authorization: `Bearer ${TOKEN}`, Cookie: '' } }, (res) => {
      let bytes = 0;
      res.on('data', (c: Buffer) => (bytes += c.length));
      res.on('end', () => {
        const used = process.cpuUsage(cpu);
        resolve({ ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000, status: res.statusCode ?? 0, bytes });
      });
    })
      .on('error', reject)
      .end();
  });
}

const quantile = (sorted: number[], q: number) => sorted[Math.max(1, Math.ceil(q * sorted.length)) - 1]!;

async function main(): Promise<void> {
  let store = await MonitorStore.open(file);
  await fill(store);
  await store.close();
  store = await MonitorStore.open(file);
  const monitors: WebMonitor[] = names.map((name, i) => ({ name, type: 'http', public: i % 10 === 0, url: `http://127.0.0.1:9/${name}` }));
  const server = await startMonitorServer({ store, monitors, listen: { host: '127.0.0.1', port: 0 }, token: TOKEN, metricsToken: null, log: () => {} });
  const endpoints = [
    '/api/monitors',
    `/api/monitors/${names[7]}?range=24h`,
    `/api/monitors/${names[7]}?range=30d`,
    `/api/monitors/${names[7]}/results?limit=100`,
    '/api/incidents',
    '/',
    `/monitors/${names[7]}?range=24h`,
    '/status',
    '/metrics',
  ];
  console.log(`\n${REQUESTS} sequential requests per endpoint after one cold request (${MONITORS} monitors, 30 days of roll-ups)\n`);
  console.log(
    `${'endpoint'.padEnd(44)} ${'cold ms'.padStart(8)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'max ms'.padStart(8)} ${'KiB'.padStart(7)} ${'cpu p50'.padStart(8)} ${'cpu p95'.padStart(8)}`,
  );
  const apiCpuP95: number[] = [];
  const apiP95: number[] = [];
  for (const path of endpoints) {
    const cold = await get(`${server.url}${path}`);
    if (cold.status !== 200) throw new Error(`${path}: ${cold.status}`);
    const times: number[] = [];
    const cpus: number[] = [];
    for (let i = 0; i < REQUESTS; i++) {
      const r = await get(`${server.url}${path}`);
      times.push(r.ms);
      cpus.push(r.cpuMs);
    }
    times.sort((a, b) => a - b);
    cpus.sort((a, b) => a - b);
    if (path.startsWith('/api/')) {
      apiP95.push(quantile(times, 0.95));
      apiCpuP95.push(quantile(cpus, 0.95));
    }
    console.log(
      `${path.padEnd(44)} ${cold.ms.toFixed(1).padStart(8)} ${quantile(times, 0.5).toFixed(1).padStart(8)} ${quantile(times, 0.95).toFixed(1).padStart(8)} ${times.at(-1)!.toFixed(1).padStart(8)} ${(cold.bytes / 1024).toFixed(0).padStart(7)} ${quantile(cpus, 0.5).toFixed(1).padStart(8)} ${quantile(cpus, 0.95).toFixed(1).padStart(8)}`,
    );
  }
  // the worst case for the cache: a fresh store (no cached sums) for every /api/monitors request
  const uncached: number[] = [];
  for (let i = 0; i < Math.min(REQUESTS, 10); i++) {
    const fresh = await MonitorStore.open(file);
    const s2 = await startMonitorServer({ store: fresh, monitors, listen: { host: '127.0.0.1', port: 0 }, token: TOKEN, metricsToken: null, log: () => {} });
    uncached.push((await get(`${s2.url}/api/monitors`)).ms);
    await s2.close();
    await fresh.close();
  }
  uncached.sort((a, b) => a - b);
  console.log(
    `${'/api/monitors, no cached sums (fresh store)'.padEnd(44)} ${''.padStart(8)} ${quantile(uncached, 0.5).toFixed(1).padStart(8)} ${quantile(uncached, 0.95).toFixed(1).padStart(8)} ${uncached.at(-1)!.toFixed(1).padStart(8)}`,
  );
  const worst = Math.max(...apiP95);
  console.log(`\nAPI p95 (worst endpoint, warm): ${worst.toFixed(1)} ms wall, ${Math.max(...apiCpuP95).toFixed(1)} ms CPU — goal under 100 ms: ${worst < 100 ? 'met' : 'NOT met'}`);
  console.log(
    `load average while measuring: ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} on ${availableParallelism()} cores`,
  );
  await server.close();
  await store.close();
}

main()
  .catch((e) => {
    console.error(e);
    process.exitCode = 1;
  })
  .finally(() => {
    if (KEEP) console.log(`store kept: ${file}`);
    else rmSync(dir, { recursive: true, force: true });
  });

// Bench: launchready's load engine against autocannon (npm) and wrk (Debian) on loopback.
//  1. throughput: the same nginx static file at full speed for 10 s with the same connection count;
//  2. a node server stalling 1 s every 5 s at a constant 200 req/s: each tool's p50/p99 against the true values;
//  3. the engine's CPU at a steady 1,000 req/s.
// Run (it saturates the CPU): flock /tmp/lr-tests.lock npx tsx bench/load.ts   (needs /usr/sbin/nginx, /usr/bin/wrk)
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isLoadRunFailure, type LoadRunOptions, type LoadRunResult, runLoad } from '../src/load/engine.ts';
import { startLoadServer } from '../test/support/load-server.ts';
import { startNginx } from '../test/support/nginx.ts';

const CONNECTIONS = 50;
const FULL_SPEED_S = 10;
const ROUNDS = 3;
const STALL = { rps: 200, seconds: 10, periodMs: 5000, stallMs: 1000, stallAtMs: 1000 };
const STEADY_RPS = 1000;
const NGINX = { host: '127.0.31.1', port: 8080 };
const WRK = '/usr/bin/wrk';

interface AutocannonResult {
  requests: { total: number };
  duration: number;
  latency: { p50: number; p90: number; p99: number };
  errors: number;
  non2xx: number;
}
type Autocannon = (options: Record<string, unknown>) => Promise<AutocannonResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

async function engine(options: LoadRunOptions): Promise<LoadRunResult> {
  const r = await runLoad(options);
  if (isLoadRunFailure(r)) throw new Error(r.error.message);
  return r;
}

/** wrk's "Requests/sec" and latency distribution (ms). */
function wrk(url: string, connections: number, seconds: number): { rps: number; p50: number; p90: number; p99: number } | string {
  if (!existsSync(WRK)) return 'wrk missing: apt-get install -y wrk';
  const r = spawnSync(WRK, ['-t2', `-c${connections}`, `-d${seconds}s`, '--latency', url], { encoding: 'utf8', timeout: (seconds + 30) * 1000 });
  const out = r.stdout ?? '';
  const toMs = (v: string, unit: string) => Number(v) * ({ us: 0.001, ms: 1, s: 1000, m: 60_000 }[unit] ?? Number.NaN);
  const pct = (p: string) => {
    const m = new RegExp(`^\\s*${p}%\\s+([\\d.]+)(us|ms|s|m)\\s*$`, 'm').exec(out);
    return m ? toMs(m[1] as string, m[2] as string) : Number.NaN;
  };
  const rps = /Requests\/sec:\s+([\d.]+)/.exec(out);
  if (!rps) return `wrk failed: ${(r.stderr || out).slice(0, 200)}`;
  return { rps: Number(rps[1]), p50: pct('50'), p90: pct('90'), p99: pct('99') };
}

/** Exact latency percentile a user arriving on the timetable sees: a request landing in a stall waits for its end. */
function trueStallPercentile(percentile: number): number {
  const latencies: number[] = [];
  for (let i = 0; i < STALL.rps * STALL.seconds; i++) {
    const t = (i * 1000) / STALL.rps;
    const phase = (t - STALL.stallAtMs) % STALL.periodMs;
    latencies.push(t >= STALL.stallAtMs && phase < STALL.stallMs ? STALL.stallMs - phase : 0);
  }
  latencies.sort((a, b) => a - b);
  return latencies[Math.max(1, Math.ceil((percentile / 100) * latencies.length)) - 1] as number;
}

const fmt = (n: number | null | undefined, digits = 1) => (n === null || n === undefined || Number.isNaN(n) ? 'n/a' : n.toFixed(digits));
const pause = () => new Promise((r) => setTimeout(r, 1000));

const nginx = await startNginx({ servers: [{ listen: [`${NGINX.host}:${NGINX.port}`], directives: 'location / { try_files $uri =404; }' }], files: { '/index.html': 'hello\n' } });
const staticUrl = `http://${NGINX.host}:${NGINX.port}/index.html`;
try {
  console.log(`## 1. Throughput: nginx static file, ${CONNECTIONS} connections, full speed, ${FULL_SPEED_S} s, ${ROUNDS} rounds interleaved\n`);
  // The machine is shared: tools alternate round by round, and requests per CPU-second is reported beside req/s.
  const rows: Record<string, { rps: number[]; perCpu: number[]; p99: number[] }> = {};
  const record = (tool: string, rps: number, cpuMicros: number | null, p99: number) => {
    const row = (rows[tool] ??= { rps: [], perCpu: [], p99: [] });
    row.rps.push(rps);
    if (cpuMicros !== null) row.perCpu.push((rps * FULL_SPEED_S * 1e6) / cpuMicros);
    row.p99.push(p99);
  };
  for (let round = 0; round < ROUNDS; round++) {
    let cpu = process.cpuUsage();
    const ours = await engine({ route: { url: staticUrl }, model: { type: 'closed', users: CONNECTIONS }, durationMs: FULL_SPEED_S * 1000, maxRequests: 10_000_000 });
    let used = process.cpuUsage(cpu);
    record(`launchready (closed model, ${CONNECTIONS} users)`, ours.rps, used.user + used.system, ours.p99Ms ?? Number.NaN);
    await pause();
    cpu = process.cpuUsage();
    const ac = await autocannon({ url: staticUrl, connections: CONNECTIONS, duration: FULL_SPEED_S });
    used = process.cpuUsage(cpu);
    record('autocannon 9.0.0', ac.requests.total / ac.duration, used.user + used.system, ac.latency.p99);
    await pause();
    const w = wrk(staticUrl, CONNECTIONS, FULL_SPEED_S);
    if (typeof w === 'string') console.log(w);
    else record('wrk 4.1 (2 threads)', w.rps, null, w.p99);
    await pause();
  }
  const median = (xs: number[]) => (xs.length === 0 ? Number.NaN : ([...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number));
  console.log('| tool | req/s per round | median req/s | median req per CPU-second | median p99 ms |\n|---|---|---:|---:|---:|');
  for (const [tool, r] of Object.entries(rows)) {
    console.log(
      `| ${tool} | ${r.rps.map((x) => fmt(x, 0)).join(', ')} | ${fmt(median(r.rps), 0)} | ${r.perCpu.length ? fmt(median(r.perCpu), 0) : 'n/a'} | ${fmt(median(r.p99), 2)} |`,
    );
  }
  const oursRow = Object.values(rows)[0];
  const acRow = rows['autocannon 9.0.0'];
  if (oursRow && acRow) {
    console.log(
      `\nlaunchready / autocannon: ${(median(oursRow.rps) / median(acRow.rps)).toFixed(2)}x req/s, ${(median(oursRow.perCpu) / median(acRow.perCpu)).toFixed(2)}x req per CPU-second (goal >= 1.0x)\n`,
    );
  }

  console.log(`## 2. Stall: node server stalling ${STALL.stallMs} ms every ${STALL.periodMs} ms, ${STALL.rps} req/s offered, ${STALL.seconds} s\n`);
  const trueP50 = trueStallPercentile(50);
  const trueP90 = trueStallPercentile(90);
  const trueP99 = trueStallPercentile(99);
  console.log(`true values for a user arriving on the timetable: p50 ${fmt(trueP50, 0)} ms (plus service time), p90 ${fmt(trueP90, 0)} ms, p99 ${fmt(trueP99, 0)} ms\n`);
  console.log('| tool | p50 ms | p90 ms | p99 ms | p90 vs true | p99 vs true |\n|---|---:|---:|---:|---:|---:|');
  const off = (got: number | null, want: number) => (got === null ? 'n/a' : `${(((got - want) / want) * 100).toFixed(1)}%`);
  const row = (tool: string, p50: number | null, p90: number | null, p99: number | null) =>
    console.log(`| ${tool} | ${fmt(p50)} | ${fmt(p90)} | ${fmt(p99)} | ${off(p90, trueP90)} | ${off(p99, trueP99)} |`);
  const p90Of = (r: LoadRunResult) => r.distribution.find((d) => d.percentile === 90)?.ms ?? null;
  const stallEnv = { PERIOD_MS: String(STALL.periodMs), STALL_MS: String(STALL.stallMs), STALL_AT_MS: String(STALL.stallAtMs) };
  // A fresh server per tool: the stall phase starts at its first request.
  const withStallServer = async (fn: (url: string) => Promise<void> | void) => {
    const server = await startLoadServer(stallEnv);
    try {
      await fn(server.url('/stall'));
    } finally {
      await server.stop();
    }
  };
  await withStallServer(async (url) => {
    const r = await engine({ route: { url }, model: { type: 'open', rps: STALL.rps }, durationMs: STALL.seconds * 1000, connections: 10 });
    row('launchready open model, corrected (10 connections)', r.p50Ms, p90Of(r), r.p99Ms);
    row('launchready, uncorrected service time', r.uncorrected.p50Ms, null, r.uncorrected.p99Ms);
  });
  await withStallServer(async (url) => {
    const r = await engine({ route: { url }, model: { type: 'open', rps: STALL.rps }, durationMs: STALL.seconds * 1000 });
    row(`launchready open model, corrected (pool sized from the rate, ${r.connections} max)`, r.p50Ms, p90Of(r), r.p99Ms);
  });
  await withStallServer(async (url) => {
    const r = await autocannon({ url, connections: 10, overallRate: STALL.rps, duration: STALL.seconds });
    row('autocannon -c 10 -R 200 (its own CO backfill)', r.latency.p50, r.latency.p90, r.latency.p99);
  });
  await withStallServer(async (url) => {
    const r = await autocannon({ url, connections: 10, overallRate: STALL.rps, duration: STALL.seconds, ignoreCoordinatedOmission: true });
    row('autocannon -c 10 -R 200 --ignoreCoordinatedOmission', r.latency.p50, r.latency.p90, r.latency.p99);
  });
  await withStallServer(async (url) => {
    const r = await autocannon({ url, connections: 10, duration: STALL.seconds });
    row('autocannon -c 10 (full speed)', r.latency.p50, r.latency.p90, r.latency.p99);
  });
  await withStallServer((url) => {
    const r = wrk(url, 10, STALL.seconds);
    if (typeof r === 'string') console.log(`| wrk | ${r} | | |`);
    else row('wrk -c 10 (full speed, no rate option)', r.p50, r.p90, r.p99);
  });

  console.log(`\n## 3. CPU of the engine at a steady ${STEADY_RPS} req/s for 10 s (nginx static file)\n`);
  const cpuBefore = process.cpuUsage();
  const wallBefore = performance.now();
  const steady = await engine({ route: { url: staticUrl }, model: { type: 'open', rps: STEADY_RPS }, durationMs: 10_000 });
  const cpu = process.cpuUsage(cpuBefore);
  const cores = (cpu.user + cpu.system) / 1000 / (performance.now() - wallBefore);
  console.log(
    `achieved ${fmt(steady.rps, 1)} req/s, p99 ${fmt(steady.p99Ms, 2)} ms, CPU ${cores.toFixed(3)} cores (user ${fmt(cpu.user / 1000, 0)} ms, system ${fmt(cpu.system / 1000, 0)} ms; goal < 0.5)`,
  );
} finally {
  await nginx.stop();
}

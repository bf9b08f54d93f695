// Production-evidence benchmark: generates a 1 GB nginx access log (with $request_time) and 200 MB of OTLP JSON
// (the Collector file exporter's format) in a temp dir, then prints launchready's time and peak RSS for each beside
// GoAccess on the same log. Each reader runs in its own process so its peak RSS is its own.
// Run: flock /tmp/lr-tests.lock npx tsx bench/evidence.ts [--log-mb 1000] [--otlp-mb 200] [--no-goaccess] [--keep]
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nginxBlock, otlpLine, requestSpans, writeRepeated } from '../test/evidence/generate.ts';

const args = process.argv.slice(2);
const flag = (name: string, fallback: number): number => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};

// ---------- child mode: run one reader, print its summary line ----------
if (args[0] === '--child') {
  const [, kind, path] = args;
  const t0 = performance.now();
  let note = '';
  if (kind === 'access') {
    const { readAccessLogs } = await import('../src/evidence/access-log.ts');
    const s = await readAccessLogs([path!]);
    note = `${s.lines} lines, ${s.malformed} malformed, ${s.routes.length} routes; top: ${s.routes
      .slice(0, 3)
      .map((r) => `${r.method} ${r.route} n=${r.requests} p95=${r.p95Ms}ms`)
      .join('; ')}`;
  } else {
    const { readTraces } = await import('../src/evidence/traces.ts');
    const s = await readTraces([path!]);
    note = `${s.totals.spans} spans, ${s.totals.requests} requests, ${s.routes.length} routes, N+1 on ${s.signals.nPlusOne.map((n) => n.route).join(', ')}, inline work on ${s.signals.inlineLongWork.map((n) => n.route).join(', ')}, errors: ${s.files.filter((f) => f.error).length}`;
  }
  const seconds = (performance.now() - t0) / 1000;
  process.stdout.write(`${JSON.stringify({ seconds, maxRssKb: process.resourceUsage().maxRSS, note })}\n`);
  process.exit(0);
}

const LOG_MB = flag('log-mb', 1000);
const OTLP_MB = flag('otlp-mb', 200);
const KEEP = args.includes('--keep');
const RUN_GOACCESS = !args.includes('--no-goaccess');
const HAS_TIME = existsSync('/usr/bin/time');

interface Measured {
  seconds: number;
  peakRssMb: number;
  stdout: string;
  status: number | null;
}

/** Runs a command, measuring wall time and peak RSS (GNU time when present, else polling /proc/PID/status VmHWM). */
async function measure(command: string, argv: string[]): Promise<Measured> {
  const t0 = performance.now();
  const wrapped = HAS_TIME ? ['/usr/bin/time', ['-v', command, ...argv]] : [command, argv];
  const child = spawn(wrapped[0] as string, wrapped[1] as string[], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let peakKb = 0;
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const poll = HAS_TIME
    ? null
    : setInterval(() => {
        try {
          const m = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
          if (m) peakKb = Math.max(peakKb, Number(m[1]));
        } catch {}
      }, 100);
  const status = await new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  if (poll) clearInterval(poll);
  const seconds = (performance.now() - t0) / 1000;
  const timed = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
  if (timed) peakKb = Number(timed[1]);
  if (status !== 0) process.stderr.write(stderr.slice(-2000));
  return { seconds, peakRssMb: peakKb / 1024, stdout, status };
}

async function generateOtlp(path: string, bytes: number): Promise<number> {
  // one ~200 KB block of exporter batches, repeated with fresh trace ids by rewriting the ids' counter prefix
  const lines: string[] = [];
  let traceNo = 1;
  let size = 0;
  const t0 = Date.UTC(2026, 10, 1, 10);
  while (size < 2 * 1024 * 1024) {
    const batch = [];
    for (let i = 0; i < 12; i++) {
      const n = traceNo++;
      const kind = n % 4;
      if (kind === 0) {
        const statements = ['SELECT * FROM orders WHERE user_id = $1 LIMIT 12'];
        for (let k = 0; k < 12; k++) statements.push(`SELECT * FROM order_items WHERE order_id = ${n * 12 + k}`);
        batch.push(...requestSpans(n, t0 + n * 5, 'GET /api/orders', statements));
      } else if (kind === 1) batch.push(...requestSpans(n, t0 + n * 5, 'GET /api/users/:id', [`SELECT * FROM users WHERE id = ${n}`, `SELECT * FROM plans WHERE user_id = ${n}`]));
      else if (kind === 2)
        batch.push(
          ...requestSpans(n, t0 + n * 5, 'POST /api/signup', [`INSERT INTO users (email) VALUES ('u${n}@example.test')`], {
            outbound: [{ name: 'smtp send', ms: 700, attributes: { 'server.address': 'smtp.example.test', 'server.port': 587 } }],
          }),
        );
      else batch.push(...requestSpans(n, t0 + n * 5, 'GET /api/reports/:id', [`SELECT sum(total) FROM orders WHERE month = ${n % 12}`], { queryMs: 120 }));
    }
    const line = otlpLine(batch);
    lines.push(line);
    size += line.length + 1;
  }
  const block = `${lines.join('\n')}\n`;
  // fresh trace ids per copy: the generator pads ids with zeros, so a copy number in the leading digits keeps them unique
  const out = createWriteStream(path);
  let written = 0;
  for (let copy = 1; written < bytes; copy++) {
    const prefix = copy.toString(16).padStart(6, '0');
    const text = block.replace(/"traceId":"000000/g, `"traceId":"${prefix}`);
    if (!out.write(text)) await once(out, 'drain');
    written += text.length;
  }
  out.end();
  await once(out, 'finish');
  return written;
}

const here = fileURLToPath(import.meta.url);
const dir = mkdtempSync(join(tmpdir(), 'lr-bench-evidence-'));
try {
  const logPath = join(dir, 'access.log');
  const otlpPath = join(dir, 'traces.jsonl');
  let t = performance.now();
  const logBytes = await writeRepeated(logPath, Buffer.from(nginxBlock(4 * 1024 * 1024, Date.UTC(2026, 10, 1), 24 * 60)), LOG_MB * 1_000_000);
  console.log(`generated ${(logBytes / 1e9).toFixed(2)} GB nginx log in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  t = performance.now();
  const otlpBytes = await generateOtlp(otlpPath, OTLP_MB * 1_000_000);
  console.log(`generated ${(otlpBytes / 1e6).toFixed(0)} MB OTLP JSON in ${((performance.now() - t) / 1000).toFixed(1)} s`);

  const node = process.execPath;
  const rows: [string, Measured][] = [];
  const access = await measure(node, ['--import', 'tsx', here, '--child', 'access', logPath]);
  rows.push(['launchready access log', access]);
  const traces = await measure(node, ['--import', 'tsx', here, '--child', 'traces', otlpPath]);
  rows.push(['launchready OTLP traces', traces]);
  if (RUN_GOACCESS) {
    if (spawnSync('goaccess', ['--version']).status === 0) {
      const out = join(dir, 'goaccess.json');
      // the same fields as launchready reads: COMBINED plus the request time (%T, seconds with milliseconds)
      const goaccess = await measure('goaccess', [logPath, '--log-format=%h %^[%d:%t %^] "%r" %s %b "%R" "%u" %T', '--date-format=%d/%b/%Y', '--time-format=%T', '-o', out]);
      rows.push(['GoAccess (same log, %T)', goaccess]);
    } else console.log('goaccess not installed: apt-get -o DPkg::Lock::Timeout=600 install -y goaccess');
  }
  console.log('');
  console.log(`${'reader'.padEnd(28)} ${'input'.padStart(9)} ${'time s'.padStart(8)} ${'MiB/s'.padStart(7)} ${'peak RSS MB'.padStart(12)}`);
  for (const [name, m] of rows) {
    const bytes = name.includes('OTLP') ? otlpBytes : logBytes;
    console.log(
      `${name.padEnd(28)} ${`${(bytes / 1e6).toFixed(0)} MB`.padStart(9)} ${m.seconds.toFixed(1).padStart(8)} ${(bytes / 1024 ** 2 / m.seconds).toFixed(0).padStart(7)} ${m.peakRssMb.toFixed(0).padStart(12)}${m.status === 0 ? '' : `  exit ${m.status}`}`,
    );
  }
  for (const [name, m] of rows) {
    const line = m.stdout.trim().split('\n').pop() ?? '';
    if (line.startsWith('{')) console.log(`${name}: ${(JSON.parse(line) as { note: string }).note}`);
  }
  const ga = rows.find(([n]) => n.startsWith('GoAccess'))?.[1];
  console.log('');
  console.log(`goal: access log at least as fast as GoAccess: ${ga ? (access.seconds <= ga.seconds ? 'met' : 'NOT met') : 'not measured'}`);
  console.log(`goal: under 200 MB peak RSS: access ${access.peakRssMb < 200 ? 'met' : 'NOT met'}, traces ${traces.peakRssMb < 200 ? 'met' : 'NOT met'}`);
  console.log(`(file sizes: ${statSync(logPath).size} and ${statSync(otlpPath).size} bytes)`);
} finally {
  if (KEEP) console.log(`kept ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
}

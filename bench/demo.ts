// Bench: `launchready demo` as a user runs it, against its goal (under 10 s on a 2-core machine).
//  - the first run on a machine (an empty user cache: the sandbox starts from the data directory the build made in
//    dist/pglite/, or runs initdb when that is missing), then the runs after it;
//  - wall time, peak RSS of the largest process (the CLI or its sandbox child), and whether every run found the same
//    findings (ids, severities and targets with the random ports taken out).
// Run on an idle machine after `npm run build`: npx tsx bench/demo.ts [--runs 5]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const GOAL_S = 10;
const i = process.argv.indexOf('--runs');
const RUNS = i > 0 ? Math.max(1, Number(process.argv[i + 1]) || 5) : 5;
const TIME = '/usr/bin/time';
const BIN = new URL('../bin/launchready.js', import.meta.url).pathname;

interface DemoRun {
  cache: 'empty' | 'warm';
  wallS: number;
  peakMb: number;
  findings: string;
}

function demo(cacheHome: string, cache: DemoRun['cache']): DemoRun {
  // /usr/bin/time -f: wall seconds and the largest resident set among the process and its children, in KB
  const r = spawnSync(TIME, ['-f', 'BENCH %e %M', process.execPath, BIN, 'demo', '--no-html', '--format', 'json'], {
    encoding: 'utf8',
    env: { ...process.env, XDG_CACHE_HOME: cacheHome, NO_COLOR: '1' },
    maxBuffer: 64 * 1024 * 1024,
    timeout: 120_000,
  });
  const line = /BENCH ([\d.]+) (\d+)/.exec(r.stderr ?? '');
  if (!line) throw new Error(`demo did not run: ${(r.stderr ?? '').slice(-500)}`);
  const report = JSON.parse(r.stdout) as { findings: { id: string; severity: string; target: string }[] };
  const findings = report.findings
    .map((f) => `${f.severity} ${f.id} ${f.target.replace(/:\d+/g, '')}`)
    .sort()
    .join('\n');
  return { cache, wallS: Number(line[1]), peakMb: Math.round(Number(line[2]) / 1024), findings };
}

const cacheHome = mkdtempSync(join(tmpdir(), 'launchready-bench-demo-'));
try {
  const runs = [demo(cacheHome, 'empty')];
  for (let n = 1; n < RUNS; n++) runs.push(demo(cacheHome, 'warm'));
  const reference = runs[0]?.findings;
  console.log(`launchready demo, ${RUNS} runs (goal: under ${GOAL_S} s)\n`);
  console.log('| run | user cache | wall | peak RSS | same findings as run 1 |');
  console.log('|---|---|---|---|---|');
  for (const [n, r] of runs.entries()) console.log(`| ${n + 1} | ${r.cache} | ${r.wallS.toFixed(2)} s | ${r.peakMb} MB | ${r.findings === reference ? 'yes' : 'NO'} |`);
  const warm = runs.filter((r) => r.cache === 'warm').map((r) => r.wallS);
  if (warm.length > 0) console.log(`\nwarm: min ${Math.min(...warm).toFixed(2)} s, max ${Math.max(...warm).toFixed(2)} s`);
  const over = runs.filter((r) => r.wallS >= GOAL_S).length;
  console.log(over === 0 ? `every run under ${GOAL_S} s` : `${over} of ${runs.length} runs at or over ${GOAL_S} s`);
} finally {
  rmSync(cacheHome, { recursive: true, force: true });
}

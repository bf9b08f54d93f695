// Every analyzer survives malformed input: seeded random and truncated inputs, no throw and no hang (each target runs
// in a process the test can kill). A failure prints the seed and the input, so it reproduces exactly.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { FUZZ_TARGETS } from './fuzz-targets.ts';

const SEED = Number(process.env.LR_FUZZ_SEED ?? 20_261_202);
const CASES = Number(process.env.LR_FUZZ_CASES ?? 2000);
/** Whole target, all cases: generous for two shared cores, far below what a hang takes. */
const TARGET_BUDGET_MS = 60_000;
/** One input: a parser that needs longer than this on a 20 kB input is super-linear. */
const SLOWEST_INPUT_MS = 2000;

interface WorkerResult {
  failures: { input: string; error: string }[];
  slowest: { ms: number; input: string };
}

function fuzz(name: string): Promise<WorkerResult> {
  return new Promise((resolve, reject) => {
    const worker = fileURLToPath(new URL('./fuzz-worker.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', worker, name, String(SEED), String(CASES)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${name}: no result after ${TARGET_BUDGET_MS} ms (seed ${SEED}): an input hangs the analyzer`));
    }, TARGET_BUDGET_MS);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code !== 0) reject(new Error(`${name}: fuzz process exited ${code}: ${stderr.slice(0, 2000)}`));
      else resolve(JSON.parse(stdout) as WorkerResult);
    });
  });
}

describe(`analyzers survive ${CASES} random and truncated inputs each (seed ${SEED})`, { concurrency: 1 }, () => {
  for (const target of FUZZ_TARGETS) {
    it(target.name, { timeout: TARGET_BUDGET_MS + 5000 }, async () => {
      const r = await fuzz(target.name);
      assert.deepEqual(r.failures, [], `${target.name} threw (seed ${SEED}): ${JSON.stringify(r.failures, null, 1)}`);
      assert.ok(r.slowest.ms < SLOWEST_INPUT_MS, `${target.name} took ${Math.round(r.slowest.ms)} ms on ${JSON.stringify(r.slowest.input)}`);
    });
  }
});

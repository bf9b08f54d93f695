// Runs one fuzz target in its own process, so a hang can be killed by the parent (a busy loop ignores test timeouts).
// Usage: node --import tsx fuzz-worker.ts NAME SEED CASES; prints one JSON line.
import { loadSqlParser } from '../../src/analyze/sql/parse.ts';
import { fuzzInputs } from './fuzz-inputs.ts';
import { FUZZ_TARGETS } from './fuzz-targets.ts';

const [name, seed, cases] = [process.argv[2] ?? '', Number(process.argv[3]), Number(process.argv[4])];
const target = FUZZ_TARGETS.find((t) => t.name === name);
if (!target) throw new Error(`no fuzz target ${name}`);
await loadSqlParser();
let slowest = { ms: 0, input: '' };
const failures: { input: string; error: string }[] = [];
for (const input of fuzzInputs(target.seeds, seed, cases)) {
  const t0 = performance.now();
  try {
    target.run(input);
  } catch (error) {
    if (failures.length < 5)
      failures.push({
        input: input.slice(0, 300),
        error: String((error as Error)?.stack ?? error)
          .split('\n')
          .slice(0, 4)
          .join(' | '),
      });
  }
  const ms = performance.now() - t0;
  if (ms > slowest.ms) slowest = { ms, input: input.slice(0, 300) };
}
process.stdout.write(`${JSON.stringify({ failures, slowest })}\n`);

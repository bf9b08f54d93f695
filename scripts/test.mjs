// `npm test`: lint, typecheck, build, install missing system packages, then every test under test/ with node's runner.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ensureSystemPackages } from './system-packages.mjs';

const root = new URL('..', import.meta.url).pathname;
const step = (name, cmd, args, opts = {}) => {
  const t0 = Date.now();
  console.error(`\n== ${name}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });
  console.error(`== ${name}: ${r.status === 0 ? 'ok' : `failed (${r.status ?? r.signal})`} in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
  if (r.status !== 0) process.exit(r.status ?? 1);
};

function findTests(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) findTests(p, out);
    else if (name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

const filter = process.argv.slice(2);
if (filter.length === 0) {
  step('lint (biome)', 'npx', ['biome', 'check', '.']);
  step('typecheck', 'npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']);
}
step('build', 'npx', ['tsc', '-p', 'tsconfig.build.json']);
const stillMissing = ensureSystemPackages();
if (stillMissing.length > 0) console.error(`warning: tests that need ${stillMissing.map((p) => p.pkg).join(', ')} will fail`);
const tests = findTests(join(root, 'test'))
  .filter((t) => filter.length === 0 || filter.some((f) => t.includes(f)))
  .sort();
step(`tests (${tests.length} files)`, process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-timeout=240000', '--test-reporter=spec', ...tests], {
  env: { ...process.env, NO_COLOR: '1', LAUNCHREADY_TEST: '1' },
});

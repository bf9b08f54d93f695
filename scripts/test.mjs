// `npm test`: lint, typecheck, build, install missing system packages, then every test under test/ with node's runner.
// Afterwards it checks the run cleaned up: no new launchready-* temp dirs, no loopback address left on lo.
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureSystemPackages } from './system-packages.mjs';

const root = new URL('..', import.meta.url).pathname;
const run = (name, cmd, args, opts = {}) => {
  const t0 = Date.now();
  console.error(`\n== ${name}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });
  console.error(`== ${name}: ${r.status === 0 ? 'ok' : `failed (${r.status ?? r.signal})`} in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
  return r.status ?? 1;
};
const step = (name, cmd, args, opts = {}) => {
  const status = run(name, cmd, args, opts);
  if (status !== 0) process.exit(status);
};

function findTests(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) findTests(p, out);
    else if (name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

const tempEntries = () => new Set(readdirSync(tmpdir()).filter((n) => n.startsWith('launchready-')));

/** 127.x addresses on lo other than 127.0.0.1 (the BIND and postfix harnesses add theirs). */
function extraLoopbackAddresses() {
  try {
    const shown = execFileSync('ip', ['-o', '-4', 'addr', 'show', 'dev', 'lo'], { encoding: 'utf8', timeout: 5000 });
    return new Set([...shown.matchAll(/ inet (127\.[\d.]+)\/32/g)].map((m) => m[1]));
  } catch {
    return new Set();
  }
}

const filter = process.argv.slice(2);
if (filter.length === 0) {
  step('lint (biome)', 'npx', ['biome', 'check', '.']);
  step('lint (unused exports)', process.execPath, ['--import', 'tsx', 'scripts/unused-exports.ts']);
  step('typecheck', 'npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']);
}
step('build', 'npx', ['tsc', '-p', 'tsconfig.build.json']);
step('prebuilt PGlite data directory', process.execPath, ['scripts/prebuilt-pglite.mjs', '--if-missing']);
try {
  const stillMissing = ensureSystemPackages();
  if (stillMissing.length > 0) console.error(`warning: tests that need ${stillMissing.map((p) => p.pkg).join(', ')} will fail`);
} catch (error) {
  console.error(`npm test: ${error.message}`);
  process.exit(1);
}
const tests = findTests(join(root, 'test'))
  .filter((t) => filter.length === 0 || filter.some((f) => t.includes(f)))
  .sort();
const tempBefore = tempEntries();
const loopbackBefore = extraLoopbackAddresses();
let status = run(
  `tests (${tests.length} files)`,
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-timeout=240000', '--test-reporter=spec', ...tests],
  {
    env: { ...process.env, NO_COLOR: '1', LAUNCHREADY_TEST: '1' },
  },
);

// Each test process deletes the addresses it added and the temp dirs it made; say loudly when one did not. Nothing is
// deleted here: what appeared during the run may belong to someone else's process.
const leftAddresses = [...extraLoopbackAddresses()].filter((a) => !loopbackBefore.has(a));
if (leftAddresses.length > 0) {
  console.error(`\n!! npm test: the run left ${leftAddresses.length} loopback address(es) on lo (a test process was killed before its exit hook?):`);
  console.error(`!!   ${leftAddresses.map((a) => `ip addr del ${a}/32 dev lo`).join('; ')}`);
  status ||= 1;
}
const leftDirs = [...tempEntries()].filter((n) => !tempBefore.has(n));
if (leftDirs.length > 0) {
  console.error(`\n!! npm test: the run left ${leftDirs.length} launchready-* temp dir(s) in ${tmpdir()} (a test or harness does not clean up):`);
  for (const n of leftDirs.slice(0, 30)) console.error(`!!   ${join(tmpdir(), n)}`);
  status ||= 1;
}
if (leftAddresses.length === 0 && leftDirs.length === 0) console.error(`== cleanup: no launchready-* temp dir left in ${tmpdir()}, no loopback address left on lo`);
process.exit(status);

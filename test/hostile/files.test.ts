// Inputs that are not regular files (a symlink to /dev/zero, a FIFO, a directory, a huge file) and planted symlinks
// at output paths: every run ends promptly, in bounded memory, with exit 2 and one line naming the file, and writes
// nothing through a link.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { type BoundedRun, runCliBounded } from '../support/cli-bounded.js';

const MAX_MS = 10_000;
const MAX_MIB = 300;

const root = mkdtempSync(join(tmpdir(), 'launchready-files-'));
const zero = join(root, 'zero');
symlinkSync('/dev/zero', zero);
const fifo = join(root, 'fifo');
execFileSync('mkfifo', [fifo]);

function assertBoundedUsageError(r: BoundedRun, names: string): void {
  assert.equal(r.timedOut, false, `finished within ${MAX_MS} ms`);
  assert.ok(r.ms < MAX_MS, `took ${r.ms} ms`);
  assert.ok(r.peakMiB < MAX_MIB, `peak RSS ${r.peakMiB} MiB`);
  assert.equal(r.code, 2, `exit 2; stderr: ${r.stderr}`);
  const lines = r.stderr.split('\n').filter(Boolean);
  assert.equal(lines.length, 1, r.stderr);
  assert.ok(lines[0]?.includes(names), `names ${names}: ${lines[0]}`);
}

describe('special files as inputs', () => {
  after(() => rmSync(root, { recursive: true, force: true }));

  for (const [label, path] of [
    ['a symlink to /dev/zero', zero],
    ['a FIFO', fifo],
  ] as const) {
    for (const flag of ['--config', '--baseline', '--from-facts', '--ca-file']) {
      it(`${flag} is ${label}`, async () => {
        const r = await runCliBounded(['audit', '--no-repo', '--url', 'http://127.0.0.1:9/', flag, path], { cwd: root, timeoutMs: MAX_MS + 5000 });
        assertBoundedUsageError(r, path);
        assert.ok(r.stderr.includes(flag) || flag === '--config', r.stderr);
      });
    }
  }

  for (const [label, make] of [
    ['a symlink to /dev/zero', (p: string) => symlinkSync('/dev/zero', p)],
    ['a FIFO', (p: string) => execFileSync('mkfifo', [p])],
  ] as const) {
    it(`launchready.yml in the current directory is ${label}`, async () => {
      const cwd = mkdtempSync(join(root, 'cwd-'));
      make(join(cwd, 'launchready.yml'));
      const r = await runCliBounded(['audit', '--no-repo'], { cwd, timeoutMs: MAX_MS + 5000 });
      assertBoundedUsageError(r, 'launchready.yml');
    });
  }

  it('a facts file far over the memory budget is refused before parsing', async () => {
    const big = join(root, 'big.json');
    writeFileSync(big, '{"schemaVersion":1,"pad":"');
    truncateSync(big, 200 * 1024 * 1024); // sparse: costs no disk
    const r = await runCliBounded(['audit', '--from-facts', big], { cwd: root, timeoutMs: MAX_MS + 5000 });
    assertBoundedUsageError(r, '--from-facts');
    assert.match(r.stderr, /larger than 64 MiB/);
  });
});

describe('repository files that are not regular files', () => {
  it('.launchreadyignore and .gitignore as FIFOs, a FIFO and a /dev/zero link among the files: the repo audit ends', async () => {
    const repo = mkdtempSync(join(tmpdir(), 'launchready-fifo-repo-'));
    try {
      execFileSync('mkfifo', [join(repo, '.launchreadyignore'), join(repo, '.gitignore'), join(repo, 'config.js')]);
      symlinkSync('/dev/zero', join(repo, 'app.js'));
      writeFileSync(join(repo, 'server.js'), 'const key = process.env.API_KEY;\n');
      const r = await runCliBounded(['audit', '--repo', repo, '--only', 'repo', '--format', 'json'], { timeoutMs: 60_000 });
      assert.equal(r.timedOut, false);
      assert.ok(r.peakMiB < MAX_MIB, `peak RSS ${r.peakMiB} MiB`);
      assert.ok(r.code === 0 || r.code === 1, `exit ${r.code}: ${r.stderr}`);
      const report = JSON.parse(r.stdout) as { checks: { id: string; status: string }[] };
      assert.equal(report.checks.find((c) => c.id === 'secrets.hardcoded')?.status, 'passed');
    } finally {
      rmSync(repo, { recursive: true, force: true });
    }
  });
});

describe('planted symlinks at output paths', () => {
  const work = mkdtempSync(join(tmpdir(), 'launchready-planted-'));
  const important = join(work, 'important.txt');
  const cwd = join(work, 'checkout');
  after(() => rmSync(work, { recursive: true, force: true }));

  const reset = () => {
    writeFileSync(important, 'do not overwrite\n');
    rmSync(cwd, { recursive: true, force: true });
    mkdirSync(cwd);
    writeFileSync(join(cwd, 'server.js'), 'console.log(1);\n');
  };

  for (const flag of ['--out', '--save-facts']) {
    it(`${flag} report.json -> ../important.txt is refused and the target is unchanged`, async () => {
      reset();
      symlinkSync('../important.txt', join(cwd, 'report.json'));
      const r = await runCliBounded(['audit', '--repo', '.', '--only', 'repo', flag, 'report.json'], { cwd, timeoutMs: 60_000 });
      assert.equal(readFileSync(important, 'utf8'), 'do not overwrite\n');
      assert.equal(r.code, 2, r.stderr);
      const lines = r.stderr.split('\n').filter(Boolean);
      assert.equal(lines.length, 1, r.stderr);
      assert.match(lines[0] ?? '', new RegExp(`${flag} .*report\\.json is a symbolic link`));
    });
  }

  it('init --force with launchready.yml -> ../important.txt is refused', async () => {
    reset();
    symlinkSync('../important.txt', join(cwd, 'launchready.yml'));
    const r = await runCliBounded(['init', '--force'], { cwd, timeoutMs: 30_000 });
    assert.equal(readFileSync(important, 'utf8'), 'do not overwrite\n');
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /launchready\.yml is a symbolic link/);
  });

  it('demo with a committed launchready-report.html -> ../important.txt leaves the target unchanged', async () => {
    reset();
    symlinkSync('../important.txt', join(cwd, 'launchready-report.html'));
    const r = await runCliBounded(['demo', '--format', 'json'], { cwd, timeoutMs: 120_000 });
    assert.equal(readFileSync(important, 'utf8'), 'do not overwrite\n');
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /launchready-report\.html is a symbolic link/);
  });
});

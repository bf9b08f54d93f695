// A stdout that fails (closed pipe, full disk) ends the run with exit 2 and one stderr line: a gate must not read it as 0 or 1.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { BIN } from '../support/cli.js';

function run(args: string[], stdout: 'closed-pipe' | number): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', stdout === 'closed-pipe' ? 'pipe' : stdout, 'pipe'] });
    // close our end before the child writes anything: its first write gets EPIPE
    if (stdout === 'closed-pipe') child.stdout?.destroy();
    let stderr = '';
    child.stderr?.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`timed out; stderr: ${stderr}`));
    }, 30_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

describe('stdout failures exit 2 with one line', () => {
  it('EPIPE: `launchready checks --format json` into a pipe closed early', async () => {
    const r = await run(['checks', '--format', 'json'], 'closed-pipe');
    assert.equal(r.code, 2, r.stderr);
    assert.equal(r.stderr.split('\n').filter(Boolean).length, 1, r.stderr);
    assert.match(r.stderr, /EPIPE/);
  });

  it('ENOSPC: the report written to /dev/full', { skip: !existsSync('/dev/full') && 'no /dev/full' }, async () => {
    const fd = openSync('/dev/full', 'w');
    const repo = mkdtempSync(join(tmpdir(), 'launchready-enospc-'));
    try {
      writeFileSync(join(repo, 'server.js'), 'console.log(1);\n');
      for (const args of [
        ['checks', '--format', 'json'],
        ['audit', '--repo', repo, '--only', 'repo', '--format', 'json'],
      ]) {
        const r = await run(args, fd);
        assert.equal(r.code, 2, r.stderr);
        assert.equal(r.stderr.split('\n').filter(Boolean).length, 1, r.stderr);
        assert.match(r.stderr, /no space left on device \(ENOSPC\)/);
        assert.doesNotMatch(r.stderr, /internal error|\n\s+at /);
      }
    } finally {
      closeSync(fd);
      rmSync(repo, { recursive: true, force: true });
    }
  });
});

// The test harnesses clean up after themselves: loopback addresses they added and temp dirs they made are gone when a
// test process ends, even one that crashed, and what was there before is left alone.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { describe, it } from 'node:test';
import { ensureLoopbackAddress, loopbackAddresses } from '../support/loopback.ts';
import { startNginx } from '../support/nginx.ts';

const support = (name: string) => new URL(`../support/${name}`, import.meta.url).href;

/** Runs an ESM snippet in a fresh node process (with tsx), as a test file would run; returns its stdout lines. */
function runChild(code: string): { status: number | null; lines: string[]; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { encoding: 'utf8', timeout: 30_000 });
  return { status: r.status, lines: r.stdout.trim().split('\n').filter(Boolean), stderr: r.stderr };
}

const isRoot = process.getuid?.() === 0;

describe('test harness cleanup', () => {
  it('deletes the loopback addresses a test process added when it exits, even after a crash, and never one that was there', { skip: !isRoot && 'needs root for ip addr' }, () => {
    const ours = '127.0.29.201';
    const preexisting = '127.0.29.202';
    assert.ok(!loopbackAddresses().includes(ours), `${ours} is free before the test`);
    const hadPreexisting = loopbackAddresses().includes(preexisting);
    if (!hadPreexisting) execFileSync('ip', ['addr', 'add', `${preexisting}/32`, 'dev', 'lo']);
    try {
      const r = runChild(
        `import { ensureLoopbackAddress, loopbackAddresses } from ${JSON.stringify(support('loopback.ts'))};
         ensureLoopbackAddress('${ours}'); ensureLoopbackAddress('${preexisting}');
         console.log(loopbackAddresses().join(' '));
         throw new Error('crash');`,
      );
      assert.notEqual(r.status, 0, 'the child crashed');
      assert.match(r.lines[0] ?? '', new RegExp(ours.replaceAll('.', '\\.')), 'the child had added its address');
      const after = loopbackAddresses();
      assert.ok(!after.includes(ours), `${ours} was removed at exit; lo has ${after.join(' ')}`);
      assert.ok(after.includes(preexisting), `${preexisting} was there before and stays`);
    } finally {
      if (!hadPreexisting) execFileSync('ip', ['addr', 'del', `${preexisting}/32`, 'dev', 'lo']);
    }
  });

  it('a test server whose port is taken fails with one line naming the process that holds it, and stops nothing', async () => {
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.11.250', resolve));
    const port = (holder.address() as { port: number }).port;
    try {
      await assert.rejects(startNginx({ servers: [{ listen: [`127.0.11.250:${port}`] }] }), (error: Error) => {
        assert.doesNotMatch(error.message, /\n/);
        assert.match(error.message, new RegExp(`127\\.0\\.11\\.250:${port}/tcp: node \\(pid ${process.pid}\\) listening on 127\\.0\\.11\\.250:${port}`));
        return true;
      });
      assert.ok(holder.listening, 'the holder was left alone');
    } finally {
      await new Promise((resolve) => holder.close(resolve));
    }
  });

  it('refuses addresses outside 127.0.0.0/8', () => {
    assert.throws(() => ensureLoopbackAddress('10.0.0.1'), /127\.0\.0\.0\/8 only/);
  });

  it('removes temp dirs made by makeTempDir or registered by a harness when the process exits after a crash', () => {
    const r = runChild(
      `import { mkdtempSync } from 'node:fs';
       import { tmpdir } from 'node:os';
       import { join } from 'node:path';
       import { makeTempDir, removeTempDirOnExit } from ${JSON.stringify(support('temp-dir.ts'))};
       const harness = mkdtempSync(join(tmpdir(), 'launchready-harness-'));
       removeTempDirOnExit(harness);
       console.log(makeTempDir('cleanup-test'));
       console.log(harness);
       throw new Error('crash');`,
    );
    assert.notEqual(r.status, 0, 'the child crashed');
    assert.equal(r.lines.length, 2, r.stderr);
    for (const dir of r.lines) assert.ok(!existsSync(dir), `${dir} removed at exit`);
  });
});

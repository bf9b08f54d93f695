// The one reader: byte caps that do not trust stat, regular files only, no symlink for repository files; both forms alike.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { readRegularFile, readRegularFileSync, type SafeFileError } from '../src/safe-file.ts';
import { makeTempDir, removeTempDirs } from './support/temp-dir.ts';

after(removeTempDirs);

const dir = makeTempDir('safe-file');
const small = join(dir, 'small.txt');
writeFileSync(small, 'hello');
const big = join(dir, 'big.bin');
writeFileSync(big, Buffer.alloc(3 * 1024 * 1024 + 7, 1));
const fifo = join(dir, 'pipe');
execFileSync('mkfifo', [fifo]);
const link = join(dir, 'link.txt');
symlinkSync(small, link);
const zero = join(dir, 'zero');
symlinkSync('/dev/zero', zero);

const readers = {
  sync: (path: string, options: Parameters<typeof readRegularFileSync>[1]) => Promise.resolve().then(() => readRegularFileSync(path, options)),
  async: readRegularFile,
};

for (const [name, read] of Object.entries(readers)) {
  describe(`safe reader (${name})`, () => {
    it('reads a small file and a file of several chunks whole', async () => {
      assert.equal((await read(small, { maxBytes: 100 })).toString(), 'hello');
      assert.equal((await read(big, { maxBytes: 4 * 1024 * 1024 })).length, 3 * 1024 * 1024 + 7);
    });

    it('refuses a file past the cap, or returns its first maxBytes when truncating', async () => {
      await assert.rejects(read(big, { maxBytes: 1024 * 1024 }), (e: SafeFileError) => e.problem === 'too-large' && e.bytes === 1024 * 1024 + 1);
      const head = await read(big, { maxBytes: 1024 * 1024 + 3, truncate: true });
      assert.equal(head.length, 1024 * 1024 + 3);
      assert.equal((await read(small, { maxBytes: 3, truncate: true })).toString(), 'hel');
    });

    it('refuses FIFOs and devices at once, and symlinks when not following', async () => {
      await assert.rejects(read(fifo, { maxBytes: 10 }), (e: SafeFileError) => e.problem === 'not-regular' && /FIFO/.test(e.message));
      await assert.rejects(read(zero, { maxBytes: 10 }), (e: SafeFileError) => e.problem === 'not-regular' && /character device/.test(e.message));
      await assert.rejects(read(link, { maxBytes: 10, follow: false }), (e: SafeFileError) => e.problem === 'symlink');
      assert.equal((await read(link, { maxBytes: 10 })).toString(), 'hello');
      await assert.rejects(read(join(dir, 'missing'), { maxBytes: 10 }), (e: SafeFileError) => e.problem === 'not-found');
    });
  });
}

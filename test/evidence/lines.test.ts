import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { forEachLine, formatSize, openEvidenceStream } from '../../src/evidence/lines.ts';

const dir = mkdtempSync(join(tmpdir(), 'lr-evidence-lines-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A stream that hands the text over in chunks of `size` bytes, so lines straddle chunk boundaries. */
function chunked(text: string, size: number): Readable {
  const buf = Buffer.from(text);
  const parts: Buffer[] = [];
  for (let i = 0; i < buf.length; i += size) parts.push(buf.subarray(i, i + size));
  return Readable.from(parts);
}

async function collect(stream: Readable, maxLineBytes = 64): Promise<{ lines: string[]; stats: Awaited<ReturnType<typeof forEachLine>> }> {
  const lines: string[] = [];
  const stats = await forEachLine(stream, (l) => void lines.push(l), { maxLineBytes });
  return { lines, stats };
}

describe('bounded line reading', () => {
  it('splits the same way whatever the chunk size: CRLF, empty lines, no final newline, multibyte characters', async () => {
    const text = 'alpha\r\nbeta\n\ngamma é ü 😀\nlast';
    for (const size of [1, 2, 3, 5, 7, 64, 1 << 20]) {
      const { lines, stats } = await collect(chunked(text, size));
      assert.deepEqual(lines, ['alpha', 'beta', '', 'gamma é ü 😀', 'last'], `chunk ${size}`);
      assert.equal(stats.tooLong, 0);
      assert.equal(stats.bytes, Buffer.byteLength(text));
    }
  });

  it('skips lines over the cap without handing them over, inside one chunk or across many', async () => {
    const long = 'x'.repeat(200);
    const text = `a\n${long}\nb\n${long}`;
    for (const size of [1, 10, 50, 1000]) {
      const { lines, stats } = await collect(chunked(text, size));
      assert.deepEqual(lines, ['a', 'b'], `chunk ${size}`);
      assert.equal(stats.tooLong, 2, `chunk ${size}`);
    }
    // the cap counts bytes, not characters
    const { stats } = await collect(chunked(`${'é'.repeat(40)}\nok\n`, 7));
    assert.equal(stats.tooLong, 1);
  });

  it('stops when the callback says so, and at maxBytes (a gzip bomb reads no further)', async () => {
    const seen: string[] = [];
    await forEachLine(chunked('1\n2\n3\n4\n', 3), (l) => {
      seen.push(l);
      return l !== '2';
    });
    assert.deepEqual(seen, ['1', '2']);
    const bomb = join(dir, 'bomb.log.gz');
    writeFileSync(bomb, gzipSync(Buffer.from('line of text\n'.repeat(2_000_000))));
    const stats = await forEachLine(openEvidenceStream(bomb), () => undefined, { maxBytes: 1024 * 1024 });
    assert.equal(stats.truncated, true);
    assert.ok(stats.bytes <= 1024 * 1024);
    assert.ok(stats.lines < (1024 * 1024) / 13 + 1);
  });

  it('formats sizes for errors', () => {
    assert.equal(formatSize(512 * 1024 * 1024), '512 MiB');
    assert.equal(formatSize(1500), '2 KiB');
  });
});

// Fixed-width layout: wrapping and tables never exceed the width, whatever the cell contents.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { table, textWidth, wrap } from '../../src/report/formats/text-layout.ts';

describe('text layout', () => {
  it('never breaks inside a number and its unit, nor inside "1 min 59 s"', () => {
    const text = 'grade D (score 58/100) · target https://app.example · ran in 1 min 59 s, 12 KiB read at 5 req/s';
    for (let width = 14; width <= 90; width++) {
      const lines = wrap(text, width, '  ');
      const joined = lines.join('\n');
      assert.doesNotMatch(joined, /\d\n|\n\s*(?:min|s|KiB|req\/s)\b|min\n\s*\d/, `width ${width}:\n${joined}`);
      assert.ok(
        lines.every((l) => textWidth(l) <= width),
        `width ${width}`,
      );
      assert.equal(joined.replace(/\s+/g, ''), text.replace(/\s+/g, ''), 'nothing lost');
    }
  });

  it('wraps words with first-line and continuation prefixes', () => {
    assert.deepEqual(wrap('the quick brown fox jumps over the lazy dog', 16, '- ', '  '), ['- the quick', '  brown fox', '  jumps over the', '  lazy dog']);
    assert.deepEqual(wrap('', 10, '> '), ['> ']);
  });

  it('cuts words longer than the line instead of overflowing', () => {
    const lines = wrap(`see https://example.test/${'a'.repeat(50)} now`, 20, '  ');
    for (const l of lines) assert.ok(textWidth(l) <= 20, l);
    assert.equal(lines.join('').replace(/\s/g, ''), `seehttps://example.test/${'a'.repeat(50)}now`);
  });

  it('shrinks the widest columns until the table fits, marking cut cells with …', () => {
    const rows = [
      ['DATABASE_URL', 'src/db.ts:3, src/jobs/worker.ts:19, scripts/migrate.ts:4', '.env.example'],
      ['X', 'y', 'z'],
    ];
    for (const width of [30, 50, 80]) {
      const out = table(['name', 'read in', 'documented in'], rows, width, { indent: '  ' });
      for (const l of out) assert.ok(textWidth(l) <= width, `${width}: ${l}`);
      assert.equal(out.length, 4);
    }
    const narrow = table(['name', 'read in', 'documented in'], rows, 40);
    assert.match(narrow[2] ?? '', /…/);
  });

  it('right-aligns numeric columns and strips control characters from cells', () => {
    const out = table(
      ['route', 'p95'],
      [
        ['GET /a', '7'],
        ['GET /b\u001b[31m', '1234'],
      ],
      40,
      { right: [1] },
    );
    assert.deepEqual(out, ['route        p95', '──────────  ────', 'GET /a         7', 'GET /b[31m  1234']);
  });

  it('degrades to tiny columns rather than overflowing a very narrow terminal', () => {
    const out = table(['a', 'b', 'c', 'd'], [['aaaa', 'bbbb', 'cccc', 'dddd']], 12);
    for (const l of out) assert.ok(textWidth(l) <= 12, l);
  });
});

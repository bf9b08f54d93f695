// One width rule for every command's terminal output: the terminal's columns, else $COLUMNS, else 80.
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';
import { DEFAULT_WIDTH, outputWidth } from '../../src/cli/io.ts';

const stream = (tty: boolean, columns?: number) => Object.assign(new PassThrough(), { isTTY: tty, columns });

describe('outputWidth', () => {
  it('is 80 for a pipe, whatever the command', () => {
    assert.equal(DEFAULT_WIDTH, 80);
    assert.equal(outputWidth(stream(false), {}), 80);
  });
  it('follows the terminal, then $COLUMNS, within 60..160', () => {
    assert.equal(outputWidth(stream(true, 132), { COLUMNS: '90' }), 132);
    assert.equal(outputWidth(stream(false), { COLUMNS: '100' }), 100);
    assert.equal(outputWidth(stream(false), { COLUMNS: 'wide' }), 80);
    assert.equal(outputWidth(stream(true, 20), {}), 60);
    assert.equal(outputWidth(stream(false), { COLUMNS: '9999' }), 160);
  });
});

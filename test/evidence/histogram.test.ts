import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HISTOGRAM_RELATIVE_ERROR, LogHistogram } from '../../src/evidence/histogram.ts';
import { rand } from './generate.ts';

function exactQuantile(sorted: number[], q: number): number {
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)]!;
}

describe('log histogram', () => {
  it('answers quantiles within 1% of the exact value over six decades', () => {
    assert.ok(HISTOGRAM_RELATIVE_ERROR <= 0.01);
    const h = new LogHistogram();
    const values: number[] = [];
    for (let i = 0; i < 100_000; i++) {
      // log-uniform between 0.01 ms and 10 s, plus a heavy tail
      const v = 10 ** (-2 + rand() * 6) * (rand() < 0.01 ? 3 : 1);
      values.push(v);
      h.record(v);
    }
    values.sort((a, b) => a - b);
    for (const q of [0.01, 0.1, 0.5, 0.9, 0.95, 0.99, 0.999]) {
      const exact = exactQuantile(values, q);
      const got = h.quantile(q)!;
      assert.ok(Math.abs(got - exact) / exact <= 0.01, `q${q}: ${got} vs ${exact}`);
    }
    assert.equal(h.quantile(1), values[values.length - 1]);
    assert.equal(h.quantile(0), values[0]);
    assert.equal(h.count, 100_000);
  });

  it('handles zeros, a single value, empty and invalid input, and merges', () => {
    const empty = new LogHistogram();
    assert.equal(empty.quantile(0.5), null);
    assert.equal(empty.mean(), null);
    const h = new LogHistogram();
    h.record(0);
    h.record(0);
    h.record(250);
    h.record(Number.NaN);
    h.record(-1);
    assert.equal(h.count, 3);
    assert.equal(h.quantile(0.5), 0);
    assert.ok(Math.abs(h.quantile(0.99)! - 250) / 250 <= 0.01);
    const other = new LogHistogram();
    for (let i = 0; i < 97; i++) other.record(1e6);
    h.merge(other);
    assert.equal(h.count, 100);
    assert.ok(Math.abs(h.quantile(0.5)! - 1e6) / 1e6 <= 0.01);
    assert.equal(h.max, 1e6);
  });
});

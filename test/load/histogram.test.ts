// The HdrHistogram-layout latency histogram: every percentile within 0.1% of the exact nearest-rank value.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HIGHEST_TRACKABLE_US, LatencyHistogram } from '../../src/load/histogram.ts';

/** Exact nearest-rank percentile of sorted values, HdrHistogram's definition. */
function exact(sorted: number[], percentile: number): number {
  const rank = Math.max(1, Math.ceil((percentile / 100) * sorted.length));
  return sorted[rank - 1] as number;
}

/** Deterministic pseudo-random source so a failure can be replayed. */
function lcg(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

describe('latency histogram', () => {
  it('answers every percentile within 0.1% over six orders of magnitude', () => {
    const random = lcg(42);
    const h = new LatencyHistogram();
    const values: number[] = [];
    for (let i = 0; i < 50_000; i++) {
      // log-uniform from 1 µs to ~20 min, the span of real latencies
      const v = Math.round(Math.exp(random() * Math.log(1.2e9)));
      values.push(v);
      h.recordMicros(v);
    }
    values.sort((a, b) => a - b);
    assert.equal(h.count, values.length);
    for (const p of [0, 1, 10, 25, 50, 75, 90, 95, 99, 99.9, 99.99]) {
      const want = exact(values, p);
      const got = h.percentileMicros(p) as number;
      assert.ok(got >= want && got - want <= Math.max(1, want / 1000), `p${p}: ${got} vs exact ${want}`);
    }
    assert.equal(h.percentileMicros(100), values.at(-1));
    assert.equal(h.maxMicros(), values.at(-1));
    assert.equal(h.minMicros(), values[0]);
  });

  it('keeps small values exact and clamps the untrackable', () => {
    const h = new LatencyHistogram();
    for (const v of [0, 1, 2, 3, 1999, 2047]) h.recordMicros(v);
    assert.deepEqual(
      [0, 20, 40, 60, 80, 100].map((p) => h.percentileMicros(p)),
      [0, 1, 2, 3, 1999, 2047],
    );
    h.recordMicros(HIGHEST_TRACKABLE_US * 10);
    h.recordMicros(-5);
    assert.equal(h.maxMicros(), HIGHEST_TRACKABLE_US);
    assert.equal(h.minMicros(), 0);
  });

  it('is empty until something is recorded, and adds histograms', () => {
    const a = new LatencyHistogram();
    assert.equal(a.percentileMicros(50), null);
    assert.equal(a.maxMicros(), null);
    const b = new LatencyHistogram();
    for (let i = 1; i <= 100; i++) (i % 2 ? a : b).recordMicros(i * 1000);
    a.add(b);
    assert.equal(a.count, 100);
    assert.equal(a.percentileMicros(50), 50_015);
    assert.equal(a.percentileMicros(100), 100_000);
  });
});

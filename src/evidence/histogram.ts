// A log-bucketed latency histogram (the DDSketch idea): bucket i holds values in (γ^(i-1), γ^i], a quantile answers
// with the bucket's midpoint, so every answer is within (γ-1)/(γ+1) of the true value (0.75% for γ = 1.015).
const GAMMA = 1.015;
const LOG_GAMMA = Math.log(GAMMA);
/** Values at or below this (in the caller's unit, e.g. 1 µs for milliseconds) count as zero. */
const MIN_VALUE = 1e-3;
export const HISTOGRAM_RELATIVE_ERROR = (GAMMA - 1) / (GAMMA + 1);

export interface HistogramSnapshot {
  count: number;
  min: number;
  max: number;
  sum: number;
  /** Bucket index offset and counts: enough to rebuild or merge. */
  offset: number;
  counts: number[];
  zeros: number;
}

export class LogHistogram {
  count = 0;
  sum = 0;
  min = Number.POSITIVE_INFINITY;
  max = Number.NEGATIVE_INFINITY;
  private zeros = 0;
  private offset = 0;
  private counts: Uint32Array = new Uint32Array(0);

  record(value: number): void {
    if (!(value >= 0) || value === Number.POSITIVE_INFINITY) return;
    this.count++;
    this.sum += value;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
    if (value <= MIN_VALUE) {
      this.zeros++;
      return;
    }
    const index = Math.ceil(Math.log(value) / LOG_GAMMA);
    this.bump(index, 1);
  }

  private bump(index: number, by: number): void {
    const counts = this.counts;
    if (counts.length === 0) {
      this.offset = index - 16;
      this.counts = new Uint32Array(64);
    } else if (index < this.offset || index >= this.offset + counts.length) {
      // grow to cover the new index with some slack, keeping the old counts in place
      const low = Math.min(this.offset, index - 16);
      const high = Math.max(this.offset + counts.length, index + 17);
      const grown = new Uint32Array(high - low);
      grown.set(counts, this.offset - low);
      this.offset = low;
      this.counts = grown;
    }
    this.counts[index - this.offset]! += by;
  }

  /** The value at quantile q (0..1) by nearest rank, or null when empty. Exact for min and max. */
  quantile(q: number): number | null {
    if (this.count === 0) return null;
    if (q <= 0) return this.min;
    if (q >= 1) return this.max;
    const rank = Math.max(1, Math.ceil(q * this.count));
    if (rank <= this.zeros) return this.min;
    let seen = this.zeros;
    for (let i = 0; i < this.counts.length; i++) {
      seen += this.counts[i]!;
      if (seen >= rank) {
        const index = i + this.offset;
        const mid = (2 * GAMMA ** index) / (GAMMA + 1);
        return Math.min(this.max, Math.max(this.min, mid));
      }
    }
    return this.max;
  }

  mean(): number | null {
    return this.count === 0 ? null : this.sum / this.count;
  }

  merge(other: LogHistogram): void {
    if (other.count === 0) return;
    this.count += other.count;
    this.sum += other.sum;
    this.min = Math.min(this.min, other.min);
    this.max = Math.max(this.max, other.max);
    this.zeros += other.zeros;
    for (let i = 0; i < other.counts.length; i++) if (other.counts[i]) this.bump(i + other.offset, other.counts[i]!);
  }
}

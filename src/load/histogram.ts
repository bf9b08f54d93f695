// HdrHistogram's bucket layout (Gil Tene's algorithm) for latencies in microseconds, 3 significant digits, zero
// dependencies: hdr-histogram-js would bring pako, base64-js and a WASM loader for log encoding we never use.
// Any value is reported within 0.1% of its true value (the same guarantee and the same answers as HdrHistogram).

const SIGNIFICANT_DIGITS = 3;
/** Values above this (1 hour in µs) are clamped to it: a latency past the run's own bounds cannot happen anyway. */
export const HIGHEST_TRACKABLE_US = 3_600_000_000;

const largestSingleUnit = 2 * 10 ** SIGNIFICANT_DIGITS;
const subBucketCountMagnitude = Math.ceil(Math.log2(largestSingleUnit));
const subBucketHalfCountMagnitude = subBucketCountMagnitude - 1;
const subBucketCount = 2 ** subBucketCountMagnitude;
const subBucketHalfCount = subBucketCount / 2;

function bucketsNeeded(highest: number): number {
  let smallestUntrackable = subBucketCount;
  let buckets = 1;
  while (smallestUntrackable <= highest) {
    smallestUntrackable *= 2;
    buckets++;
  }
  return buckets;
}

const bucketCount = bucketsNeeded(HIGHEST_TRACKABLE_US);
const countsLength = (bucketCount + 1) * subBucketHalfCount;

/** Number of bits needed for a non-negative integer below 2^53 (JS bit operators stop at 32 bits). */
function bitLength(value: number): number {
  if (value < 0x1_0000_0000) return 32 - Math.clz32(value);
  return 32 + bitLength(Math.floor(value / 0x1_0000_0000));
}

function bucketIndexOf(value: number): number {
  // HdrHistogram: bitLength(value | subBucketMask) - (subBucketHalfCountMagnitude + 1), without 32-bit operators
  return Math.max(bitLength(value), subBucketCountMagnitude) - (subBucketHalfCountMagnitude + 1);
}

function countsIndexOf(value: number): number {
  const bucketIndex = bucketIndexOf(value);
  const subBucketIndex = Math.floor(value / 2 ** bucketIndex);
  return ((bucketIndex + 1) << subBucketHalfCountMagnitude) + (subBucketIndex - subBucketHalfCount);
}

function bucketOfIndex(index: number): { bucketIndex: number; subBucketIndex: number } {
  let bucketIndex = (index >> subBucketHalfCountMagnitude) - 1;
  let subBucketIndex = (index & (subBucketHalfCount - 1)) + subBucketHalfCount;
  if (bucketIndex < 0) {
    subBucketIndex -= subBucketHalfCount;
    bucketIndex = 0;
  }
  return { bucketIndex, subBucketIndex };
}

/** Largest value that shares the counts slot at `index` (HdrHistogram reports percentiles this way). */
function highestEquivalentAt(index: number): number {
  const { bucketIndex, subBucketIndex } = bucketOfIndex(index);
  const lowest = subBucketIndex * 2 ** bucketIndex;
  const size = subBucketIndex >= subBucketCount ? 2 ** (bucketIndex + 1) : 2 ** bucketIndex;
  return lowest + size - 1;
}

export class LatencyHistogram {
  private readonly counts = new Float64Array(countsLength);
  private total = 0;
  private min = Number.POSITIVE_INFINITY;
  private max = 0;

  get count(): number {
    return this.total;
  }

  /** Record one latency in microseconds (fractions are rounded; negatives count as 0). */
  recordMicros(micros: number): void {
    const value = Math.min(HIGHEST_TRACKABLE_US, Math.max(0, Math.round(micros)));
    this.counts[countsIndexOf(value)]! += 1;
    this.total++;
    if (value > this.max) this.max = value;
    if (value < this.min) this.min = value;
  }

  /** Add every count of another histogram (ramp steps to a route total). */
  add(other: LatencyHistogram): void {
    for (let i = 0; i < countsLength; i++) this.counts[i]! += other.counts[i]!;
    this.total += other.total;
    if (other.max > this.max) this.max = other.max;
    if (other.min < this.min) this.min = other.min;
  }

  /** Value at a percentile (0..100) in microseconds, nearest-rank like HdrHistogram; null when empty. */
  percentileMicros(percentile: number): number | null {
    if (this.total === 0) return null;
    const requested = Math.min(Math.max(percentile, 0), 100);
    if (requested === 100) return this.max;
    const rank = Math.max(1, Math.ceil((requested / 100) * this.total));
    let seen = 0;
    for (let i = 0; i < countsLength; i++) {
      seen += this.counts[i]!;
      if (seen >= rank) return Math.min(highestEquivalentAt(i), this.max);
    }
    return this.max;
  }

  /** Exact largest recorded value in microseconds; null when empty. */
  maxMicros(): number | null {
    return this.total === 0 ? null : this.max;
  }

  minMicros(): number | null {
    return this.total === 0 ? null : this.min;
  }
}

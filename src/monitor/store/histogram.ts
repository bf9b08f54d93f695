// Response-time histogram with log-spaced buckets: mergeable across rows, so hour roll-ups and long windows get
// p50/p95 without the raw results. Bucket i >= 1 holds [GROWTH^(i-1), GROWTH^i) ms and reports its geometric middle,
// so a quantile read from it is within GROWTH^0.5 - 1 (4.9%) of the true nearest-rank value; bucket 0 holds [0, 1) ms.

const HISTOGRAM_GROWTH = 1.1;
/** Relative error bound of a histogram quantile (values of 1 ms and more). */
export const HISTOGRAM_RELATIVE_ERROR = Math.sqrt(HISTOGRAM_GROWTH) - 1;
const LOG_GROWTH = Math.log(HISTOGRAM_GROWTH);
/** 1.1^250 ms is beyond any timeout: larger values share the last bucket. */
const MAX_BUCKET = 250;

export type Histogram = Map<number, number>;

function bucketOf(ms: number): number {
  if (!(ms >= 1)) return 0;
  let i = Math.floor(Math.log(ms) / LOG_GROWTH) + 1;
  // floating point can put an exact power of GROWTH one bucket off; settle it against the bounds
  if (ms < HISTOGRAM_GROWTH ** (i - 1)) i -= 1;
  else if (ms >= HISTOGRAM_GROWTH ** i) i += 1;
  return Math.min(Math.max(i, 1), MAX_BUCKET);
}

function bucketMiddle(i: number): number {
  return i === 0 ? 0.5 : HISTOGRAM_GROWTH ** (i - 0.5);
}

export function addToHistogram(h: Histogram, ms: number, count = 1): void {
  const b = bucketOf(ms);
  h.set(b, (h.get(b) ?? 0) + count);
}

export function mergeHistograms(into: Histogram, from: Histogram): void {
  for (const [b, n] of from) into.set(b, (into.get(b) ?? 0) + n);
}

/** Nearest-rank quantile estimate, clamped into [min, max] of the data. */
export function histogramQuantile(h: Histogram, q: number, min: number, max: number): number | null {
  let total = 0;
  for (const n of h.values()) total += n;
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(q * total));
  let seen = 0;
  for (const b of [...h.keys()].sort((a, c) => a - c)) {
    seen += h.get(b)!;
    if (seen >= rank) return Math.min(max, Math.max(min, bucketMiddle(b)));
  }
  return max;
}

/** Exact nearest-rank quantile of sorted values. */
export function exactQuantile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.max(1, Math.ceil(q * sorted.length)) - 1]!;
}

/** Compact text form stored in a column: "bucket:count,...". */
export function serializeHistogram(h: Histogram): string {
  return [...h.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([b, n]) => `${b}:${n}`)
    .join(',');
}

export function parseHistogram(text: string | null | undefined): Histogram {
  const h: Histogram = new Map();
  if (!text) return h;
  for (const pair of text.split(',')) {
    const [b, n] = pair.split(':').map(Number);
    if (Number.isInteger(b) && Number.isInteger(n) && b! >= 0 && b! <= MAX_BUCKET && n! > 0) h.set(b!, (h.get(b!) ?? 0) + n!);
  }
  return h;
}

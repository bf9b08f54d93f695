// How much a piece of work grows this process's resident memory: sampled every 50 ms while it runs, after a GC when the
// test runs with --expose-gc. For the "streams N GB in bounded memory" tests.
export interface RssGrowth<T> {
  result: T;
  /** Peak RSS minus the RSS before the work, in MB. */
  growthMb: number;
  seconds: number;
}

export async function measureRssGrowth<T>(work: () => Promise<T>): Promise<RssGrowth<T>> {
  global.gc?.();
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  const t0 = performance.now();
  let result: T;
  try {
    result = await work();
  } finally {
    clearInterval(sampler);
  }
  const seconds = (performance.now() - t0) / 1000;
  peak = Math.max(peak, process.memoryUsage().rss);
  return { result, growthMb: (peak - baseline) / 1024 ** 2, seconds };
}

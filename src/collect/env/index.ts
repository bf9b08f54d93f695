// The env collector: not implemented yet (null keeps its checks "skipped: not implemented yet").
import type { Collector } from '../collector.js';

export const envCollector: Collector<'env'> | null = null;

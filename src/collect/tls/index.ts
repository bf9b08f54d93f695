// The tls collector: not implemented yet (null keeps its checks "skipped: not implemented yet").
import type { Collector } from '../collector.js';

export const tlsCollector: Collector<'tls'> | null = null;

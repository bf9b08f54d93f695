// The web collector: not implemented yet (null keeps its checks "skipped: not implemented yet").
import type { Collector } from '../collector.js';

export const webCollector: Collector<'web'> | null = null;

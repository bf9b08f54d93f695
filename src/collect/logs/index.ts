// The logs collector: not implemented yet (null keeps its checks "skipped: not implemented yet").
import type { Collector } from '../collector.js';

export const logsCollector: Collector<'logs'> | null = null;

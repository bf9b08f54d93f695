// The deploy collector: not implemented yet (null keeps its checks "skipped: not implemented yet").
import type { Collector } from '../collector.js';

export const deployCollector: Collector<'deploy'> | null = null;

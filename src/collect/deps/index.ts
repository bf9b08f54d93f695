// The deps collector: not implemented yet (null keeps its checks "skipped: not implemented yet").
import type { Collector } from '../collector.js';

export const depsCollector: Collector<'deps'> | null = null;

// The email collector: not implemented yet (null keeps its checks "skipped: not implemented yet").
import type { Collector } from '../collector.js';

export const emailCollector: Collector<'email'> | null = null;

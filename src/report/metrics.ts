// Per-route performance metrics for the report, from the perf facts when the load stage ran.
import type { Facts } from '../facts/index.js';
import type { RouteMetrics } from '../types.js';

export function buildRouteMetrics(_facts: Facts): RouteMetrics[] {
  return [];
}

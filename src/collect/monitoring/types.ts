// Facts produced by the monitoring collector. Plain JSON-serialisable data; secrets only masked.

export interface MonitoringFacts {
  /** Filled in by the monitoring collector. */
  [key: string]: unknown;
}

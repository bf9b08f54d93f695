// Facts produced by the deploy collector. Plain JSON-serialisable data; secrets only masked.

export interface DeployFacts {
  /** Filled in by the deploy collector. */
  [key: string]: unknown;
}

// Facts produced by the web collector. Plain JSON-serialisable data; secrets only masked.

export interface WebFacts {
  /** Filled in by the web collector. */
  [key: string]: unknown;
}

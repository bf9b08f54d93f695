// Facts produced by the logs collector. Plain JSON-serialisable data; secrets only masked.

export interface LogsFacts {
  /** Filled in by the logs collector. */
  [key: string]: unknown;
}

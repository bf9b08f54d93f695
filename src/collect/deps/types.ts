// Facts produced by the deps collector. Plain JSON-serialisable data; secrets only masked.

export interface DepsFacts {
  /** Filled in by the deps collector. */
  [key: string]: unknown;
}

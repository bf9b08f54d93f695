// Facts produced by the email collector. Plain JSON-serialisable data; secrets only masked.

export interface EmailFacts {
  /** Filled in by the email collector. */
  [key: string]: unknown;
}

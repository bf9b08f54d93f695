// Facts produced by the dns collector. Plain JSON-serialisable data; secrets only masked.

export interface DnsFacts {
  /** Filled in by the dns collector. */
  [key: string]: unknown;
}

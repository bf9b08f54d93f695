// Facts produced by the tls collector. Plain JSON-serialisable data; secrets only masked.

export interface TlsFacts {
  /** Filled in by the tls collector. */
  [key: string]: unknown;
}

// Facts produced by the secrets collector. Plain JSON-serialisable data; secrets only masked.

export interface SecretsFacts {
  /** Filled in by the secrets collector. */
  [key: string]: unknown;
}

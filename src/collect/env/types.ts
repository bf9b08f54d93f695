// Facts produced by the env collector. Plain JSON-serialisable data; secrets only masked.

export interface EnvFacts {
  /** Filled in by the env collector. */
  [key: string]: unknown;
}

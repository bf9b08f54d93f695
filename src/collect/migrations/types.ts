// Facts produced by the migrations collector. Plain JSON-serialisable data; secrets only masked.

export interface MigrationsFacts {
  /** Filled in by the migrations collector. */
  [key: string]: unknown;
}

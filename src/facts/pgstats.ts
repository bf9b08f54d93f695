// Facts of the PostgreSQL statistics collector (source `database`): pg_stat_statements status, per-route query deltas
// measured around each load window, and catalog/statistics views (foreign keys, table scans, index usage).
// Query text is normalised by pg_stat_statements and masked again (literals and secrets) before it lands here.

/** Whether pg_stat_statements can be read, and the exact lines that fix it when not. */
export interface StatStatementsStatus {
  /** pg_stat_statements is in shared_preload_libraries (null: the setting could not be read). */
  preloaded: boolean | null;
  /** CREATE EXTENSION pg_stat_statements ran in this database. */
  created: boolean;
  /** Schema the extension lives in (null when not created). */
  schema: string | null;
  /** Query text of other roles hidden (the role lacks pg_read_all_stats): counts still work, texts show as hidden. */
  textHidden: boolean;
  /** Why it cannot be used (null: usable). */
  problem: string | null;
  /** The lines that fix it: the postgresql.conf line (then restart), the CREATE EXTENSION statement. Empty when usable. */
  fix: string[];
}

/** One normalised statement's calls during a window (or since the statistics were reset). */
export interface StatementStat {
  /** pg_stat_statements queryid (the fingerprint), as text. */
  fingerprint: string;
  /** Normalised query text, literals and secrets masked, at most 2,000 characters. */
  query: string;
  calls: number;
  totalMs: number;
  meanMs: number;
  rows: number;
}

/** pg_stat_statements deltas over one route's load window. */
export interface RouteQueryWindow {
  /** The route key the load stage named the window with, e.g. "GET /api/orders". */
  route: string;
  /** Requests sent during the window (warm-up included: its queries are in the deltas too). */
  requestsSent: number;
  windowMs: number;
  /** Statement calls during the window (transaction control and session SET/SHOW left out). */
  totalCalls: number;
  /** totalCalls / requestsSent; null when no request was sent. */
  queriesPerRequest: number | null;
  /** Statements called during the window, most calls first (at most 50). */
  statements: StatementStat[];
  /** Statements left out of `statements` by the cap. */
  omittedStatements: number;
}

export interface ForeignKeyFact {
  schema: string;
  table: string;
  constraint: string;
  columns: string[];
  referencedTable: string;
  referencedColumns: string[];
  /** An index whose leading columns are the referencing columns (any order), or null. */
  coveringIndex: string | null;
  /** Estimated rows of the referencing table. */
  tableRows: number;
}

export interface TableScanFact {
  schema: string;
  table: string;
  /** Estimated live rows (reltuples, else n_live_tup). */
  rows: number;
  seqScan: number;
  seqTupRead: number;
  idxScan: number;
  sizeBytes: number;
  /** Column names (at most 200), for deriving index suggestions from query text. */
  columns: string[];
  /** Columns that lead an existing index. */
  indexedLeadingColumns: string[];
}

export interface IndexUsageFact {
  schema: string;
  table: string;
  index: string;
  idxScan: number;
  sizeBytes: number;
  unique: boolean;
  primary: boolean;
  /** Backs a constraint (unique, exclusion): dropping it is not a tuning decision. */
  constraint: boolean;
  tableRows: number;
  definition: string;
}

export interface DatabaseFacts {
  server: { version: string | null; database: string | null };
  statStatements: StatStatementsStatus;
  /** When the statistics counters were last reset (pg_stat_database.stats_reset), ISO time or null (never). */
  statsResetAt: string | null;
  /** Per-route deltas, filled when the load stage ran with this database; null: catalog only (no load windows). */
  routes: RouteQueryWindow[] | null;
  /** Statements since the last statistics reset, most total time first (at most 100; empty without pg_stat_statements). */
  topStatements: StatementStat[];
  /** Foreign keys (at most 1,000). */
  foreignKeys: ForeignKeyFact[];
  /** User tables, largest first (at most 500). */
  tables: TableScanFact[];
  /** Non-constraint indexes with their scan counts (at most 1,000). */
  indexes: IndexUsageFact[];
  /** Where a cap cut a list, what was left out. */
  truncated: string[];
}

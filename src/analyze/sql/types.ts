// Vocabulary of the static migration analysis: lock modes, the locks a statement takes and the rules it breaks.

/** PostgreSQL table lock modes, weakest first (the order is used to pick the strongest). */
export const LOCK_MODES = ['ACCESS SHARE', 'ROW SHARE', 'ROW EXCLUSIVE', 'SHARE UPDATE EXCLUSIVE', 'SHARE', 'SHARE ROW EXCLUSIVE', 'EXCLUSIVE', 'ACCESS EXCLUSIVE'] as const;
export type LockMode = (typeof LOCK_MODES)[number];

export function strongerLock(a: LockMode | null, b: LockMode | null): LockMode | null {
  if (a === null) return b;
  if (b === null) return a;
  return LOCK_MODES.indexOf(a) >= LOCK_MODES.indexOf(b) ? a : b;
}

/** Modes that block plain writes (INSERT/UPDATE/DELETE) on the table. */
export function blocksWrites(mode: LockMode): boolean {
  return LOCK_MODES.indexOf(mode) >= LOCK_MODES.indexOf('SHARE');
}

/** Map a pg_locks mode name ("AccessExclusiveLock") to the SQL name ("ACCESS EXCLUSIVE"). */
export function lockModeFromPgLocks(mode: string): LockMode | null {
  const words = mode
    .replace(/Lock$/, '')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toUpperCase();
  return (LOCK_MODES as readonly string[]).includes(words) ? (words as LockMode) : null;
}

export interface TableLock {
  /** Table (or index, when only the index name is known), schema-qualified when the SQL qualifies it. */
  table: string;
  mode: LockMode;
  /** Created earlier in the same migration file: no rows yet, nobody else uses it. */
  newTable: boolean;
}

export type HazardCheck =
  | 'blocking-lock'
  | 'breaking-change'
  | 'concurrent-in-transaction'
  | 'backfill-in-migration'
  | 'transaction-control'
  | 'int-primary-key'
  | 'timestamp-without-tz'
  | 'identifier-too-long'
  | 'not-idempotent';

/** One rule a statement breaks (rule names follow squawk's where one exists). */
export interface Hazard {
  check: HazardCheck;
  rule: string;
  table: string;
  lockMode: LockMode | null;
  /** What happens, in one sentence. */
  message: string;
  /** The safe rewrite. */
  fix: string;
  /** The lock is brief (no scan or rewrite): a measured short duration disproves the blocking-lock finding. */
  brief?: boolean;
}

/** A lock an earlier statement of the same transaction took on an existing table: held until the transaction ends. */
export interface HeldLock {
  table: string;
  mode: LockMode;
  line: number;
}

/** How the migration tool runs a file: its own transaction, one multi-statement query (an implicit transaction), or statement by statement. */
export type TransactionWrap = 'transaction' | 'implicit' | 'none';

export interface StatementAnalysis {
  /** 1-based line in the migration file. */
  line: number;
  /** Parse-tree node name (AlterTableStmt, IndexStmt...). */
  kind: string;
  /** Whitespace-collapsed statement text, truncated. */
  sql: string;
  locks: TableLock[];
  /** Rewrites the table or scans it in full while holding the lock. */
  rewrites: boolean;
  /** Runs inside a transaction block (explicit BEGIN, or the tool's wrapping). */
  inTransaction: boolean;
  /** lock_timeout or statement_timeout is in effect for this statement. */
  lockTimeout: boolean;
  /** The strongest lock on an existing table taken earlier in the same transaction, still held while this runs. */
  held: HeldLock | null;
  /** Cannot run inside a transaction block (CONCURRENTLY, VACUUM...). */
  nonTransactional: boolean;
  /** Plain data statement (INSERT/UPDATE/DELETE/SELECT): not listed in the facts. */
  dml: boolean;
  hazards: Hazard[];
}

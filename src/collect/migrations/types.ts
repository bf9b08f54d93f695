// Facts produced by the migrations collector. Plain JSON-serialisable data; secrets only masked.
import type { LockMode, StatementAnalysis, TransactionWrap } from '../../analyze/sql/types.js';
import type { InventoryTable } from '../../report/inventory.js';

export type MigrationTool = 'prisma' | 'drizzle' | 'flyway' | 'golang-migrate' | 'dbmate' | 'supabase' | 'sqitch' | 'knex' | 'rails' | 'django' | 'alembic' | 'plain';

export interface MigrationFile {
  /** Path relative to the repository (or to the migrations dir when there is no repo). */
  path: string;
  bytes: number;
  /** The migration tool that runs this file (several sets in one repository can use different tools). */
  tool: MigrationTool;
  /** How the tool runs this file, and why we think so. */
  wrap: TransactionWrap;
  wrapReason: string;
  statements: number;
  /** The file could not be read or parsed: its statements are unknown. */
  error: { message: string; line: number | null } | null;
}

/** What PostgreSQL showed while the statement ran on the scratch database. */
export interface MeasuredStatement {
  /** Strongest lock per relation held by the statement's backend (pg_locks joined to pg_class). */
  /** existing: the table was there before this migration file started (so it may hold rows and readers). */
  locks: { relation: string; kind: 'table' | 'index' | 'other'; mode: LockMode; existing?: boolean }[];
  ms: number;
  /** Rows in the statement's tables when it ran (seeded). */
  rows: number | null;
  error: string | null;
  /** pg_locks read by the statement's own backend before COMMIT, or polled from a second connection (CONCURRENTLY, VACUUM). */
  observedBy: 'backend' | 'observer';
  /** Tables whose storage PostgreSQL replaced (a full rewrite), compared by relfilenode; absent when not compared. */
  rewritten?: string[];
  /** The statement was not run (it reaches outside the scratch database, or the time budget ran out). */
  skipped?: string;
}

/** One analysed statement as kept in the facts: the analysis minus parser-only flags, plus where and what was measured. */
export interface MigrationStatement extends Omit<StatementAnalysis, 'nonTransactional' | 'dml'> {
  file: string;
  measured: MeasuredStatement | null;
}

export interface ScratchRun {
  database: string;
  seedRows: number;
  /** Tables seeded before the first statement that altered them, with the rows inserted (or why not). */
  seeded: { table: string; rows: number; error: string | null }[];
  statementsRun: number;
  durationMs: number;
  /** Why the run stopped early, when it did. */
  error: { code: string; message: string } | null;
  dropped: boolean;
}

/** One set of migrations (a monorepo can hold several, each with its own tool and history). */
export interface MigrationSet {
  tool: MigrationTool;
  /** Relative to the repository. */
  dir: string;
  /** What named it: migrations.dir, an ORM config ("packages/db/package.json prisma.schema"), the usual place, or the tree search. */
  foundBy: string;
  files: number;
  statements: number;
}

export interface MigrationsFacts {
  /** Tool and directory of the first set (the one the scratch database measures). */
  tool: MigrationTool;
  /** Directory the migrations were found in, relative to the repo. */
  dir: string;
  sets: MigrationSet[];
  /** PostgreSQL major version the version-dependent rules assumed. */
  pgVersion: number;
  files: MigrationFile[];
  /** Every non-DML statement in apply order (DML is counted, not listed). */
  statements: MigrationStatement[];
  omittedStatements: number;
  /** The scratch-database run, when a database URL was given. */
  dynamic: ScratchRun | null;
  /** The first set's inventory (kept for readers of one table). */
  inventory: InventoryTable;
  /** One inventory per set. */
  inventories: InventoryTable[];
}

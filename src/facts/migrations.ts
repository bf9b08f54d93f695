// Facts produced by the migrations collector. Plain JSON-serialisable data; secrets only masked.
import type { LockMode, StatementAnalysis, TransactionWrap } from '../analyze/sql/types.js';

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
  /** The database behind --database-url has applied it already, or (without one) it shipped unchanged in the latest release tag: its locks are past, so it is not judged. */
  applied?: boolean;
}

/** What PostgreSQL showed while the statement ran in the sandbox (PGlite). */
export interface MeasuredStatement {
  /** Strongest lock per relation held by the statement's backend (pg_locks joined to pg_class). */
  /** existing: the table was there before this migration file started (so it may hold rows and readers). */
  locks: { relation: string; kind: 'table' | 'index' | 'other'; mode: LockMode; existing?: boolean }[];
  ms: number;
  /** Rows in the statement's tables when it ran (seeded). */
  rows: number | null;
  error: string | null;
  /**
   * backend: pg_locks read inside the statement's transaction before COMMIT. none: not read, because the statement
   * commits on its own (CONCURRENTLY, VACUUM) and the sandbox has a single connection, or it did not complete.
   */
  observedBy: 'backend' | 'none';
  /** Tables whose storage PostgreSQL replaced (a full rewrite), compared by relfilenode; absent when not compared. */
  rewritten?: string[];
  /** The statement was not run (COPY ... PROGRAM, the time budget ran out, the sandbox could not start). */
  skipped?: string;
}

/** One analysed statement as kept in the facts: the analysis minus parser-only flags, plus where and what was measured. */
export interface MigrationStatement extends Omit<StatementAnalysis, 'nonTransactional' | 'dml'> {
  file: string;
  measured: MeasuredStatement | null;
}

/** The sandbox run: the migrations applied in PGlite, never on the user's server. */
export interface SandboxRun {
  /** The PostgreSQL that measured, e.g. "PostgreSQL 18.1 (PGlite 0.5.17)"; null when it never started. */
  engine: string | null;
  seedRows: number;
  /** Where the seeded row counts come from: the real tables (read-only, capped by seedRows) or seedRows alone. */
  rowCounts: 'database-url' | 'seed-rows';
  /** Why the real row counts could not be read. */
  rowCountsError?: string;
  /** Tables seeded before the first statement that altered them, with the rows inserted (or why not). */
  seeded: { table: string; rows: number; error: string | null }[];
  statementsRun: number;
  /** Times the sandbox was killed (a statement over its time or memory bound) and restarted. */
  restarts: number;
  /** Time to start PostgreSQL in the sandbox. */
  startMs: number | null;
  /**
   * What it started from: the data directory the build made, the user's cache, or initdb (about 4 s of CPU more).
   * Absent in facts saved by earlier versions, and when it never started.
   */
  dataDir?: 'prebuilt' | 'cache' | 'initdb';
  durationMs: number;
  /** Why the run stopped early, when it did. */
  error: { code: string; message: string } | null;
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
  /**
   * The set runs on another database than PostgreSQL (Prisma provider, drizzle dialect, the drivers and adapters the
   * project declares): its files are listed, not judged, because the lock rules model PostgreSQL.
   */
  otherDatabase?: { engine: 'mysql' | 'sqlite' | 'sqlserver'; evidence: string };
}

/**
 * What is already applied, per set: read from each tool's history table on the database behind --database-url, or,
 * without a database, the files that shipped unchanged in the latest release tag (`release` names it).
 */
export interface MigrationHistory {
  /** The set's directory, relative to the repository. */
  dir: string;
  /** The history table read, or null when the database has none for this tool (nothing applied there yet). */
  table: string | null;
  /** The release tag the applied files were found in (no database given), e.g. "v3.1.0". */
  release?: string;
  applied: number;
  pending: number;
  /** Why it could not be read (then every file is judged). */
  error: string | null;
}

export interface MigrationsFacts {
  /** Tool and directory of the first set (the one the sandbox measures). */
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
  /** Applied and pending migrations per set: from --database-url, else from the latest release tag (null when neither says). */
  history?: MigrationHistory[] | null;
  /** The sandbox run (null when there was nothing to run). */
  dynamic: SandboxRun | null;
}

// Every squawk rule (crates/squawk_linter/src/rules at 5125ddf) and what launchready does with it: the catalog id and
// the hazard rule names that count as the same verdict, or a decision and why. docs/migrations-squawk.md explains each.

export interface SquawkRule {
  rule: string;
  /** The catalog id whose findings carry this verdict; null: a documented decision not to check it. */
  id: string | null;
  /** Hazard rule names (evidence.rule) that count; absent: any finding of the id counts. */
  as?: string[];
  /** Why it is not mapped, or how launchready's verdict differs. */
  note: string;
  /** squawk test cases (by test name) where launchready deliberately disagrees, and why. */
  deviations?: Record<string, string>;
}

const BOTH_TIMEOUTS =
  'launchready asks for lock_timeout (or statement_timeout) before statements that take ACCESS EXCLUSIVE on an existing table (CHECKS.md); squawk requires both timeouts before any DDL';

export const SQUAWK_RULES: SquawkRule[] = [
  {
    rule: 'adding-field-with-default',
    id: 'migrations.blocking-lock',
    note: 'volatile default (or any default before PostgreSQL 11: migrations.postgresVersion)',
    deviations: { docs_example_error_on_pg_11: 'PostgreSQL 11 adds a column with a constant default without a rewrite (11 release notes); launchready flags it below 11' },
  },
  {
    rule: 'adding-foreign-key-constraint',
    id: 'migrations.blocking-lock',
    note: 'ADD FOREIGN KEY without NOT VALID on an existing table',
    deviations: {
      add_column_references_lock:
        'ADD COLUMN ... REFERENCES on a new column does not scan the table: measured 5.8 ms on 3,000,000 rows against 495 ms for ADD FOREIGN KEY on an existing column (PostgreSQL 15)',
    },
  },
  { rule: 'adding-not-nullable-field', id: 'migrations.blocking-lock', as: ['setting-not-nullable-field'], note: 'SET NOT NULL without a validated CHECK (PostgreSQL 12+)' },
  { rule: 'adding-required-field', id: 'migrations.breaking-change', note: 'NOT NULL column without default' },
  {
    rule: 'adding-serial-primary-key-field',
    id: 'migrations.blocking-lock',
    as: ['disallowed-unique-constraint', 'adding-field-with-default'],
    note: 'PRIMARY KEY builds its index under ACCESS EXCLUSIVE; serial rewrites',
  },
  {
    rule: 'ban-alter-domain-with-add-constraint',
    id: null,
    note: 'style: domains are rare in application migrations; ALTER DOMAIN ADD CONSTRAINT validates every column of the domain, which launchready does not model yet',
  },
  { rule: 'ban-char-field', id: null, note: 'style: char(n) is a storage/semantics preference, not a launch risk' },
  {
    rule: 'ban-concurrent-index-creation-in-transaction',
    id: 'migrations.concurrent-in-transaction',
    note: 'CONCURRENTLY inside a transaction block, explicit or the tool’s',
    deviations: {
      assuming_in_transaction_ok:
        'a tool that wraps every file (dbmate, Flyway, Rails, Django) fails on a standalone CONCURRENTLY too; launchready follows the tool found (Prisma and golang-migrate send a one-statement file outside a transaction and are not flagged)',
    },
  },
  { rule: 'ban-create-domain-with-constraint', id: null, note: 'style: see ban-alter-domain-with-add-constraint' },
  { rule: 'ban-drop-column', id: 'migrations.breaking-change', note: 'breaks the running version' },
  { rule: 'ban-drop-database', id: 'migrations.breaking-change', note: 'data loss' },
  { rule: 'ban-drop-not-null', id: 'migrations.breaking-change', note: 'the running version may read NULL' },
  { rule: 'ban-drop-table', id: 'migrations.breaking-change', note: 'breaks the running version' },
  {
    rule: 'ban-duplicate-column-assignments',
    id: null,
    note: 'PostgreSQL rejects the statement itself ("multiple assignments to same column"): the migration fails in development, never silently in production',
  },
  { rule: 'ban-truncate-cascade', id: 'migrations.breaking-change', note: 'empties every referencing table' },
  { rule: 'ban-uncommitted-transaction', id: 'migrations.transaction-control', as: ['ban-uncommitted-transaction'], note: 'BEGIN without COMMIT' },
  { rule: 'changing-column-type', id: 'migrations.blocking-lock', note: 'rewrite under ACCESS EXCLUSIVE (disproved by the measured relfilenode when a database is given)' },
  {
    rule: 'constraint-missing-not-valid',
    id: 'migrations.blocking-lock',
    as: ['constraint-missing-not-valid', 'adding-foreign-key-constraint'],
    note: 'CHECK/FOREIGN KEY without NOT VALID, or VALIDATE in the same transaction as the NOT VALID add',
  },
  { rule: 'disallowed-unique-constraint', id: 'migrations.blocking-lock', note: 'UNIQUE builds its index under ACCESS EXCLUSIVE' },
  { rule: 'identifier-too-long', id: 'migrations.identifier-too-long', note: 'over 63 bytes' },
  {
    rule: 'prefer-bigint-over-int',
    id: null,
    note: 'narrowed: launchready flags int keys only (migrations.int-primary-key); a 32-bit counter or quantity column is not a launch risk',
  },
  { rule: 'prefer-bigint-over-smallint', id: null, note: 'style, as prefer-bigint-over-int (smallint keys are flagged by migrations.int-primary-key)' },
  { rule: 'prefer-identity', id: null, note: 'style: serial and identity behave the same for an application; int serial keys are caught by migrations.int-primary-key' },
  {
    rule: 'prefer-repack',
    id: 'migrations.blocking-lock',
    as: ['ban-vacuum-full', 'ban-cluster'],
    note: 'VACUUM FULL and CLUSTER on every version; the fix names REPACK from PostgreSQL 19',
    deviations: {
      cluster_below_pg19_ok: 'CLUSTER rewrites the table under ACCESS EXCLUSIVE on every version; squawk only suggests REPACK where it exists',
      vacuum_full_below_pg19_ok: 'VACUUM FULL rewrites the table under ACCESS EXCLUSIVE on every version',
    },
  },
  {
    rule: 'prefer-robust-stmts',
    id: 'migrations.not-idempotent',
    note: 'IF [NOT] EXISTS in files that run outside a transaction',
    deviations: {
      enable_row_level_security_err: 'ENABLE ROW LEVEL SECURITY succeeds when repeated: nothing to make robust',
      enable_row_level_security_without_exists_check_err: 'ENABLE ROW LEVEL SECURITY succeeds when repeated',
      disable_row_level_security_err: 'DISABLE ROW LEVEL SECURITY succeeds when repeated',
      alter_column_set_not_null: 'SET NOT NULL succeeds when repeated',
    },
  },
  { rule: 'prefer-text-field', id: null, note: 'style: varchar(n) limits are a product decision; changing one later is a blocking-lock finding when it rewrites' },
  { rule: 'prefer-timestamp-tz', id: 'migrations.timestamp-without-tz', note: 'new timestamp columns' },
  { rule: 'renaming-column', id: 'migrations.breaking-change', note: 'breaks the running version' },
  { rule: 'renaming-table', id: 'migrations.breaking-change', note: 'breaks the running version' },
  { rule: 'require-concurrent-index-creation', id: 'migrations.blocking-lock', note: 'SHARE lock for the whole build' },
  { rule: 'require-concurrent-index-deletion', id: 'migrations.blocking-lock', note: 'ACCESS EXCLUSIVE; not reported when the scratch run measured it brief' },
  { rule: 'require-concurrent-partition-detach', id: 'migrations.blocking-lock', note: 'ACCESS EXCLUSIVE on the partitioned table' },
  { rule: 'require-concurrent-reindex', id: 'migrations.blocking-lock', note: 'REINDEX without CONCURRENTLY (system catalogs excepted)' },
  { rule: 'require-enum-value-ordering', id: null, note: 'style: appending an enum value is safe; the position is a product decision' },
  { rule: 'require-lock-timeout', id: 'migrations.no-lock-timeout', note: 'lock_timeout before ACCESS EXCLUSIVE' },
  {
    rule: 'require-statement-timeout',
    id: 'migrations.no-lock-timeout',
    note: 'either timeout bounds the wait',
  },
  { rule: 'require-table-schema', id: null, note: 'style: the search_path decides the schema; unqualified names are the norm in ORM migrations' },
  {
    rule: 'require-timeout-settings',
    id: 'migrations.no-lock-timeout',
    note: BOTH_TIMEOUTS,
    deviations: {
      err_missing_lock_timeout: 'statement_timeout alone also bounds the wait (CHECKS.md)',
      err_missing_statement_timeout: 'lock_timeout is set',
      fix_add_lock_timeout_only: 'statement_timeout alone also bounds the wait',
      fix_add_statement_timeout_only: 'lock_timeout is set',
      err_other_ddl_operations: 'CREATE TYPE takes no lock on an existing table',
      err_comment_on_explains_lock_impact: 'COMMENT ON takes SHARE UPDATE EXCLUSIVE: reads and writes go on',
      err_vacuum_full_false_uses_non_full_lock: 'plain VACUUM takes SHARE UPDATE EXCLUSIVE',
      err_lock_access_share_uses_correct_article: 'LOCK ... IN ACCESS SHARE MODE blocks only ACCESS EXCLUSIVE',
      fix_multiple_ddl_statements: 'the ALTER TABLE is on a table created in the same file: nobody waits',
    },
  },
  { rule: 'transaction-nesting', id: 'migrations.transaction-control', as: ['transaction-nesting'], note: 'BEGIN inside a transaction, COMMIT without one' },
];

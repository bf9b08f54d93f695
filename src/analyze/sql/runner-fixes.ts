// How each migration tool lets a statement leave the transaction, where lock_timeout goes and how a backfill is batched:
// every fix the report gives must be runnable in the tool that was found (and pass launchready's own checks).
import type { MigrationTool } from '../../facts/migrations.js';

/** One sentence: how to run a CONCURRENTLY statement (or VACUUM) outside a transaction with this tool. */
export function outsideTransaction(tool: MigrationTool): string {
  switch (tool) {
    case 'prisma':
      return 'put it alone in a new migration folder (prisma migrate dev --create-only, then edit its migration.sql): Prisma sends a one-statement migration.sql on its own, outside a transaction, and any other statement in that file would wrap it in one';
    case 'drizzle':
      return 'drizzle-kit migrate applies every pending migration inside one transaction, so run this statement outside it: a deploy step after the migrate (psql "$DATABASE_URL" -c "..."), not a journal entry';
    case 'flyway':
      return 'put it alone in its own versioned script (V<n>__name.sql) next to a V<n>__name.sql.conf holding executeInTransaction=false';
    case 'golang-migrate':
      return 'put it alone in its own .up.sql file: golang-migrate sends a file as one query, and a single statement runs outside a transaction';
    case 'dbmate':
      return 'put it in its own migration whose first line is "-- migrate:up transaction:false"';
    case 'supabase':
      return 'the Supabase CLI runs each migration file in a transaction, so run this statement outside it: a deploy step after supabase db push (psql "$DATABASE_URL" -c "...")';
    case 'sqitch':
      return 'put it in its own sqitch change whose deploy script has no BEGIN/COMMIT (sqitch runs it with psql, statement by statement)';
    case 'knex':
      return 'put it in its own migration that exports config = { transaction: false }';
    case 'rails':
      return 'add disable_ddl_transaction! to the migration class and use algorithm: :concurrently (add_index :table, :column, algorithm: :concurrently, if_not_exists: true)';
    case 'django':
      return 'set atomic = False on the Migration class and use django.contrib.postgres.operations.AddIndexConcurrently / RemoveIndexConcurrently';
    case 'alembic':
      return 'wrap it in "with op.get_context().autocommit_block():" and pass postgresql_concurrently=True (op.create_index(..., postgresql_concurrently=True, if_not_exists=True))';
    default:
      return 'put it in its own migration file with no BEGIN/COMMIT, applied by a runner that does not wrap files in a transaction';
  }
}

/**
 * Where lock_timeout is set so it covers the migration's statements. alone: the statement must stay the only one in its
 * file (Prisma, golang-migrate: a second statement would wrap it in a transaction), so the setting goes on the role.
 */
export function lockTimeoutHow(tool: MigrationTool, inTransaction: boolean, alone = false): string {
  const set = inTransaction ? "SET LOCAL lock_timeout = '2s';" : "SET lock_timeout = '2s';";
  if (alone && (tool === 'prisma' || tool === 'golang-migrate'))
    return "set lock_timeout for the role the migrations connect as (ALTER ROLE <migration role> SET lock_timeout = '2s'), since a SET in the file would make it two statements";
  switch (tool) {
    case 'rails':
      return `start the migration's change/up with execute "SET lock_timeout = '2s'"`;
    case 'django':
      return `make the first operation migrations.RunSQL("SET lock_timeout = '2s'", migrations.RunSQL.noop)`;
    case 'alembic':
      return `start upgrade() with op.execute("SET lock_timeout = '2s'")`;
    case 'knex':
      return `start up() with await knex.raw("SET lock_timeout = '2s'")`;
    default:
      return `start the migration with ${set}`;
  }
}

/** How to run a data backfill in committed batches instead of one statement in the schema migration. */
export function batchedBackfill(tool: MigrationTool, table: string, update: string): string {
  const loop = `repeat UPDATE ${table} SET ... WHERE id IN (SELECT id FROM ${table} WHERE <not yet backfilled> LIMIT 10000) until it updates 0 rows, each batch committed on its own`;
  switch (tool) {
    case 'rails':
      return `Move it out of the schema migration into a data migration or job with disable_ddl_transaction! and Model.in_batches(of: 10_000) { |batch| batch.update_all(...) }, sleeping between batches (${update})`;
    case 'django':
      return `Move it into its own migration with atomic = False whose RunPython loops over primary-key ranges (Model.objects.filter(pk__in=ids_batch).update(...)), one transaction per batch (${update})`;
    case 'alembic':
      return `Move it into its own revision and run it inside "with op.get_context().autocommit_block():" as a loop: ${loop} (${update})`;
    default:
      return `Move it out of the schema migration and run it as a script or background job after the deploy: ${loop}. Keep the schema change (nullable column, default) in the migration (${update})`;
  }
}

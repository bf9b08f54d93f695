import { statementTarget } from '../../analyze/sql/evidence.js';
import { noMigrationsReason } from '../../analyze/sql/migration-findings.js';
import { defineCheck, notApplicable } from '../define.js';

export default defineCheck(
  {
    id: 'migrations.concurrent-in-transaction',
    title: 'CONCURRENTLY statements run outside a transaction block',
    failureTitle: 'CREATE INDEX CONCURRENTLY runs inside a transaction block and will fail',
    requires: ['migrations'],
    fix: 'Move the CONCURRENTLY statement into its own migration that runs without a transaction.',
    docs: {
      why: "PostgreSQL refuses CREATE INDEX CONCURRENTLY (and DROP INDEX / REINDEX CONCURRENTLY, VACUUM) inside a transaction block: the migration fails at deploy time. The transaction can be an explicit BEGIN, the migration tool's own wrapping (dbmate, Flyway, Supabase, Drizzle), or a file sent as one multi-statement query (Prisma, golang-migrate), which PostgreSQL runs as an implicit transaction.",
      fix: "Put the statement alone in its own migration, with no BEGIN/COMMIT around it, and turn off the tool's transaction for it: Prisma and golang-migrate: one statement in the file (Prisma: a new folder from `prisma migrate dev --create-only`); dbmate `-- migrate:up transaction:false`; Flyway `executeInTransaction=false` in `V5__idx.sql.conf`; Knex `exports.config = { transaction: false }`; Rails `disable_ddl_transaction!` with `algorithm: :concurrently`; Django `atomic = False` with `AddIndexConcurrently`; Alembic `with op.get_context().autocommit_block():` and `postgresql_concurrently=True`; Drizzle and Supabase wrap every file, so run it in a deploy step after the migrate. Use `CREATE INDEX CONCURRENTLY IF NOT EXISTS` and check for an INVALID index left by a failed build.",
      references: [
        'https://www.postgresql.org/docs/current/sql-createindex.html#SQL-CREATEINDEX-CONCURRENTLY',
        'https://squawkhq.com/docs/ban-concurrent-index-creation-in-transaction',
      ],
    },
  },
  ({ migrations }) => {
    const none = noMigrationsReason(migrations);
    if (none) return notApplicable(none);
    const files = new Map(migrations.files.map((f) => [f.path, f]));
    return migrations.statements.flatMap((s) =>
      s.hazards
        .filter((h) => h.check === 'concurrent-in-transaction')
        .map((h) => {
          const file = files.get(s.file);
          const byTool = file && (file.wrap === 'transaction' || (file.wrap === 'implicit' && file.statements > 1));
          return {
            target: statementTarget(s),
            key: h.table,
            evidence: {
              file: s.file,
              line: s.line,
              statement: s.sql,
              transaction: byTool ? file.wrapReason : 'an explicit BEGIN earlier in the file',
              ...(s.measured?.error ? { measuredError: s.measured.error } : {}),
            },
            fix: h.fix,
          };
        }),
    );
  },
);

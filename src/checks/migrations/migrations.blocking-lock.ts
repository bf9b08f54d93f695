import { describeLock, measuredLock, rewriteDisproved, statementTarget } from '../../analyze/sql/evidence.js';
import { heldNote, noMigrationsReason } from '../../analyze/sql/migration-findings.js';
import { lockTimeoutHow } from '../../analyze/sql/runner-fixes.js';
import { defineCheck, notApplicable } from '../define.js';

export default defineCheck(
  {
    id: 'migrations.blocking-lock',
    title: 'No migration holds a blocking lock on an existing table while it rewrites or scans it',
    failureTitle: 'A migration blocks reads or writes on an existing table for a time that grows with the table',
    requires: ['migrations'],
    fix: 'Use the online form: CREATE INDEX CONCURRENTLY, ADD CONSTRAINT ... NOT VALID then VALIDATE, add the column then backfill in batches; and SET lock_timeout first.',
    docs: {
      why: 'While a migration holds ACCESS EXCLUSIVE (or SHARE, for a plain CREATE INDEX) on a table, every query that needs the table waits: a rewrite or full scan of a large table is minutes of downtime, and the queue behind it takes the connection pool with it. The check parses every statement with the PostgreSQL parser and applies squawk-style rules; tables created in the same migration file have no rows yet and are not flagged. It also applies the migrations in a sandbox (PGlite, PostgreSQL in WebAssembly, never the real database) on seeded tables and reports the lock mode and duration PostgreSQL actually showed, and which PostgreSQL measured it; a type change or default that PostgreSQL applied without rewriting the table (same relfilenode, e.g. numeric(10,2) to numeric(12,2)) is then not reported, nor a DROP INDEX measured under 100 ms (its lock is brief; the queue behind it is what migrations.no-lock-timeout reports). The statements of one transaction are judged together: a slow statement after an ALTER TABLE is reported with the ACCESS EXCLUSIVE lock the transaction still holds from that line. Rails, Django and Alembic migrations are read as text for the same operations (add_index, AddIndex, op.create_index without the concurrent option, change_column_null / AlterField(null=False) / alter_column(nullable=False), column type changes, foreign keys without validate: false).',
      fix: "Rewrite each flagged statement in its online form, and start the migration with `SET lock_timeout = '2s';`:\n\n- `CREATE INDEX CONCURRENTLY ...` / `DROP INDEX CONCURRENTLY ...` / `REINDEX ... CONCURRENTLY` in a migration that runs outside a transaction.\n- `ALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (...) REFERENCES ... NOT VALID;` then `ALTER TABLE t VALIDATE CONSTRAINT fk;` (same for CHECK).\n- `SET NOT NULL`: add `CHECK (col IS NOT NULL) NOT VALID`, `VALIDATE` it, then `SET NOT NULL` (no scan on PostgreSQL 12+).\n- Volatile default or type change: add a new column, backfill in batches, switch the code, drop the old column.\n- UNIQUE: `CREATE UNIQUE INDEX CONCURRENTLY`, then `ADD CONSTRAINT ... UNIQUE USING INDEX`.\n- VACUUM FULL / CLUSTER: pg_repack.",
      references: [
        'https://www.postgresql.org/docs/current/explicit-locking.html#LOCKING-TABLES',
        'https://www.postgresql.org/docs/current/sql-createindex.html#SQL-CREATEINDEX-CONCURRENTLY',
        'https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-NOTES',
        'https://squawkhq.com/docs/rules',
      ],
    },
  },
  ({ migrations }) => {
    const none = noMigrationsReason(migrations);
    if (none) return notApplicable(none);
    const tools = new Map(migrations.files.map((f) => [f.path, f.tool]));
    return migrations.statements.flatMap((s) =>
      s.hazards
        .filter((h) => h.check === 'blocking-lock' && !rewriteDisproved(s, h) && !measuredBrief(s, h))
        .map((h) => {
          const mode = h.lockMode ?? 'ACCESS EXCLUSIVE';
          const measured = measuredLock(s, h.table);
          const tool = tools.get(s.file) ?? migrations.tool;
          // a CONCURRENTLY rewrite must stay alone in its file for Prisma/golang-migrate: the timeout then goes on the role
          const alone = /CONCURRENTLY/.test(h.fix);
          const lock = describeLock(mode, h.table, measured);
          return {
            target: statementTarget(s),
            key: `${h.rule}:${h.table}`,
            title: `${s.file}:${s.line} holds ${lock}${h.rule === 'require-concurrent-index-creation' ? ' (writes wait)' : ''}${heldNote(s)}`,
            evidence: {
              file: s.file,
              line: s.line,
              statement: s.sql,
              rule: h.rule,
              lockMode: mode,
              table: h.table,
              problem: h.message,
              ...(measured
                ? { measured: lock, measuredMs: measured.ms, measuredRows: measured.rows, measuredLockMode: measured.mode, measuredBy: migrations.dynamic?.engine ?? null }
                : {}),
              lockTimeoutSet: s.lockTimeout,
              ...(s.held ? { heldLock: `${s.held.mode} on ${s.held.table} from line ${s.held.line}` } : {}),
              ...(migrations.dynamic?.error ? { sandboxError: migrations.dynamic.error.message } : {}),
            },
            fix: `${h.fix.replace(/([^.])$/, '$1.')}${s.lockTimeout ? '' : ` Also ${lockTimeoutHow(tool, s.inTransaction && !alone, alone)}, so a blocked statement gives up instead of queueing every query behind it.`}`,
          };
        }),
    );
  },
);

/** Below this, a measured brief lock (DROP INDEX: no scan) did not grow with the table. */
const BRIEF_MS = 100;

// A brief lock (no scan or rewrite) measured short is not a lock that grows with the table: no-lock-timeout covers its queue.
function measuredBrief(s: Parameters<typeof measuredLock>[0], h: { brief?: boolean; table: string }): boolean {
  if (!h.brief) return false;
  const m = s.measured;
  return !!m && !m.skipped && !m.error && m.ms < BRIEF_MS;
}

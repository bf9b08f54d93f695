import { hazardFindings, noMigrationsReason } from '../../analyze/sql/migration-findings.js';
import { defineCheck, notApplicable } from '../define.js';

export default defineCheck(
  {
    id: 'migrations.not-idempotent',
    title: 'Migrations that run outside a transaction can be retried',
    failureTitle: 'A migration outside a transaction creates or drops objects without IF [NOT] EXISTS',
    requires: ['migrations'],
    fix: 'Use IF NOT EXISTS / IF EXISTS so a retry after a partial failure succeeds.',
    docs: {
      why: 'A migration that runs outside a transaction (CONCURRENTLY statements, dbmate transaction:false, Flyway executeInTransaction=false, psql-run scripts) keeps whatever succeeded before a failure. The retry then stops at the first CREATE of something that already exists, or DROP of something already gone, and a failed CREATE INDEX CONCURRENTLY leaves an INVALID index behind under its name.',
      fix: 'Write each statement so it can run twice: `CREATE TABLE IF NOT EXISTS`, `CREATE INDEX CONCURRENTLY IF NOT EXISTS` (and drop an INVALID index left by a failed build), `ALTER TABLE ... ADD COLUMN IF NOT EXISTS`, `DROP ... IF EXISTS`, and `ALTER TABLE ... DROP CONSTRAINT IF EXISTS c` before `ADD CONSTRAINT c`.',
      references: ['https://squawkhq.com/docs/prefer-robust-stmts', 'https://www.postgresql.org/docs/current/sql-createindex.html#SQL-CREATEINDEX-CONCURRENTLY'],
    },
  },
  ({ migrations }) => {
    const none = noMigrationsReason(migrations);
    if (none) return notApplicable(none);
    return hazardFindings(migrations, 'not-idempotent', (s, h) => `${s.file}:${s.line}: ${h.message.split(' runs ')[0]} is not safe to retry`);
  },
);

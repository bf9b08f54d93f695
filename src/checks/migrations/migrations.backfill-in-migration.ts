import { hazardFindings, heldNote, noMigrationsReason } from '../../analyze/sql/migration-findings.js';
import { defineCheck, notApplicable } from '../define.js';

export default defineCheck(
  {
    id: 'migrations.backfill-in-migration',
    title: 'Migrations do not backfill existing tables in one statement',
    failureTitle: 'A migration updates or deletes every row of an existing table in one statement',
    requires: ['migrations'],
    fix: 'Batch the backfill outside the schema migration: UPDATE ... WHERE id IN (SELECT id ... LIMIT 10000), repeated, each batch committed.',
    docs: {
      why: "An UPDATE or DELETE without a bounded WHERE touches every row of the table in one statement: it holds a row lock on each row until the migration commits, writes a new version of every row (WAL, replication lag, bloat), and runs for a time that grows with the table. Inside the migration's transaction it also keeps every lock taken before it (an ACCESS EXCLUSIVE from an ALTER TABLE on line 2 blocks all reads of that table until the backfill ends). Tables created in the same file are empty and not flagged; a WHERE on a key with constants (id = 1, id BETWEEN 1 AND 10000) or a subquery with LIMIT counts as bounded.",
      fix: 'Keep the schema change (nullable column, default) in the migration and move the data change to a script or job that runs after the deploy, in batches that commit separately:\n\n```sql\nUPDATE website_event SET visit_id = ... WHERE event_id IN (SELECT event_id FROM website_event WHERE visit_id IS NULL LIMIT 10000);\n-- repeat until 0 rows\n```\n\nRails: `Model.in_batches(of: 10_000) { |b| b.update_all(...) }` in a migration with `disable_ddl_transaction!` or a job; Django: a migration with `atomic = False` whose RunPython updates one primary-key range per transaction; Alembic: the loop inside `with op.get_context().autocommit_block():`.',
      references: ['https://www.postgresql.org/docs/current/sql-update.html', 'https://github.com/ankane/strong_migrations#backfilling-data'],
    },
  },
  ({ migrations }) => {
    const none = noMigrationsReason(migrations);
    if (none) return notApplicable(none);
    return hazardFindings(
      migrations,
      'backfill-in-migration',
      (s, h) => `${s.file}:${s.line}: ${s.kind === 'DeleteStmt' ? 'DELETE' : 'UPDATE'} of every row of ${h.table}${heldNote(s)}`,
    );
  },
);

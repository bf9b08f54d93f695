import { hazardFindings, noMigrationsReason } from '../../analyze/sql/migration-findings.js';
import { defineCheck, notApplicable } from '../define.js';

export default defineCheck(
  {
    id: 'migrations.breaking-change',
    title: 'Migrations keep the running version working during a rolling deploy',
    failureTitle: 'A migration breaks the version still running during a rolling deploy',
    requires: ['migrations'],
    fix: 'Expand and contract: add the new shape, deploy code that uses it, and remove the old column or table in a later release.',
    docs: {
      why: 'During a rolling deploy (and for as long as a rollback might be needed) the previous version of the app runs against the migrated schema. Dropping or renaming a column or table, or adding a NOT NULL column without a default, makes its queries fail: errors for every request until the old version is gone, and a rollback that cannot work. Tables created in the same migration file are not flagged.',
      fix: 'Split the change over releases (expand and contract):\n\n- Drop: deploy code that no longer reads or writes the column/table (e.g. `ignored_columns`, remove it from the ORM model), then drop it in a later migration.\n- Rename: add the new column, write both, backfill, switch reads, drop the old one later; for a table, rename and `CREATE VIEW old_name AS SELECT * FROM new_name` until the old version is gone.\n- Required column: `ADD COLUMN c type NULL` (or with a constant `DEFAULT`), backfill, then make it NOT NULL through a validated CHECK.',
      references: [
        'https://squawkhq.com/docs/ban-drop-column',
        'https://squawkhq.com/docs/renaming-column',
        'https://squawkhq.com/docs/adding-required-field',
        'https://www.prisma.io/dataguide/types/relational/expand-and-contract-pattern',
      ],
    },
  },
  ({ migrations }) => {
    const none = noMigrationsReason(migrations);
    if (none) return notApplicable(none);
    return hazardFindings(
      migrations,
      'breaking-change',
      (s, h) => `${s.file}:${s.line}: ${h.message.split(':')[0]} breaks the running version`,
      (s) => (s.measured?.error ? { sandboxError: s.measured.error } : {}),
    );
  },
);

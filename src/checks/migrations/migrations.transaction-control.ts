import { hazardFindings, noMigrationsReason } from '../../analyze/sql/migration-findings.js';
import { defineCheck, notApplicable } from '../define.js';

export default defineCheck(
  {
    id: 'migrations.transaction-control',
    title: 'Migrations leave transaction control to their tool',
    failureTitle: "A migration's BEGIN/COMMIT works against the way its tool runs it",
    requires: ['migrations'],
    fix: 'Remove BEGIN/COMMIT from migrations the tool wraps; close every BEGIN with COMMIT in files it does not.',
    docs: {
      why: "Migration tools run each file their own way: Prisma and golang-migrate send it as one multi-statement query (an implicit transaction), dbmate, Flyway, Rails, Django and Knex open a transaction around it, sqitch and plain runners run statements one by one. A BEGIN inside the tool's transaction only draws a warning, and the COMMIT after it commits the tool's transaction early: the statements before it stay applied when a later one fails, and the tool's retry re-runs them. A BEGIN never committed leaves the changes and locks in an open transaction; a COMMIT without a transaction only warns.",
      fix: "Let the tool own the transaction: remove BEGIN/COMMIT from files it wraps (split a file into two migrations when parts must commit separately); in files run statement by statement, close every BEGIN with COMMIT. To run a statement outside the transaction use the tool's switch (dbmate `transaction:false`, Flyway `executeInTransaction=false`, Rails `disable_ddl_transaction!`, Django `atomic = False`, Alembic `autocommit_block()`), not a COMMIT in the file.",
      references: [
        'https://www.postgresql.org/docs/current/sql-begin.html',
        'https://squawkhq.com/docs/transaction-nesting',
        'https://squawkhq.com/docs/ban-uncommitted-transaction',
      ],
    },
  },
  ({ migrations }) => {
    const none = noMigrationsReason(migrations);
    if (none) return notApplicable(none);
    return hazardFindings(migrations, 'transaction-control', (s, h) => `${s.file}:${s.line}: ${h.message.split(':')[0]}`);
  },
);

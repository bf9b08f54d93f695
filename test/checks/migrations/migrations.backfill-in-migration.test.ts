import check from '../../../src/checks/migrations/migrations.backfill-in-migration.ts';
import { checkTester } from '../../support/check-tester.ts';
import { CREATE_ORDERS, migrationsCase, noMigrations } from './migration-facts.ts';

const INIT = `${CREATE_ORDERS}\nCREATE TABLE website_event (event_id uuid PRIMARY KEY, session_id uuid, visit_id uuid, created_at timestamptz);\nCREATE TABLE session (session_id uuid PRIMARY KEY);`;

checkTester(check, {
  pass: [
    {
      name: 'bounded batches (key ranges, key lists, a LIMITed subquery), a table created in the same file, tool bookkeeping',
      facts: migrationsCase({
        '001.sql': INIT,
        '002.sql': [
          'UPDATE orders SET total = 0 WHERE id BETWEEN 1 AND 10000;',
          'UPDATE orders SET total = 0 WHERE id IN (1, 2, 3);',
          'UPDATE website_event SET visit_id = session_id WHERE event_id IN (SELECT event_id FROM website_event WHERE visit_id IS NULL LIMIT 10000);',
          'DELETE FROM orders WHERE id = 42;',
          'CREATE TABLE fresh (id bigint, flag boolean);',
          'UPDATE fresh SET flag = true;',
          "UPDATE alembic_version SET version_num = 'b' WHERE version_num = 'a';",
        ].join('\n'),
      }),
    },
  ],
  fail: [
    {
      name: 'the umami backfill: a full-table UPDATE ... FROM inside a Prisma migration, after an ALTER TABLE that holds ACCESS EXCLUSIVE',
      facts: migrationsCase(
        {
          '001_init/migration.sql': INIT,
          '05_add_visit_id/migration.sql': [
            'ALTER TABLE "website_event" ADD COLUMN "visit_id" UUID NULL;',
            '',
            'UPDATE "website_event" we',
            'SET visit_id = a.uuid',
            'FROM (SELECT DISTINCT s.session_id, gen_random_uuid() uuid FROM website_event s) a',
            'WHERE we.session_id = a.session_id;',
            'CREATE INDEX "website_event_visit_id_idx" ON "website_event"("visit_id");',
          ].join('\n'),
        },
        { wrap: 'implicit', tool: 'prisma' },
      ),
      findings: [
        {
          target: '05_add_visit_id/migration.sql:3',
          severity: 'high',
          title: /UPDATE of every row of website_event while ACCESS EXCLUSIVE on website_event from line 1 is held/,
          evidence: { rule: 'backfill-in-migration', table: 'website_event', heldLock: 'ACCESS EXCLUSIVE on website_event from line 1' },
          fix: /WHERE <not yet backfilled> LIMIT 10000/,
        },
      ],
    },
    {
      name: 'DELETE without WHERE, and a WHERE on a non-key column, on existing tables; Rails gets in_batches',
      facts: migrationsCase({ '001.sql': INIT, '002.sql': "DELETE FROM session;\nUPDATE orders SET note = '' WHERE note IS NULL;" }, { tool: 'rails' }),
      findings: [
        { target: '002.sql:1', title: /DELETE of every row of session/, evidence: { table: 'session' } },
        { target: '002.sql:2', evidence: { table: 'orders' }, fix: /in_batches/ },
      ],
    },
  ],
  notApplicable: [{ name: 'no migration files', facts: noMigrations() }],
});

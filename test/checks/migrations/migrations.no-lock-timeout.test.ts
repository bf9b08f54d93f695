import check from '../../../src/checks/migrations/migrations.no-lock-timeout.ts';
import { checkTester } from '../../support/check-tester.ts';
import { CREATE_ORDERS, migrationsCase, noMigrations } from './migration-facts.ts';

checkTester(check, {
  pass: [
    {
      name: 'lock_timeout set before the ALTER',
      facts: migrationsCase({ '001.sql': CREATE_ORDERS, '002.sql': "SET lock_timeout = '2s';\nALTER TABLE orders ADD COLUMN memo text;" }),
    },
    {
      name: 'statement_timeout also bounds the wait',
      facts: migrationsCase({ '001.sql': CREATE_ORDERS, '002.sql': "SET statement_timeout = '30s';\nALTER TABLE orders DROP COLUMN note;" }),
    },
    {
      name: 'SET LOCAL inside the explicit transaction',
      facts: migrationsCase({ '001.sql': CREATE_ORDERS, '002.sql': "BEGIN;\nSET LOCAL lock_timeout = '2s';\nALTER TABLE orders ADD COLUMN memo text;\nCOMMIT;" }),
    },
    {
      name: 'a DO block measured locking only a table its own file created',
      facts: migrationsCase(
        { '001.sql': "CREATE TABLE t (id int);\nDO $$ BEGIN EXECUTE 'ALTER TABLE t ADD COLUMN memo text'; END $$;" },
        { measured: { 'DO $$': { locks: [{ relation: 't', kind: 'table', mode: 'ACCESS EXCLUSIVE', existing: false }], ms: 3, rows: null, error: null, observedBy: 'backend' } } },
      ),
    },
    {
      name: 'only new tables and concurrent indexes',
      facts: migrationsCase({ '001.sql': `${CREATE_ORDERS}\nALTER TABLE orders ADD COLUMN memo text;`, '002.sql': 'CREATE INDEX CONCURRENTLY i ON orders (total);' }),
    },
  ],
  fail: [
    {
      name: 'ALTER TABLE on an existing table without a timeout, one finding per file',
      facts: migrationsCase({
        '001.sql': CREATE_ORDERS,
        '002.sql': 'ALTER TABLE orders ADD COLUMN memo text;\nALTER TABLE orders DROP COLUMN note;',
        '003.sql': "SET lock_timeout = '2s';\nALTER TABLE orders ADD COLUMN memo2 text;",
      }),
      findings: [{ target: '002.sql', severity: 'medium', evidence: { line: 1, tables: ['orders'], statements: 2 }, fix: /SET lock_timeout = '2s'; \(before line 1 of 002.sql\)/ }],
    },
    {
      name: 'SET LOCAL outside a transaction does nothing; timeout set only after the ALTER',
      facts: migrationsCase({
        '001.sql': CREATE_ORDERS,
        '002.sql': "SET LOCAL lock_timeout = '2s';\nALTER TABLE orders RENAME COLUMN note TO memo;",
        '003.sql': "DROP TABLE orders;\nSET lock_timeout = '1s';",
      }),
      findings: [
        { target: '002.sql', evidence: { line: 2 } },
        { target: '003.sql', evidence: { line: 1 } },
      ],
    },
    {
      name: 'a DO block the parser cannot see into, measured taking ACCESS EXCLUSIVE on an existing table',
      facts: migrationsCase(
        { '001.sql': CREATE_ORDERS, '002.sql': "DO $$ BEGIN EXECUTE 'ALTER TABLE orders ADD COLUMN memo text'; END $$;" },
        {
          measured: {
            'DO $$': { locks: [{ relation: 'orders', kind: 'table', mode: 'ACCESS EXCLUSIVE', existing: true }], ms: 3, rows: null, error: null, observedBy: 'backend' },
          },
        },
      ),
      findings: [{ target: '002.sql', evidence: { line: 1, tables: ['orders'] } }],
    },
  ],
  notApplicable: [{ name: 'no migration files', facts: noMigrations() }],
});

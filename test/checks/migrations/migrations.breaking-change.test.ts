import check from '../../../src/checks/migrations/migrations.breaking-change.ts';
import { checkTester } from '../../support/check-tester.ts';
import { CREATE_ORDERS, migrationsCase, noMigrations } from './migration-facts.ts';

checkTester(check, {
  pass: [
    {
      name: 'additive changes only',
      facts: migrationsCase({
        '001.sql': CREATE_ORDERS,
        '002.sql': "ALTER TABLE orders ADD COLUMN region text NOT NULL DEFAULT 'eu', ADD COLUMN memo text;\nCREATE TABLE refunds (id bigint);",
      }),
    },
    {
      name: 'dropping and renaming within the migration that created the table',
      facts: migrationsCase({
        '001.sql': `${CREATE_ORDERS}\nALTER TABLE orders DROP COLUMN note;\nALTER TABLE orders RENAME COLUMN total TO amount;\nALTER TABLE orders ADD COLUMN region text NOT NULL;`,
      }),
    },
  ],
  fail: [
    {
      name: 'drop column, drop table, renames and a required column on existing tables',
      facts: migrationsCase({
        '001.sql': `${CREATE_ORDERS}\nCREATE TABLE legacy (id int);\nCREATE TABLE carts (id int);`,
        '002.sql': [
          'ALTER TABLE orders DROP COLUMN note;',
          'DROP TABLE legacy;',
          'ALTER TABLE orders RENAME COLUMN total TO amount;',
          'ALTER TABLE carts RENAME TO baskets;',
          'ALTER TABLE orders ADD COLUMN region text NOT NULL;',
        ].join('\n'),
      }),
      findings: [
        { target: '002.sql:1', severity: 'high', evidence: { rule: 'ban-drop-column', table: 'orders' }, fix: /later migration/ },
        { target: '002.sql:2', evidence: { rule: 'ban-drop-table', table: 'legacy' } },
        { target: '002.sql:3', evidence: { rule: 'renaming-column' }, title: /RENAME COLUMN orders.total → amount breaks the running version/ },
        { target: '002.sql:4', evidence: { rule: 'renaming-table', table: 'carts' }, fix: /CREATE VIEW carts/ },
        { target: '002.sql:5', evidence: { rule: 'adding-required-field' }, fix: /backfill/ },
      ],
    },
    {
      name: 'DROP DATABASE, TRUNCATE ... CASCADE and DROP NOT NULL (plain TRUNCATE of named tables is not flagged)',
      facts: migrationsCase({
        '001.sql': `${CREATE_ORDERS}\nCREATE TABLE carts (id bigint);`,
        '002.sql': ['DROP DATABASE IF EXISTS reporting;', 'TRUNCATE carts CASCADE;', 'TRUNCATE carts;', 'ALTER TABLE orders ALTER COLUMN user_id DROP NOT NULL;'].join('\n'),
      }),
      findings: [
        { target: '002.sql:1', evidence: { rule: 'ban-drop-database', table: 'reporting' } },
        { target: '002.sql:2', evidence: { rule: 'ban-truncate-cascade', table: 'carts' }, fix: /without CASCADE/ },
        { target: '002.sql:4', evidence: { rule: 'ban-drop-not-null', table: 'orders' }, fix: /handles NULL/ },
      ],
    },
  ],
  notApplicable: [{ name: 'no migration files', facts: noMigrations() }],
});

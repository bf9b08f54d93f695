import check from '../../../src/checks/migrations/migrations.not-idempotent.ts';
import { checkTester } from '../../support/check-tester.ts';
import { migrationsCase, noMigrations } from './migration-facts.ts';

checkTester(check, {
  pass: [
    {
      name: 'robust forms outside a transaction, and a file the tool wraps',
      facts: migrationsCase({
        '001.sql': [
          'CREATE TABLE IF NOT EXISTS a (id bigint);',
          'CREATE INDEX CONCURRENTLY IF NOT EXISTS a_id_idx ON a (id);',
          'ALTER TABLE a ADD COLUMN IF NOT EXISTS note text;',
          'ALTER TABLE a DROP CONSTRAINT IF EXISTS a_uniq;',
          'ALTER TABLE a ADD CONSTRAINT a_uniq UNIQUE USING INDEX a_id_idx;',
          'DROP INDEX CONCURRENTLY IF EXISTS old_idx;',
          'CREATE TEMP TABLE scratch (id int) ON COMMIT DROP;',
        ].join('\n'),
      }),
    },
    {
      name: 'the same statements in a dbmate transaction',
      facts: migrationsCase({ '001.sql': 'CREATE TABLE b (id bigint);\nDROP TABLE c;' }, { wrap: 'transaction', tool: 'dbmate' }),
    },
  ],
  fail: [
    {
      name: 'a file run statement by statement that a retry cannot re-run, and a lone named CONCURRENTLY build',
      facts: migrationsCase({
        '001.sql': 'CREATE TABLE a (id bigint);\nALTER TABLE a ADD COLUMN note text;\nDROP TABLE legacy;',
        '002.sql': 'CREATE INDEX CONCURRENTLY a_note_idx ON a (note);',
      }),
      findings: [
        { target: '001.sql:1', severity: 'low', fix: /CREATE TABLE IF NOT EXISTS/ },
        { target: '001.sql:2', fix: /ADD COLUMN IF NOT EXISTS/ },
        { target: '001.sql:3', fix: /IF EXISTS/ },
        { target: '002.sql:1', fix: /IF NOT EXISTS/ },
      ],
    },
  ],
  notApplicable: [{ name: 'no migration files', facts: noMigrations() }],
});

import check from '../../../src/checks/migrations/migrations.concurrent-in-transaction.ts';
import { checkTester } from '../../support/check-tester.ts';
import { CREATE_ORDERS, migrationsCase, noMigrations } from './migration-facts.ts';

checkTester(check, {
  pass: [
    { name: 'CONCURRENTLY alone, no transaction', facts: migrationsCase({ '001.sql': CREATE_ORDERS, '002.sql': 'CREATE INDEX CONCURRENTLY i ON orders (total);' }) },
    {
      name: 'a single statement sent as one query (Prisma, golang-migrate)',
      facts: migrationsCase({ '002.sql': 'CREATE INDEX CONCURRENTLY i ON orders (total);' }, { wrap: 'implicit' }),
    },
    { name: 'plain index inside a transaction', facts: migrationsCase({ '002.sql': 'BEGIN;\nCREATE INDEX i ON orders (total);\nCOMMIT;' }) },
  ],
  fail: [
    {
      name: 'explicit BEGIN around CREATE INDEX CONCURRENTLY',
      facts: migrationsCase({ '002.sql': 'BEGIN;\nCREATE INDEX CONCURRENTLY i ON orders (total);\nCOMMIT;' }),
      findings: [{ target: '002.sql:2', severity: 'high', evidence: { transaction: 'an explicit BEGIN earlier in the file' }, fix: /own migration/ }],
    },
    {
      name: 'the tool wraps the file in a transaction (dbmate)',
      facts: migrationsCase({ '002.sql': 'CREATE INDEX CONCURRENTLY i ON orders (total);' }, { wrap: 'transaction' }),
      findings: [{ target: '002.sql:1', evidence: { transaction: 'dbmate wraps each migration in a transaction' } }],
    },
    {
      name: 'several statements sent as one query: implicit transaction',
      facts: migrationsCase({ '002.sql': 'ALTER TABLE orders ADD COLUMN memo text;\nDROP INDEX CONCURRENTLY old_idx;' }, { wrap: 'implicit' }),
      findings: [{ target: '002.sql:2' }],
    },
  ],
  notApplicable: [{ name: 'no migration files', facts: noMigrations() }],
});

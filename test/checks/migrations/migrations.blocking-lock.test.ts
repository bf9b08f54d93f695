import check from '../../../src/checks/migrations/migrations.blocking-lock.ts';
import { checkTester } from '../../support/check-tester.ts';
import { factsWith } from '../../support/facts.ts';
import { CREATE_ORDERS, migrationsCase, noMigrations } from './migration-facts.ts';

checkTester(check, {
  pass: [
    {
      name: 'online forms: CONCURRENTLY, NOT VALID then VALIDATE, nullable column, constant default',
      facts: migrationsCase({
        '001_init.sql': CREATE_ORDERS,
        '002_online.sql': [
          "SET lock_timeout = '2s';",
          'CREATE INDEX CONCURRENTLY orders_user_idx ON orders (user_id);',
          'ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;',
          'ALTER TABLE orders VALIDATE CONSTRAINT orders_user_fk;',
          "ALTER TABLE orders ADD COLUMN state text DEFAULT 'new', ADD COLUMN seen_at timestamptz DEFAULT now();",
        ].join('\n'),
      }),
    },
    {
      name: 'a type change the scratch run applied without rewriting the table (numeric precision widened)',
      facts: migrationsCase(
        { '001_init.sql': CREATE_ORDERS, '002.sql': 'ALTER TABLE orders ALTER COLUMN total TYPE numeric(12,2);' },
        {
          measured: {
            'numeric(12,2)': {
              locks: [{ relation: 'orders', kind: 'table', mode: 'ACCESS EXCLUSIVE', existing: true }],
              ms: 0,
              rows: 100_000,
              error: null,
              observedBy: 'backend',
              rewritten: [],
            },
          },
        },
      ),
    },
    {
      name: 'DROP INDEX measured brief (2 ms at 100,000 rows): ACCESS EXCLUSIVE, but not a lock that grows with the table',
      facts: migrationsCase(
        { '001_init.sql': `${CREATE_ORDERS}\nCREATE INDEX orders_user_idx ON orders (user_id);`, '002.sql': 'DROP INDEX orders_user_idx;' },
        {
          measured: {
            'DROP INDEX orders_user_idx': {
              locks: [{ relation: 'orders', kind: 'table', mode: 'ACCESS EXCLUSIVE', existing: true }],
              ms: 2,
              rows: 100_000,
              error: null,
              observedBy: 'backend',
            },
          },
        },
      ),
    },
    {
      name: 'index and type change on a table created in the same file (no rows yet)',
      facts: migrationsCase({ '001_init.sql': `${CREATE_ORDERS}\nCREATE INDEX orders_total_idx ON orders (total);\nALTER TABLE orders ALTER COLUMN total TYPE bigint;` }),
    },
  ],
  fail: [
    {
      name: 'plain CREATE INDEX on an existing table: SHARE lock, CONCURRENTLY rewrite',
      facts: migrationsCase({ '001_init.sql': CREATE_ORDERS, '002_index.sql': 'CREATE INDEX orders_user_idx ON orders (user_id);' }),
      findings: [
        {
          target: '002_index.sql:1',
          severity: 'high',
          title: /SHARE on orders/,
          evidence: { lockMode: 'SHARE', table: 'orders', rule: 'require-concurrent-index-creation', line: 1 },
          fix: /CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_user_idx ON orders \(user_id\).*lock_timeout/,
        },
      ],
    },
    {
      name: 'every rewriting or scanning ALTER on an existing table, each named with its lock',
      facts: migrationsCase({
        '001_init.sql': CREATE_ORDERS,
        '002_alter.sql': [
          'ALTER TABLE orders ADD COLUMN seen_at timestamptz DEFAULT clock_timestamp();',
          'ALTER TABLE orders ALTER COLUMN total TYPE bigint;',
          'ALTER TABLE orders ALTER COLUMN user_id SET NOT NULL;',
          'ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id);',
          'ALTER TABLE orders ADD CONSTRAINT positive CHECK (total > 0);',
          'VACUUM FULL orders;',
          'CLUSTER orders USING orders_pkey;',
          'REINDEX TABLE orders;',
          'DROP INDEX orders_old_idx;',
        ].join('\n'),
      }),
      findings: [
        { target: '002_alter.sql:1', evidence: { rule: 'adding-field-with-default', lockMode: 'ACCESS EXCLUSIVE' }, fix: /backfill/ },
        { target: '002_alter.sql:2', evidence: { rule: 'changing-column-type', lockMode: 'ACCESS EXCLUSIVE' } },
        { target: '002_alter.sql:3', evidence: { rule: 'setting-not-nullable-field' }, fix: /CHECK \(user_id IS NOT NULL\) NOT VALID/ },
        { target: '002_alter.sql:4', evidence: { rule: 'adding-foreign-key-constraint', lockMode: 'SHARE ROW EXCLUSIVE' }, fix: /NOT VALID.*VALIDATE CONSTRAINT orders_user_fk/ },
        { target: '002_alter.sql:5', evidence: { rule: 'constraint-missing-not-valid' } },
        { target: '002_alter.sql:6', evidence: { rule: 'ban-vacuum-full' } },
        { target: '002_alter.sql:7', evidence: { rule: 'ban-cluster' } },
        { target: '002_alter.sql:8', evidence: { rule: 'require-concurrent-reindex', lockMode: 'SHARE' } },
        { target: '002_alter.sql:9', evidence: { rule: 'require-concurrent-index-deletion', lockMode: 'ACCESS EXCLUSIVE' } },
      ],
    },
    {
      name: 'the scratch run measured the lock: duration and rows in the title and evidence',
      facts: migrationsCase(
        { '001_init.sql': CREATE_ORDERS, '002.sql': 'ALTER TABLE orders ALTER COLUMN total TYPE bigint;' },
        {
          measured: {
            'TYPE bigint': {
              locks: [{ relation: 'orders', kind: 'table', mode: 'ACCESS EXCLUSIVE' }],
              ms: 412,
              rows: 100_000,
              error: null,
              observedBy: 'backend',
              rewritten: ['orders'],
            },
          },
        },
      ),
      findings: [
        { title: /ACCESS EXCLUSIVE on orders for 412 ms at 100,000 rows/, evidence: { measured: 'ACCESS EXCLUSIVE on orders for 412 ms at 100,000 rows', measuredMs: 412 } },
      ],
    },
    {
      name: 'DROP INDEX without a measurement is still reported: static analysis cannot tell how long the queue waits',
      facts: migrationsCase({ '001_init.sql': `${CREATE_ORDERS}\nCREATE INDEX orders_user_idx ON orders (user_id);`, '002.sql': 'DROP INDEX orders_user_idx;' }),
      findings: [{ target: '002.sql:1', evidence: { rule: 'require-concurrent-index-deletion', table: 'orders' }, fix: /DROP INDEX CONCURRENTLY IF EXISTS orders_user_idx/ }],
    },
    {
      name: 'a rewrite after an ALTER in the same dbmate transaction names the lock still held',
      facts: migrationsCase(
        { '001_init.sql': CREATE_ORDERS, '002.sql': 'ALTER TABLE orders ADD COLUMN memo text;\nALTER TABLE orders ALTER COLUMN total TYPE bigint;' },
        { wrap: 'transaction', tool: 'dbmate' },
      ),
      findings: [
        {
          target: '002.sql:2',
          title: /while ACCESS EXCLUSIVE on orders from line 1 is held/,
          evidence: { heldLock: 'ACCESS EXCLUSIVE on orders from line 1' },
          fix: /SET LOCAL lock_timeout/,
        },
      ],
    },
  ],
  notApplicable: [{ name: 'no migration files', facts: noMigrations() }],
  notRun: [{ name: 'the migrations collector failed', status: 'error', facts: factsWith({ migrations: { error: { code: 'EACCES', message: 'permission denied' } } }) }],
});

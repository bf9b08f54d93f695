import check from '../../../src/checks/migrations/migrations.identifier-too-long.ts';
import { checkTester } from '../../support/check-tester.ts';
import { migrationsCase, noMigrations } from './migration-facts.ts';

const LONG = 'orders_customer_reference_with_a_very_long_descriptive_suffix_idx'; // 65 bytes

checkTester(check, {
  pass: [
    {
      name: 'names of exactly 63 bytes, and long text inside strings and comments',
      facts: migrationsCase({
        '001.sql': `CREATE TABLE table_very_long_very_long_very_long_very_long_very_long_very_lo (id bigint);\n-- ${LONG}\nCOMMENT ON TABLE table_very_long_very_long_very_long_very_long_very_long_very_lo IS '${LONG}';`,
      }),
    },
  ],
  fail: [
    {
      name: 'a 65-byte index name and a quoted multi-byte table name',
      facts: migrationsCase({ '001.sql': `CREATE TABLE t (id bigint);\nCREATE INDEX ${LONG} ON t (id);\nCREATE TABLE "${'é'.repeat(32)}" (id bigint);` }),
      findings: [
        { target: '001.sql:2', severity: 'low', evidence: { rule: 'identifier-too-long', table: LONG } },
        { target: '001.sql:3', evidence: { table: 'é'.repeat(32) } },
      ],
    },
  ],
  notApplicable: [{ name: 'no migration files', facts: noMigrations() }],
});

import check from '../../../src/checks/migrations/migrations.transaction-control.ts';
import { checkTester } from '../../support/check-tester.ts';
import { CREATE_ORDERS, migrationsCase, noMigrations } from './migration-facts.ts';

checkTester(check, {
  pass: [
    {
      name: 'BEGIN ... COMMIT in a file run statement by statement',
      facts: migrationsCase({ '001.sql': `BEGIN;\n${CREATE_ORDERS}\nCOMMIT;\nBEGIN;\nCREATE TABLE b (id bigint);\nCOMMIT;` }),
    },
    { name: 'no transaction control in a file the tool wraps', facts: migrationsCase({ '001.sql': CREATE_ORDERS }, { wrap: 'transaction', tool: 'dbmate' }) },
  ],
  fail: [
    {
      name: 'BEGIN without COMMIT',
      facts: migrationsCase({ '001.sql': `BEGIN;\n${CREATE_ORDERS}` }),
      findings: [{ target: '001.sql:1', severity: 'high', evidence: { rule: 'ban-uncommitted-transaction' }, fix: /Add COMMIT/ }],
    },
    {
      name: 'BEGIN/COMMIT inside the transaction dbmate opens: nested BEGIN',
      facts: migrationsCase({ '001.sql': `BEGIN;\n${CREATE_ORDERS}\nCOMMIT;` }, { wrap: 'transaction', tool: 'dbmate' }),
      findings: [{ target: '001.sql:1', evidence: { rule: 'transaction-nesting' }, title: /BEGIN inside the transaction dbmate already runs this file in/ }],
    },
    {
      name: 'COMMIT in the middle of a file the tool wraps, and a stray COMMIT with no transaction',
      facts: migrationsCase({ '001.sql': `${CREATE_ORDERS}\nCOMMIT;\nCREATE TABLE b (id bigint);` }, { wrap: 'transaction', tool: 'flyway' }),
      findings: [{ target: '001.sql:2', evidence: { rule: 'transaction-nesting' }, fix: /let flyway commit/ }],
    },
  ],
  notApplicable: [{ name: 'no migration files', facts: noMigrations() }],
});

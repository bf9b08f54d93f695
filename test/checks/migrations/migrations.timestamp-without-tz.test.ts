import check from '../../../src/checks/migrations/migrations.timestamp-without-tz.ts';
import { checkTester } from '../../support/check-tester.ts';
import { migrationsCase, noMigrations } from './migration-facts.ts';

checkTester(check, {
  pass: [{ name: 'timestamptz and timestamp with time zone', facts: migrationsCase({ '001.sql': 'CREATE TABLE a (id bigint, at timestamptz, b timestamp with time zone);' }) }],
  fail: [
    {
      name: "Prisma's TIMESTAMP(3), an added column and a type change to timestamp",
      facts: migrationsCase(
        {
          '001/migration.sql': 'CREATE TABLE "User" (id bigint, "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP, "updatedAt" TIMESTAMP(3) NOT NULL);',
          '002/migration.sql': 'ALTER TABLE "User" ADD COLUMN "seenAt" timestamp without time zone;\nALTER TABLE "User" ALTER COLUMN "createdAt" TYPE timestamp;',
        },
        { tool: 'prisma' },
      ),
      findings: [
        {
          target: '001/migration.sql:1',
          severity: 'low',
          title: /User.createdAt, User.updatedAt are timestamp without time zone/,
          evidence: { columns: ['User.createdAt', 'User.updatedAt'] },
          fix: /@db.Timestamptz\(3\)/,
        },
        { target: '002/migration.sql:1', title: /User.seenAt/ },
        { target: '002/migration.sql:2', title: /User.createdAt/ },
      ],
    },
  ],
  notApplicable: [{ name: 'no migration files', facts: noMigrations() }],
});

// A fix launchready gives must be runnable in the tool found and must not fail launchready's own checks when applied
// the way it says (alone in its file, with the tool's transaction switch).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TransactionWrap } from '../../src/analyze/sql/types.ts';
import { migrationsChecks } from '../../src/checks/migrations/index.ts';
import { runChecks } from '../../src/checks/run.ts';
import type { MigrationTool } from '../../src/facts/migrations.ts';
import { CREATE_ORDERS, migrationFacts } from '../checks/migrations/migration-facts.ts';
import { factsWith } from '../support/facts.ts';

const REGISTRY = new Map(migrationsChecks.map((c) => [c.meta.id, c]));

function findingsFor(files: Record<string, string>, tool: MigrationTool, wrap: TransactionWrap) {
  return runChecks(factsWith({ migrations: migrationFacts(files, { tool, wrap }) }), REGISTRY).findings;
}

// how each SQL tool runs the file the fix asks for: Prisma/golang-migrate one statement, dbmate transaction:false, Flyway executeInTransaction=false
const OUTSIDE: { tool: MigrationTool; wrap: TransactionWrap; says: RegExp }[] = [
  { tool: 'prisma', wrap: 'implicit', says: /alone in a new migration folder/ },
  { tool: 'golang-migrate', wrap: 'implicit', says: /alone in its own \.up\.sql file/ },
  { tool: 'dbmate', wrap: 'none', says: /migrate:up transaction:false/ },
  { tool: 'flyway', wrap: 'none', says: /executeInTransaction=false/ },
  { tool: 'sqitch', wrap: 'none', says: /no BEGIN\/COMMIT/ },
];

describe('fixes pass the checks they come from', () => {
  for (const { tool, wrap, says } of OUTSIDE) {
    it(`${tool}: the CONCURRENTLY rewrites of CREATE INDEX and DROP INDEX, applied as the fix says, raise nothing`, () => {
      const toolWrap: TransactionWrap = tool === 'prisma' || tool === 'golang-migrate' ? 'implicit' : 'transaction';
      const bad = findingsFor({ '001.sql': CREATE_ORDERS, '002.sql': 'CREATE INDEX orders_user_idx ON orders (user_id);\nDROP INDEX orders_old_idx;' }, tool, toolWrap).filter(
        (f) => f.id === 'migrations.blocking-lock',
      );
      assert.equal(bad.length, 2);
      for (const finding of bad) {
        assert.match(finding.fix, says);
        const sql = `${/^(.*?;)/.exec(finding.fix)?.[1]}`;
        assert.match(sql, /CONCURRENTLY IF (NOT )?EXISTS/);
        assert.deepEqual(
          findingsFor({ '001.sql': CREATE_ORDERS, '003.sql': sql }, tool, wrap).map((f) => `${f.id} ${f.target}`),
          [],
          `${tool}: ${sql}`,
        );
      }
    });
  }

  it('the batched backfill the fix describes is a bounded statement', () => {
    const [finding] = findingsFor({ '001.sql': CREATE_ORDERS, '002.sql': 'UPDATE orders SET note = total::text;' }, 'plain', 'none').filter(
      (f) => f.id === 'migrations.backfill-in-migration',
    );
    assert.match(finding?.fix ?? '', /UPDATE orders SET \.\.\. WHERE id IN \(SELECT id FROM orders WHERE <not yet backfilled> LIMIT 10000\)/);
    const batch = 'UPDATE orders SET note = total::text WHERE id IN (SELECT id FROM orders WHERE note IS NULL LIMIT 10000);';
    assert.deepEqual(findingsFor({ '001.sql': CREATE_ORDERS, '003.sql': batch }, 'plain', 'none'), []);
  });

  it('the lock_timeout advice keeps a Prisma CONCURRENTLY file at one statement', () => {
    const [finding] = findingsFor({ '001.sql': CREATE_ORDERS, '002.sql': 'CREATE INDEX orders_user_idx ON orders (user_id);' }, 'prisma', 'implicit');
    assert.match(finding?.fix ?? '', /ALTER ROLE <migration role> SET lock_timeout/);
    assert.doesNotMatch(finding?.fix ?? '', /Start the migration with SET/);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeLock, measuredLock, rewriteDisproved, statementTarget } from '../../src/analyze/sql/evidence.ts';
import type { MigrationStatement } from '../../src/facts/migrations.ts';

const statement: MigrationStatement = {
  file: 'db/migrations/002.sql',
  line: 4,
  kind: 'AlterTableStmt',
  sql: 'ALTER TABLE orders ALTER COLUMN total TYPE bigint',
  locks: [{ table: 'orders', mode: 'ACCESS EXCLUSIVE', newTable: false }],
  rewrites: true,
  inTransaction: false,
  lockTimeout: false,
  held: null,
  hazards: [],
  measured: { locks: [{ relation: 'orders', kind: 'table', mode: 'ACCESS EXCLUSIVE' }], ms: 412, rows: 100_000, error: null, observedBy: 'backend' },
};

describe('migration finding evidence', () => {
  it('describes the measured lock with its duration and table size', () => {
    const m = measuredLock(statement, 'orders');
    assert.equal(describeLock('ACCESS EXCLUSIVE', 'orders', m), 'ACCESS EXCLUSIVE on orders for 412 ms at 100,000 rows');
    assert.equal(statementTarget(statement), 'db/migrations/002.sql:4');
  });

  it('falls back to the static lock when nothing was measured or the statement failed', () => {
    assert.equal(measuredLock({ ...statement, measured: null }, 'orders'), null);
    assert.equal(measuredLock({ ...statement, measured: { ...statement.measured!, error: 'relation does not exist' } }, 'orders'), null);
    assert.equal(measuredLock(statement, 'users'), null);
    assert.equal(describeLock('SHARE', 'orders', null), 'SHARE on orders');
  });

  it('a rewrite rule is disproved only when the scratch run compared storage and the table kept it', () => {
    const typeChange = { rule: 'changing-column-type', table: 'orders' };
    assert.equal(rewriteDisproved({ ...statement, measured: { ...statement.measured!, rewritten: [] } }, typeChange), true);
    assert.equal(rewriteDisproved({ ...statement, measured: { ...statement.measured!, rewritten: ['orders'] } }, typeChange), false);
    assert.equal(rewriteDisproved(statement, typeChange), false, 'not compared');
    assert.equal(
      rewriteDisproved({ ...statement, measured: { ...statement.measured!, rewritten: [] } }, { rule: 'setting-not-nullable-field', table: 'orders' }),
      false,
      'a scan is not a rewrite',
    );
    assert.equal(rewriteDisproved({ ...statement, measured: { ...statement.measured!, rewritten: [], error: 'boom' } }, typeChange), false);
  });
});

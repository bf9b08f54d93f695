import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { analyzeMigrationFile, isVolatileExpression, type MigrationSetState, newMigrationSetState } from '../../src/analyze/sql/locks.ts';
import { loadSqlParser, parseSqlScript } from '../../src/analyze/sql/parse.ts';
import type { StatementAnalysis, TransactionWrap } from '../../src/analyze/sql/types.ts';
import { lockModeFromPgLocks } from '../../src/analyze/sql/types.ts';

function analyze(sql: string, wrap: TransactionWrap = 'none', set: MigrationSetState = newMigrationSetState()): StatementAnalysis[] {
  const parsed = parseSqlScript(sql);
  assert.ok('statements' in parsed, `fixture does not parse: ${'error' in parsed ? parsed.error.message : ''}`);
  return analyzeMigrationFile(parsed.statements, wrap, set);
}

// retry-safety (not-idempotent) is its own rule, tested below: the lock rules are judged without it
function rules(sql: string, wrap: TransactionWrap = 'none'): string[] {
  return analyze(sql, wrap).flatMap((s) => s.hazards.filter((h) => h.check !== 'not-idempotent').map((h) => h.rule));
}

describe('static lock rules', () => {
  before(() => loadSqlParser());

  const cases: { rule: string; bad: string; good: string }[] = [
    { rule: 'require-concurrent-index-creation', bad: 'CREATE INDEX orders_user_idx ON orders (user_id);', good: 'CREATE INDEX CONCURRENTLY orders_user_idx ON orders (user_id);' },
    { rule: 'require-concurrent-index-deletion', bad: 'DROP INDEX orders_user_idx;', good: 'DROP INDEX CONCURRENTLY orders_user_idx;' },
    {
      rule: 'adding-field-with-default',
      bad: 'ALTER TABLE orders ADD COLUMN seen_at timestamptz DEFAULT clock_timestamp();',
      good: "ALTER TABLE orders ADD COLUMN seen_at timestamptz DEFAULT now(), ADD COLUMN state text DEFAULT 'new';",
    },
    { rule: 'changing-column-type', bad: 'ALTER TABLE orders ALTER COLUMN total TYPE numeric(12,2);', good: 'ALTER TABLE orders ALTER COLUMN total SET DEFAULT 0;' },
    {
      rule: 'setting-not-nullable-field',
      bad: 'ALTER TABLE orders ALTER COLUMN user_id SET NOT NULL;',
      good: 'ALTER TABLE orders ADD CONSTRAINT orders_user_nn CHECK (user_id IS NOT NULL) NOT VALID;\nALTER TABLE orders VALIDATE CONSTRAINT orders_user_nn;\nALTER TABLE orders ALTER COLUMN user_id SET NOT NULL;',
    },
    {
      rule: 'adding-foreign-key-constraint',
      bad: 'ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id);',
      good: 'ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;',
    },
    {
      rule: 'constraint-missing-not-valid',
      bad: 'ALTER TABLE orders ADD CONSTRAINT positive CHECK (total > 0);',
      good: 'ALTER TABLE orders ADD CONSTRAINT positive CHECK (total > 0) NOT VALID;',
    },
    {
      rule: 'disallowed-unique-constraint',
      bad: 'ALTER TABLE orders ADD CONSTRAINT orders_ref_key UNIQUE (ref);',
      good: 'ALTER TABLE orders ADD CONSTRAINT orders_ref_key UNIQUE USING INDEX orders_ref_idx;',
    },
    { rule: 'ban-vacuum-full', bad: 'VACUUM FULL orders;', good: 'VACUUM orders;' },
    { rule: 'ban-cluster', bad: 'CLUSTER orders USING orders_pkey;', good: 'ANALYZE orders;' },
    { rule: 'require-concurrent-reindex', bad: 'REINDEX TABLE orders;', good: 'REINDEX TABLE CONCURRENTLY orders;' },
    { rule: 'ban-drop-column', bad: 'ALTER TABLE orders DROP COLUMN legacy;', good: 'ALTER TABLE orders ALTER COLUMN legacy SET DEFAULT 0;' },
    { rule: 'ban-drop-table', bad: 'DROP TABLE orders;', good: 'DROP VIEW orders_summary;' },
    { rule: 'renaming-column', bad: 'ALTER TABLE orders RENAME COLUMN total TO amount;', good: 'ALTER INDEX orders_idx RENAME TO orders_idx2;' },
    { rule: 'renaming-table', bad: 'ALTER TABLE orders RENAME TO purchases;', good: 'CREATE VIEW purchases AS SELECT * FROM orders;' },
    { rule: 'adding-required-field', bad: 'ALTER TABLE orders ADD COLUMN region text NOT NULL;', good: "ALTER TABLE orders ADD COLUMN region text NOT NULL DEFAULT 'eu';" },
    {
      rule: 'ban-concurrent-index-creation-in-transaction',
      bad: 'BEGIN;\nCREATE INDEX CONCURRENTLY i ON orders (a);\nCOMMIT;',
      good: 'BEGIN;\nCOMMIT;\nCREATE INDEX CONCURRENTLY i ON orders (a);',
    },
  ];
  for (const c of cases) {
    it(`${c.rule}: fires on the unsafe form`, () => assert.ok(rules(c.bad).includes(c.rule), `${c.rule} did not fire on ${c.bad}: ${rules(c.bad)}`));
    it(`${c.rule}: stays quiet on the safe form`, () => assert.deepEqual(rules(c.good), []));
  }

  it('names the lock mode and table each statement takes', () => {
    const [index, fk, addColumn, cic] = analyze(
      'CREATE INDEX i ON orders (a);\nALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (u) REFERENCES app.users (id);\nALTER TABLE public.orders ADD COLUMN note text;\nCREATE INDEX CONCURRENTLY j ON orders (b);',
    );
    assert.deepEqual(index?.locks, [{ table: 'orders', mode: 'SHARE', newTable: false }]);
    assert.deepEqual(
      fk?.locks.map((l) => [l.table, l.mode]),
      [
        ['orders', 'SHARE ROW EXCLUSIVE'],
        ['app.users', 'SHARE ROW EXCLUSIVE'],
      ],
    );
    assert.deepEqual(addColumn?.locks, [{ table: 'orders', mode: 'ACCESS EXCLUSIVE', newTable: false }]);
    assert.deepEqual(
      addColumn?.hazards.filter((h) => h.check !== 'not-idempotent'),
      [],
      'a nullable column without default is a catalog-only change',
    );
    assert.deepEqual(
      cic?.locks.map((l) => l.mode),
      ['SHARE UPDATE EXCLUSIVE'],
    );
    assert.equal(index?.line, 1);
    assert.equal(cic?.line, 4);
  });

  it('policies and triggers take the locks pg_locks shows (CREATE/DROP POLICY and DROP TRIGGER: ACCESS EXCLUSIVE)', () => {
    const out = analyze(
      'CREATE POLICY p ON public.orders USING (true);\nDROP POLICY p ON orders;\nCREATE TRIGGER t BEFORE UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION f();\nDROP TRIGGER t ON app.orders;',
    );
    assert.deepEqual(
      out.map((s) => s.locks.map((l) => `${l.table} ${l.mode}`)),
      [['orders ACCESS EXCLUSIVE'], ['orders ACCESS EXCLUSIVE'], ['orders SHARE ROW EXCLUSIVE'], ['app.orders ACCESS EXCLUSIVE']],
    );
    assert.deepEqual(
      out.flatMap((s) => s.hazards.filter((h) => h.check !== 'not-idempotent')),
      [],
    );
  });

  it('an inline REFERENCES on a new column locks the referenced table without a rule', () => {
    const [add] = analyze('ALTER TABLE orders ADD COLUMN user_id bigint REFERENCES users (id);');
    assert.deepEqual(
      add?.locks.map((l) => [l.table, l.mode]),
      [
        ['orders', 'ACCESS EXCLUSIVE'],
        ['users', 'SHARE ROW EXCLUSIVE'],
      ],
    );
    assert.deepEqual(add?.hazards, []);
  });

  it('sees DDL inside DO blocks: plain statements and EXECUTE of a literal, not SQL built at run time', () => {
    const drizzle = analyze(
      `DO $$ BEGIN\n ALTER TABLE "orders" ADD CONSTRAINT "orders_user_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action;\nEXCEPTION\n WHEN duplicate_object THEN null;\nEND $$;`,
    );
    assert.deepEqual(
      drizzle[0]?.hazards.map((h) => [h.rule, h.table]),
      [['adding-foreign-key-constraint', 'orders']],
    );
    assert.deepEqual(
      drizzle[0]?.locks.map((l) => [l.table, l.mode]),
      [
        ['orders', 'SHARE ROW EXCLUSIVE'],
        ['users', 'SHARE ROW EXCLUSIVE'],
      ],
    );
    const executed = analyze(
      "DO $do$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_indexes WHERE indexname = 'i') THEN EXECUTE 'CREATE INDEX i ON orders (note) WHERE note <> ''x'''; END IF; END $do$;",
    );
    assert.deepEqual(
      executed[0]?.hazards.map((h) => h.rule),
      ['require-concurrent-index-creation'],
    );
    assert.match(executed[0]?.hazards[0]?.fix ?? '', /CREATE INDEX CONCURRENTLY IF NOT EXISTS i ON orders \(note\) WHERE note <> 'x'/);
    assert.deepEqual(analyze("DO $$ BEGIN EXECUTE format('ALTER TABLE %I ADD COLUMN a int', 'orders'); END $$;")[0]?.locks, []);
    assert.deepEqual(analyze("DO $$ DECLARE n int; BEGIN SELECT count(*) INTO n FROM orders; RAISE NOTICE 'drop table x; %', n; END $$;")[0]?.hazards, []);
  });

  it('does not flag a table created earlier in the same file (no rows yet)', () => {
    const out = analyze(
      'CREATE TABLE invoices (id bigint PRIMARY KEY, total int);\nCREATE INDEX invoices_total_idx ON invoices (total);\nALTER TABLE invoices ADD COLUMN paid_at timestamptz NOT NULL;\nALTER TABLE invoices ALTER COLUMN total TYPE bigint;\nDROP INDEX invoices_total_idx;',
    );
    assert.deepEqual(
      out.flatMap((s) => s.hazards.filter((h) => h.check !== 'not-idempotent')),
      [],
    );
    assert.equal(out[1]?.locks[0]?.newTable, true);
  });

  it('flags the same index on a table created in an earlier file', () => {
    const set = newMigrationSetState();
    analyze('CREATE TABLE invoices (id bigint PRIMARY KEY, total int);', 'none', set);
    const out = analyze('CREATE INDEX invoices_total_idx ON invoices (total);', 'none', set);
    assert.deepEqual(
      out.flatMap((s) => s.hazards.map((h) => [h.rule, h.table, h.lockMode])),
      [['require-concurrent-index-creation', 'invoices', 'SHARE']],
    );
    assert.match(out[0]?.hazards[0]?.fix ?? '', /CREATE INDEX CONCURRENTLY IF NOT EXISTS invoices_total_idx ON invoices/);
  });

  it('CREATE TABLE IF NOT EXISTS of a table from an earlier file creates nothing: the table still has rows', () => {
    const set = newMigrationSetState();
    analyze('CREATE TABLE invoices (id bigint, total int);', 'none', set);
    const out = analyze('CREATE TABLE IF NOT EXISTS invoices (id bigint, total int);\nCREATE INDEX invoices_total_idx ON invoices (total);', 'none', set);
    assert.deepEqual(
      out.flatMap((s) => s.hazards.filter((h) => h.check !== 'not-idempotent').map((h) => h.rule)),
      ['require-concurrent-index-creation'],
    );
    const fresh = analyze('CREATE TABLE IF NOT EXISTS receipts (id bigint);\nCREATE INDEX receipts_id_idx ON receipts (id);', 'none', set);
    assert.deepEqual(
      fresh.flatMap((s) => s.hazards.filter((h) => h.check !== 'not-idempotent')),
      [],
    );
  });

  it('knows which table a dropped index belongs to from an earlier migration', () => {
    const set = newMigrationSetState();
    analyze('CREATE INDEX CONCURRENTLY orders_user_idx ON orders (user_id);', 'none', set);
    const [drop] = analyze('DROP INDEX orders_user_idx;', 'none', set);
    assert.equal(drop?.hazards[0]?.table, 'orders');
  });

  it('treats a serial or identity column and unknown functions as rewriting defaults, constants and now() as safe', () => {
    assert.deepEqual(rules('ALTER TABLE orders ADD COLUMN n bigserial;'), ['adding-field-with-default']);
    assert.deepEqual(rules('ALTER TABLE orders ADD COLUMN n int GENERATED ALWAYS AS IDENTITY;'), ['adding-field-with-default']);
    assert.deepEqual(rules('ALTER TABLE orders ADD COLUMN token uuid DEFAULT gen_random_uuid();'), ['adding-field-with-default']);
    assert.deepEqual(
      rules("ALTER TABLE orders ADD COLUMN at timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP, ADD COLUMN n int DEFAULT -1, ADD COLUMN s text DEFAULT 'x'::text;"),
      [],
    );
    assert.equal(isVolatileExpression({ FuncCall: { funcname: [{ String: { sval: 'random' } }] } }), true);
    assert.equal(isVolatileExpression({ A_Const: { ival: { ival: 1 } } }), false);
  });

  it('tracks lock_timeout and statement_timeout, SET LOCAL only inside a transaction', () => {
    const timeouts = (sql: string, wrap: TransactionWrap = 'none') => analyze(sql, wrap).map((s) => s.lockTimeout);
    assert.deepEqual(timeouts("SET lock_timeout = '2s';\nALTER TABLE t ADD COLUMN a int;"), [false, true]);
    assert.deepEqual(timeouts('SET statement_timeout TO 5000;\nALTER TABLE t ADD COLUMN a int;'), [false, true]);
    assert.deepEqual(timeouts("BEGIN;\nSET LOCAL lock_timeout = '2s';\nALTER TABLE t ADD COLUMN a int;\nCOMMIT;\nALTER TABLE t ADD COLUMN b int;"), [
      false,
      false,
      true,
      true,
      false,
    ]);
    assert.deepEqual(timeouts("SET LOCAL lock_timeout = '2s';\nALTER TABLE t ADD COLUMN a int;"), [false, false], 'SET LOCAL outside a transaction has no effect');
    assert.deepEqual(timeouts("SET LOCAL lock_timeout = '2s';\nALTER TABLE t ADD COLUMN a int;", 'transaction'), [false, true]);
    assert.deepEqual(timeouts('SET lock_timeout = 0;\nALTER TABLE t ADD COLUMN a int;'), [false, false], 'zero disables the timeout');
    assert.deepEqual(timeouts("SET lock_timeout = '1s';\nRESET lock_timeout;\nALTER TABLE t ADD COLUMN a int;"), [false, true, false]);
    assert.deepEqual(timeouts("SELECT set_config('lock_timeout', '3s', false);\nALTER TABLE t ADD COLUMN a int;"), [false, true]);
  });

  it('knows when the tool runs the file inside a transaction', () => {
    const cic = 'CREATE INDEX CONCURRENTLY i ON orders (a);';
    assert.deepEqual(rules(cic, 'transaction'), ['ban-concurrent-index-creation-in-transaction']);
    assert.deepEqual(rules(cic, 'implicit'), [], 'a single statement sent alone is not in a transaction block');
    assert.deepEqual(rules(`SELECT 1;\n${cic}`, 'implicit'), ['ban-concurrent-index-creation-in-transaction'], 'a multi-statement query is one implicit transaction');
    assert.deepEqual(rules(`BEGIN;\nDROP INDEX CONCURRENTLY i;\nCOMMIT;`), ['ban-concurrent-index-creation-in-transaction']);
    assert.deepEqual(rules(`BEGIN;\nREINDEX INDEX CONCURRENTLY i;\nCOMMIT;`), ['ban-concurrent-index-creation-in-transaction']);
  });

  it('maps pg_locks mode names', () => {
    assert.equal(lockModeFromPgLocks('AccessExclusiveLock'), 'ACCESS EXCLUSIVE');
    assert.equal(lockModeFromPgLocks('ShareUpdateExclusiveLock'), 'SHARE UPDATE EXCLUSIVE');
    assert.equal(lockModeFromPgLocks('ShareLock'), 'SHARE');
    assert.equal(lockModeFromPgLocks('SIReadLock'), null);
  });
});

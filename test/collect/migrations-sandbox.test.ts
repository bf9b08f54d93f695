// Dynamic lock analysis in the PGlite sandbox (no server needed). The PostgreSQL at 127.0.0.1:5432 (trust auth) is
// only used to check that --database-url is read, never written: its row counts size the seeding.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import pg from 'pg';
import { migrationsCollector } from '../../src/collect/migrations/index.ts';
import { measureInSandbox } from '../../src/collect/migrations/sandbox.ts';
import { collectFacts } from '../../src/collect/run.ts';
import { isCollectorFailure } from '../../src/facts/index.ts';
import type { MigrationStatement, MigrationsFacts } from '../../src/facts/migrations.ts';
import { Redactor } from '../../src/mask.ts';
import { NetContext } from '../../src/net/context.ts';
import { buildPlan } from '../../src/plan.ts';
import { migrationsInventories } from '../../src/report/inventory.ts';
import { runAllChecks } from '../support/run-all.ts';

const DATABASE_URL = process.env.LAUNCHREADY_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const T = { timeout: 180_000 };

async function collect(files: Record<string, string>, options: { seedRows?: number; timeoutMs?: number; databaseUrl?: string } = {}): Promise<MigrationsFacts> {
  const dir = await mkdtemp(join(tmpdir(), 'lr-migrations-'));
  try {
    for (const [path, text] of Object.entries(files)) {
      await mkdir(dirname(join(dir, path)), { recursive: true });
      await writeFile(join(dir, path), text);
    }
    const { plan, secrets } = buildPlan(
      { migrations: { dir: 'db/migrations' } },
      { urls: [], repo: dir, ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {}), seedRows: options.seedRows ?? 20_000, cwd: dir, cwdIsGitRepo: false },
      {},
    );
    const net = new NetContext({ timeoutMs: options.timeoutMs ?? 10_000, concurrency: 4, resolve: [], dnsServers: [], extraCaPem: [], allowNonLoopbackTraffic: false });
    assert.equal(migrationsCollector?.missingInput(plan), null);
    const facts = await migrationsCollector!.collect({ plan, secrets, net, redactor: new Redactor(), progress() {} });
    assert.ok(!isCollectorFailure(facts), JSON.stringify(facts));
    return facts as MigrationsFacts;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function find(facts: MigrationsFacts, pattern: RegExp): MigrationStatement {
  const s = facts.statements.find((x) => pattern.test(x.sql));
  assert.ok(s, `no statement matches ${pattern}`);
  return s;
}

function measuredMode(s: MigrationStatement, relation: string): string | undefined {
  return s.measured?.locks.find((l) => l.relation === relation)?.mode;
}

const CREATE_ORDERS = `CREATE TABLE users (id bigserial PRIMARY KEY, email text NOT NULL UNIQUE, created_at timestamptz NOT NULL DEFAULT now());
CREATE TYPE order_state AS ENUM ('new', 'paid');
CREATE TABLE orders (
  id bigserial PRIMARY KEY,
  user_id bigint NOT NULL REFERENCES users (id),
  state order_state NOT NULL,
  total numeric(10,2) NOT NULL,
  note varchar(40),
  placed_at timestamptz NOT NULL
);
`;

describe('migrations collector: PGlite sandbox', () => {
  it('measures the locks PostgreSQL really takes, on seeded tables, without any database URL', T, async () => {
    const facts = await collect({
      'db/migrations/001_init.sql': CREATE_ORDERS,
      'db/migrations/002_changes.sql': [
        'CREATE INDEX orders_placed_idx ON orders (placed_at);',
        'CREATE INDEX CONCURRENTLY orders_user_idx ON orders (user_id);',
        'ALTER TABLE orders ADD COLUMN seen_at timestamptz DEFAULT clock_timestamp();',
        'ALTER TABLE orders ALTER COLUMN note SET NOT NULL;',
        'ALTER TABLE orders ALTER COLUMN total TYPE numeric(12,2);',
        'ALTER TABLE orders ADD COLUMN memo text;',
      ].join('\n'),
    });
    const dynamic = facts.dynamic;
    assert.ok(dynamic, 'the sandbox ran with no flag and no server');
    assert.equal(dynamic.error, null, JSON.stringify(dynamic.error));
    assert.match(dynamic.engine ?? '', /^PostgreSQL 1[89]\.\d+ \(PGlite \d+\.\d+\.\d+\)$/);
    assert.equal(dynamic.rowCounts, 'seed-rows');
    assert.equal(dynamic.restarts, 0);
    assert.deepEqual(
      dynamic.seeded.map((s) => [s.table, s.rows, s.error]),
      [
        ['users', 20_000, null],
        ['orders', 20_000, null],
      ],
      'orders is seeded (after its foreign-key parent users) before the first statement that alters it',
    );

    const plainIndex = find(facts, /^CREATE INDEX orders_placed_idx/);
    assert.equal(measuredMode(plainIndex, 'orders'), 'SHARE', 'plain CREATE INDEX holds SHARE on the table (blocks writes, not reads)');
    assert.equal(plainIndex.measured?.observedBy, 'backend');
    assert.equal(plainIndex.measured?.rows, 20_000);
    assert.ok((plainIndex.measured?.ms ?? -1) >= 0);

    // CONCURRENTLY commits on its own: it ran (no error), but one connection cannot read its locks mid-statement
    const concurrent = find(facts, /CONCURRENTLY/);
    assert.equal(concurrent.measured?.error, null);
    assert.equal(concurrent.measured?.observedBy, 'none');
    assert.deepEqual(concurrent.measured?.locks, []);
    assert.equal(concurrent.locks.find((l) => l.table === 'orders')?.mode, 'SHARE UPDATE EXCLUSIVE', 'the static analysis gives its mode');

    for (const pattern of [/clock_timestamp/, /SET NOT NULL/, /TYPE numeric\(12,2\)/, /ADD COLUMN memo/]) {
      const s = find(facts, pattern);
      assert.equal(s.measured?.error, null, `${pattern}: ${s.measured?.error}`);
      assert.equal(measuredMode(s, 'orders'), 'ACCESS EXCLUSIVE', `${pattern}: ${JSON.stringify(s.measured?.locks)}`);
    }
    assert.deepEqual(find(facts, /clock_timestamp/).measured?.rewritten, ['orders'], 'a volatile default rewrites the table (new relfilenode)');
    assert.deepEqual(find(facts, /TYPE numeric\(12,2\)/).measured?.rewritten, [], 'widening numeric precision keeps the storage');
    assert.deepEqual(find(facts, /ADD COLUMN memo/).measured?.rewritten, [], 'a column without default is a catalog change');
    assert.equal(find(facts, /ADD COLUMN memo/).measured?.locks.find((l) => l.relation === 'orders')?.existing, true, 'orders came from an earlier file');
    const row = migrationsInventories(facts)[0]?.rows.find((r) => r[2]?.startsWith('CREATE INDEX orders_placed_idx'));
    assert.deepEqual(row?.slice(0, 2), ['db/migrations/002_changes.sql', '1']);
    assert.deepEqual(row?.slice(3, 5), ['SHARE', 'orders']);
    assert.match(row?.[5] ?? '', /^\d+$/);
  });

  it('the static lock table agrees with what pg_locks shows, statement by statement', T, async () => {
    const statements = [
      'CREATE INDEX orders_placed_idx ON orders (placed_at);',
      'ALTER TABLE orders ADD COLUMN memo text;',
      'ALTER TABLE orders ADD CONSTRAINT orders_user_fk2 FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;',
      'ALTER TABLE orders VALIDATE CONSTRAINT orders_user_fk2;',
      'ALTER TABLE orders ALTER COLUMN total SET STATISTICS 500;',
      'ALTER TABLE orders SET (fillfactor = 70);',
      'CREATE POLICY orders_all ON orders USING (true);',
      'ALTER TABLE orders RENAME COLUMN memo TO memo2;',
      'ALTER TABLE orders DROP COLUMN memo2;',
      'ALTER TABLE orders ADD CONSTRAINT orders_total_positive CHECK (total > 0);',
      'REINDEX TABLE orders;',
      'CLUSTER orders USING orders_pkey;',
      'VACUUM FULL orders;',
      'LOCK TABLE orders IN SHARE MODE;',
      'TRUNCATE orders;',
    ];
    const facts = await collect({ 'db/migrations/001_init.sql': CREATE_ORDERS, 'db/migrations/002_all.sql': statements.join('\n') }, { seedRows: 1000 });
    const mismatches: string[] = [];
    for (const s of facts.statements.filter((x) => x.file.endsWith('002_all.sql'))) {
      const expected = s.locks.find((l) => l.table === 'orders')?.mode;
      const actual = measuredMode(s, 'orders');
      if (s.measured?.error) mismatches.push(`${s.sql}: ${s.measured.error}`);
      else if (s.measured?.observedBy === 'none')
        continue; // VACUUM commits on its own: not observable
      else if (expected !== actual) mismatches.push(`${s.sql}: static ${expected}, pg_locks ${actual}`);
    }
    assert.deepEqual(mismatches, []);
    assert.equal(facts.statements.filter((x) => x.file.endsWith('002_all.sql')).length, statements.length);
  });

  it('stops a statement that runs forever (pg_sleep, an endless loop) within the bound, restarts and measures the rest', T, async () => {
    const started = Date.now();
    const facts = await collect(
      {
        'db/migrations/001.sql': [
          'CREATE TABLE t (id int);',
          'SET statement_timeout = 0;',
          'DO $$ BEGIN PERFORM pg_sleep(1e9); END $$;',
          'ALTER TABLE t ADD COLUMN b int;',
          'DO $$ BEGIN LOOP END LOOP; END $$;',
          'CREATE INDEX t_b ON t (b);',
        ].join('\n'),
      },
      // per statement: 3 x --timeout
      { timeoutMs: 700, seedRows: 100 },
    );
    const elapsed = Date.now() - started;
    // two bounds of 2.1 s plus three sandbox starts (each a few seconds on a loaded machine)
    assert.ok(elapsed < 90_000, `took ${elapsed} ms`);
    assert.equal(facts.dynamic?.restarts, 2);
    assert.match(find(facts, /pg_sleep/).measured?.error ?? '', /^stopped: the statement ran over the 2100 ms bound/);
    assert.ok((find(facts, /pg_sleep/).measured?.ms ?? 0) < 10_000);
    assert.match(find(facts, /LOOP END LOOP/).measured?.error ?? '', /^stopped: the statement ran over the 2100 ms bound/);
    const addColumn = find(facts, /ADD COLUMN b/);
    assert.equal(addColumn.measured?.error, null, 'the statement after the stopped one ran in a restarted sandbox');
    assert.equal(measuredMode(addColumn, 't'), 'ACCESS EXCLUSIVE');
    assert.equal(addColumn.measured?.locks.find((l) => l.relation === 't')?.existing, false, 't was created by the same file');
    assert.equal(measuredMode(find(facts, /CREATE INDEX t_b/), 't'), 'SHARE', 'the replayed schema has the column the index needs');
  });

  it('starts from the data directory the build made, writes no user cache, and runs initdb only when told to use neither', T, async () => {
    const cacheDir = await mkdtemp(join(tmpdir(), 'lr-pglite-cache-'));
    try {
      const step = { key: 0, kind: 'CreateStmt', text: 'CREATE TABLE t (id int)', nonTransactional: false, tables: [], seed: false, file: 'a.sql' };
      const options = { seedRows: 10, databaseUrl: null, statementTimeoutMs: 30_000, budgetMs: 120_000, redactor: new Redactor() };
      // npm ci (the build) and npm test (scripts/prebuilt-pglite.mjs --if-missing) make dist/pglite/
      const built = await measureInSandbox([step], { ...options, cachePath: join(cacheDir, 'data.tar') });
      assert.equal(built.run.dataDir, 'prebuilt');
      assert.equal(built.measured.get(0)?.error, null);
      assert.deepEqual(await readdir(cacheDir), [], 'nothing written to the user cache');
      const fresh = await measureInSandbox([step], { ...options, cachePath: null });
      assert.equal(fresh.run.dataDir, 'initdb');
      assert.equal(fresh.measured.get(0)?.error, null);
    } finally {
      await rm(cacheDir, { recursive: true, force: true });
    }
  });

  it('stops a statement that grows without bound (memory), reports it and measures the next one', T, async () => {
    const step = (key: number, text: string) => ({ key, kind: 'CreateTableAsStmt', text, nonTransactional: false, tables: [], seed: false, file: 'a.sql' });
    const { run, measured } = await measureInSandbox(
      [step(0, "CREATE TABLE big AS SELECT count(*) FROM (SELECT array_agg(repeat('x', 1000)) FROM generate_series(1, 100000000)) s"), step(1, 'CREATE TABLE after_big (id int)')],
      { seedRows: 10, databaseUrl: null, statementTimeoutMs: 150_000, budgetMs: 170_000, memoryLimitMb: 900, redactor: new Redactor() },
    );
    assert.match(measured.get(0)?.error ?? '', /^stopped: the sandbox grew past 900 MB of memory/, JSON.stringify(measured.get(0)));
    assert.equal(measured.get(1)?.error, null);
    assert.equal(run.restarts, 1);
  });

  it('through the pipeline: the blocking-lock finding names the measured lock, duration, rows and the PostgreSQL that measured', T, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lr-migrations-'));
    try {
      await mkdir(join(dir, 'migrations'));
      await writeFile(join(dir, 'migrations', '001_init.sql'), 'CREATE TABLE orders (id bigserial PRIMARY KEY, total int NOT NULL);');
      await writeFile(join(dir, 'migrations', '002_type.sql'), 'ALTER TABLE orders ALTER COLUMN total TYPE bigint;');
      const { plan, secrets } = buildPlan({}, { urls: [], repo: dir, seedRows: 20_000, only: ['migrations'], cwd: dir, cwdIsGitRepo: false }, {});
      const net = new NetContext({ timeoutMs: 10_000, concurrency: 4, resolve: [], dnsServers: [], extraCaPem: [], allowNonLoopbackTraffic: false });
      const facts = await collectFacts(plan, secrets, net, new Redactor());
      const { checks, findings } = runAllChecks(facts);
      assert.equal(checks.find((c) => c.id === 'migrations.blocking-lock')?.status, 'failed');
      const finding = findings.find((f) => f.id === 'migrations.blocking-lock');
      assert.equal(finding?.target, 'migrations/002_type.sql:1');
      assert.match(finding?.title ?? '', /ACCESS EXCLUSIVE on orders for \d+ ms at 20,000 rows/);
      assert.equal(finding?.evidence.measuredRows, 20_000);
      assert.match(String(finding?.evidence.measuredBy), /^PostgreSQL \d+\.\d+ \(PGlite /);
      assert.equal(findings.find((f) => f.id === 'migrations.no-lock-timeout')?.target, 'migrations/002_type.sql');
      assert.equal(checks.find((c) => c.id === 'migrations.concurrent-in-transaction')?.status, 'passed');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('reads row counts from --database-url read-only and seeds in proportion, capped by --seed-rows', T, async () => {
    const admin = new pg.Client({ connectionString: DATABASE_URL, connectionTimeoutMillis: 3000 });
    await admin.connect();
    const database = `lr_sandbox_rows_${process.pid}`;
    try {
      await admin.query(`CREATE DATABASE ${database}`);
      const url = new URL(DATABASE_URL);
      url.pathname = `/${database}`;
      const real = new pg.Client({ connectionString: url.href });
      await real.connect();
      try {
        await real.query(
          'CREATE TABLE small (id int); INSERT INTO small SELECT generate_series(1, 300); CREATE TABLE large (id int); INSERT INTO large SELECT generate_series(1, 5000); ANALYZE',
        );
      } finally {
        await real.end();
      }
      const facts = await collect(
        {
          'db/migrations/001.sql': 'CREATE TABLE small (id int);\nCREATE TABLE large (id int);\nCREATE TABLE absent (id int);\n',
          'db/migrations/002.sql': 'CREATE INDEX small_id ON small (id);\nCREATE INDEX large_id ON large (id);\nCREATE INDEX absent_id ON absent (id);\n',
        },
        { databaseUrl: url.href, seedRows: 1000 },
      );
      assert.equal(facts.dynamic?.rowCounts, 'database-url', facts.dynamic?.rowCountsError);
      assert.deepEqual(
        facts.dynamic?.seeded.map((s) => [s.table, s.rows]),
        [
          ['small', 300],
          ['large', 1000],
          ['absent', 1000],
        ],
      );
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await admin.end();
    }
  });

  it('an unreachable --database-url only loses the row counts: the sandbox still measures, and the password never shows', T, async () => {
    const secretUrl = 'postgres://postgres:sup3rsecretpw@127.0.0.1:1/postgres';
    const facts = await collect({ 'db/migrations/001.sql': 'CREATE TABLE t (a int);\nCREATE INDEX i ON t (a);' }, { databaseUrl: secretUrl, timeoutMs: 1000, seedRows: 100 });
    assert.equal(facts.dynamic?.rowCounts, 'seed-rows');
    assert.ok(facts.dynamic?.rowCountsError);
    assert.equal(measuredMode(find(facts, /CREATE INDEX/), 't'), 'SHARE');
    assert.ok(!JSON.stringify(facts).includes('sup3rsecretpw'));
  });
});

// Dynamic lock analysis against the PostgreSQL on this machine (127.0.0.1:5432, trust auth). Each test's scratch database is dropped.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { runChecks } from '../../src/checks/run.ts';
import { migrationsCollector } from '../../src/collect/migrations/index.ts';
import type { MigrationStatement, MigrationsFacts } from '../../src/collect/migrations/types.ts';
import { collectFacts } from '../../src/collect/run.ts';
import { isCollectorFailure } from '../../src/facts.ts';
import { NetContext } from '../../src/net/context.ts';
import { buildPlan } from '../../src/plan.ts';

// the PostgreSQL this machine runs for the tests (trust auth); override to point elsewhere on loopback
const DATABASE_URL = process.env.LAUNCHREADY_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const T = { timeout: 60_000 };

let admin: pg.Client;
let reachable = false;

// other runs of the suite may use the same server at the same time: look for this run's database by name
async function databaseExists(name: string | undefined): Promise<boolean> {
  assert.ok(name, 'the scratch run names its database');
  return (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1;
}

async function collect(files: Record<string, string>, options: { seedRows?: number; timeoutMs?: number } = {}): Promise<MigrationsFacts> {
  const dir = await mkdtemp(join(tmpdir(), 'lr-migrations-'));
  try {
    for (const [path, text] of Object.entries(files)) {
      await mkdir(dirname(join(dir, path)), { recursive: true });
      await writeFile(join(dir, path), text);
    }
    const { plan, secrets } = buildPlan(
      { migrations: { dir: 'db/migrations' } },
      { urls: [], repo: dir, databaseUrl: DATABASE_URL, seedRows: options.seedRows ?? 20_000, cwd: dir, cwdIsGitRepo: false },
      {},
    );
    const net = new NetContext({ timeoutMs: options.timeoutMs ?? 10_000, concurrency: 4, resolve: [], dnsServers: [], extraCaPem: [], allowNonLoopbackTraffic: false });
    assert.equal(migrationsCollector?.missingInput(plan), null);
    const facts = await migrationsCollector!.collect({ plan, secrets, net, facts: {}, progress() {} });
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

describe('migrations collector: scratch database', () => {
  before(async () => {
    admin = new pg.Client({ connectionString: DATABASE_URL, connectionTimeoutMillis: 3000 });
    try {
      await admin.connect();
      reachable = true;
    } catch (error) {
      reachable = false;
      assert.fail(`PostgreSQL is not reachable at 127.0.0.1:5432 (user postgres, trust auth): start it for these tests (${(error as Error).message})`);
    }
  });
  after(async () => {
    if (reachable) await admin.end();
  });

  it('measures the locks PostgreSQL really takes, on seeded tables, and drops the scratch database', T, async () => {
    if (!reachable) return assert.fail('PostgreSQL not reachable');
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
    assert.ok(dynamic, 'a database URL was given: the scratch run happened');
    assert.equal(dynamic.error, null, JSON.stringify(dynamic.error));
    assert.equal(dynamic.dropped, true);
    assert.match(dynamic.database, /^launchready_scratch_[0-9a-f]{12}$/);
    assert.equal(await databaseExists(dynamic.database), false, 'the scratch database is gone');
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
    assert.equal(plainIndex.measured?.rows, 20_000);
    assert.ok((plainIndex.measured?.ms ?? -1) >= 0);

    const concurrent = find(facts, /CONCURRENTLY/);
    assert.equal(concurrent.measured?.error, null);
    assert.equal(concurrent.measured?.observedBy, 'observer');
    assert.ok(!concurrent.measured?.locks.some((l) => l.mode === 'ACCESS EXCLUSIVE' || l.mode === 'SHARE'), JSON.stringify(concurrent.measured));

    for (const pattern of [/clock_timestamp/, /SET NOT NULL/, /TYPE numeric\(12,2\)/, /ADD COLUMN memo/]) {
      const s = find(facts, pattern);
      assert.equal(s.measured?.error, null, `${pattern}: ${s.measured?.error}`);
      assert.equal(measuredMode(s, 'orders'), 'ACCESS EXCLUSIVE', `${pattern}: ${JSON.stringify(s.measured?.locks)}`);
    }
    assert.equal(find(facts, /SET NOT NULL/).measured?.error, null, 'the seeded varchar column is filled, so SET NOT NULL succeeds');
    assert.deepEqual(find(facts, /clock_timestamp/).measured?.rewritten, ['orders'], 'a volatile default rewrites the table (new relfilenode)');
    assert.deepEqual(find(facts, /TYPE numeric\(12,2\)/).measured?.rewritten, [], 'widening numeric precision keeps the storage');
    assert.equal(find(facts, /ADD COLUMN memo/).measured?.locks.find((l) => l.relation === 'orders')?.existing, true, 'orders came from an earlier file');
    const row = facts.inventory.rows.find((r) => r[2]?.startsWith('CREATE INDEX orders_placed_idx'));
    assert.deepEqual(row?.slice(0, 2), ['db/migrations/002_changes.sql', '1']);
    assert.deepEqual(row?.slice(3, 5), ['SHARE', 'orders']);
    assert.match(row?.[5] ?? '', /^\d+$/);
  });

  it('the static lock table agrees with what pg_locks shows, statement by statement', T, async () => {
    if (!reachable) return assert.fail('PostgreSQL not reachable');
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
      else if (expected !== actual) mismatches.push(`${s.sql}: static ${expected}, pg_locks ${actual}`);
    }
    assert.deepEqual(mismatches, []);
    assert.equal(facts.statements.filter((x) => x.file.endsWith('002_all.sql')).length, statements.length);
  });

  it('bounds a statement that runs forever with statement_timeout, records the error and still drops the database', T, async () => {
    if (!reachable) return assert.fail('PostgreSQL not reachable');
    const started = Date.now();
    const facts = await collect(
      {
        'db/migrations/001.sql': 'CREATE TABLE t (id int);\nDO $$ BEGIN PERFORM pg_sleep(600); END $$;\nALTER TABLE t ADD COLUMN b int;\n',
      },
      { timeoutMs: 500 },
    );
    assert.ok(Date.now() - started < 20_000, 'the sleeping statement was cut off');
    const sleep = facts.dynamic?.statementsRun;
    assert.ok(sleep && sleep >= 3, 'the run continued after the timeout');
    assert.equal(await databaseExists(facts.dynamic?.database), false);
    assert.equal(facts.dynamic?.dropped, true);
    assert.match(find(facts, /pg_sleep/).measured?.error ?? '', /statement timeout/);
    assert.equal(find(facts, /ADD COLUMN b/).measured?.error, null);
    assert.equal(find(facts, /ADD COLUMN b/).measured?.locks.find((l) => l.relation === 't')?.existing, false, 't was created by the same file');
  });

  it('through the pipeline: the blocking-lock finding names the measured lock, duration and rows', T, async () => {
    if (!reachable) return assert.fail('PostgreSQL not reachable');
    const dir = await mkdtemp(join(tmpdir(), 'lr-migrations-'));
    try {
      await mkdir(join(dir, 'migrations'));
      await writeFile(join(dir, 'migrations', '001_init.sql'), 'CREATE TABLE orders (id bigserial PRIMARY KEY, total int NOT NULL);');
      await writeFile(join(dir, 'migrations', '002_type.sql'), 'ALTER TABLE orders ALTER COLUMN total TYPE bigint;');
      const { plan, secrets } = buildPlan({}, { urls: [], repo: dir, databaseUrl: DATABASE_URL, seedRows: 20_000, only: ['migrations'], cwd: dir, cwdIsGitRepo: false }, {});
      const net = new NetContext({ timeoutMs: 10_000, concurrency: 4, resolve: [], dnsServers: [], extraCaPem: [], allowNonLoopbackTraffic: false });
      const facts = await collectFacts(plan, secrets, net);
      const { checks, findings } = runChecks(facts);
      assert.equal(checks.find((c) => c.id === 'migrations.blocking-lock')?.status, 'failed');
      const finding = findings.find((f) => f.id === 'migrations.blocking-lock');
      assert.equal(finding?.target, 'migrations/002_type.sql:1');
      assert.match(finding?.title ?? '', /ACCESS EXCLUSIVE on orders for \d+ ms at 20,000 rows/);
      assert.equal(finding?.evidence.measuredRows, 20_000);
      assert.equal(findings.find((f) => f.id === 'migrations.no-lock-timeout')?.target, 'migrations/002_type.sql');
      assert.equal(checks.find((c) => c.id === 'migrations.concurrent-in-transaction')?.status, 'passed');
      assert.equal(facts.sources.migrations && 'dynamic' in facts.sources.migrations && facts.sources.migrations.dynamic?.dropped, true);
      assert.ok(
        !(await databaseExists(facts.sources.migrations && 'dynamic' in facts.sources.migrations ? facts.sources.migrations.dynamic?.database : undefined)),
        'no scratch database left behind',
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('reports a server it cannot reach as a scratch error, not a crash', T, async () => {
    if (!reachable) return assert.fail('PostgreSQL not reachable');
    const dir = await mkdtemp(join(tmpdir(), 'lr-migrations-'));
    try {
      await mkdir(join(dir, 'migrations'));
      await writeFile(join(dir, 'migrations', '001.sql'), 'CREATE INDEX i ON t (a);');
      const secretUrl = 'postgres://postgres:sup3rsecretpw@127.0.0.1:1/postgres';
      const { plan, secrets } = buildPlan({}, { urls: [], repo: dir, databaseUrl: secretUrl, cwd: dir, cwdIsGitRepo: false }, {});
      const net = new NetContext({ timeoutMs: 1000, concurrency: 4, resolve: [], dnsServers: [], extraCaPem: [], allowNonLoopbackTraffic: false });
      const facts = (await migrationsCollector!.collect({ plan, secrets, net, facts: {}, progress() {} })) as MigrationsFacts;
      assert.equal(facts.dynamic?.error?.code, 'SCRATCH_CREATE_FAILED');
      assert.equal(facts.statements.length, 1, 'the static analysis still stands');
      assert.ok(!JSON.stringify(facts).includes('sup3rsecretpw'));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

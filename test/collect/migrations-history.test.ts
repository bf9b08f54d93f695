// With --database-url, the migration tool's history table says what is applied: only pending migrations are judged.
// Against the machine's PostgreSQL (127.0.0.1:5432) on a scratch database that is always dropped.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { noMigrationsReason } from '../../src/analyze/sql/migration-findings.ts';
import { isApplied } from '../../src/collect/migrations/history.ts';
import { collectMigrations } from '../../src/collect/migrations/index.ts';
import type { MigrationsFacts } from '../../src/facts/migrations.ts';
import { Redactor } from '../../src/mask.ts';
import { NetContext } from '../../src/net/context.ts';
import { buildPlan } from '../../src/plan.ts';
import { migrationsInventories } from '../../src/report/inventory.ts';
import { writeRepo } from '../support/repo-fixture.ts';

const DATABASE_URL = process.env.LAUNCHREADY_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const database = `lr_history_${process.pid}`;
const url = new URL(DATABASE_URL);
url.pathname = `/${database}`;

const PRISMA = {
  'prisma/schema.prisma': 'datasource db { provider = "postgresql" url = env("DATABASE_URL") }\n',
  'prisma/migrations/20240101000000_init/migration.sql': 'CREATE TABLE "Order" ("id" SERIAL PRIMARY KEY, "note" TEXT);\n',
  'prisma/migrations/20240201000000_index/migration.sql': 'CREATE INDEX "Order_note_idx" ON "Order"("note");\n',
  'prisma/migrations/20240301000000_drop/migration.sql': 'ALTER TABLE "Order" DROP COLUMN "note";\n',
};

async function collect(files: Record<string, string>, databaseUrl: string): Promise<MigrationsFacts> {
  const repo = await writeRepo(files);
  try {
    const { plan, secrets } = buildPlan({}, { urls: [], repo: repo.dir, cwd: repo.dir, cwdIsGitRepo: false, databaseUrl }, {});
    const net = new NetContext({ timeoutMs: 3000, concurrency: 2, resolve: [], dnsServers: [], extraCaPem: [], allowNonLoopbackTraffic: false });
    return await collectMigrations({ plan, secrets, net, redactor: new Redactor(), facts: {}, progress() {} }, { measure: false });
  } finally {
    await repo.remove();
  }
}

describe('migration history from --database-url', () => {
  const admin = new pg.Client({ connectionString: DATABASE_URL, connectionTimeoutMillis: 3000 });
  before(async () => {
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${database}`);
    await admin.query(`CREATE DATABASE ${database}`);
  });
  after(async () => {
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end();
  });

  it('judges every file when the database has no history table for the tool', async () => {
    const facts = await collect(PRISMA, url.href);
    assert.deepEqual(facts.history, [{ dir: 'prisma/migrations', table: null, applied: 0, pending: 3, error: null }]);
    assert.ok(facts.statements.some((s) => s.file.includes('20240201000000_index')));
  });

  it('leaves applied Prisma migrations out (finished, not rolled back), read-only', async () => {
    const db = new pg.Client({ connectionString: url.href });
    await db.connect();
    try {
      await db.query(
        `CREATE TABLE _prisma_migrations (id text, migration_name text, finished_at timestamptz, rolled_back_at timestamptz);
         INSERT INTO _prisma_migrations VALUES ('1', '20240101000000_init', now(), NULL), ('2', '20240201000000_index', now(), NULL),
           ('3', '20240301000000_drop', NULL, now())`,
      );
      const facts = await collect(PRISMA, url.href);
      assert.deepEqual(facts.history, [{ dir: 'prisma/migrations', table: '_prisma_migrations', applied: 2, pending: 1, error: null }]);
      assert.deepEqual(
        facts.files.map((f) => [f.path.split('/')[2], f.applied === true]),
        [
          ['20240101000000_init', true],
          ['20240201000000_index', true],
          ['20240301000000_drop', false],
        ],
      );
      assert.deepEqual([...new Set(facts.statements.map((s) => s.file.split('/')[2]))], ['20240301000000_drop']);
      assert.match((migrationsInventories(facts)[0] as { title: string }).title, /pending only \(2 already applied on the database\)/);
      const allApplied = { ...facts, files: facts.files.map((f) => ({ ...f, applied: true })) };
      assert.equal(noMigrationsReason(facts), null);
      assert.equal(noMigrationsReason(allApplied), 'all 3 migration files are already applied on the database (read from _prisma_migrations): nothing left to run');
      // the history table is unchanged: nothing was written
      assert.equal((await db.query('SELECT count(*)::int AS n FROM _prisma_migrations')).rows[0].n, 3);
    } finally {
      await db.query('DROP TABLE IF EXISTS _prisma_migrations');
      await db.end();
    }
  });

  it('records why the history could not be read and judges every file', async () => {
    const dead = new URL(url.href);
    dead.port = '1';
    const facts = await collect(PRISMA, dead.href);
    assert.equal(facts.history?.[0]?.table, null);
    assert.match(facts.history?.[0]?.error ?? '', /could not read the migration history: .*ECONNREFUSED/);
    assert.equal(facts.files.filter((f) => f.applied).length, 0);
  });
});

describe('which file a history row names', () => {
  const ids = (...values: string[]) => ({ table: 't', ids: new Set(values) });
  it('matches each tool by its own key', () => {
    assert.equal(isApplied('rails', '/r/db/migrate/20240101000000_create_users.rb', ids('20240101000000'), []), true);
    assert.equal(isApplied('rails', '/r/db/migrate/20240102000000_more.rb', ids('20240101000000'), []), false);
    assert.equal(isApplied('django', '/r/shop/migrations/0002_order_note.py', ids('shop:0002_order_note'), []), true);
    assert.equal(isApplied('django', '/r/billing/migrations/0002_order_note.py', ids('shop:0002_order_note'), []), false);
    assert.equal(isApplied('knex', '/r/migrations/20240101_init.ts', ids('20240101_init.ts'), []), true);
    assert.equal(isApplied('flyway', '/r/sql/V2__more.sql', ids('V1__init.sql'), []), false);
    // golang-migrate and Alembic record only the latest version: everything up to it is applied
    assert.equal(isApplied('golang-migrate', '/r/m/000003_x.up.sql', ids('4'), []), true);
    assert.equal(isApplied('golang-migrate', '/r/m/000005_x.up.sql', ids('4'), []), false);
    const order = [
      { path: '/a/1.py', revision: 'a1' },
      { path: '/a/2.py', revision: 'b2' },
      { path: '/a/3.py', revision: 'c3' },
    ];
    assert.deepEqual(
      order.map((f) => isApplied('alembic', f.path, ids('b2'), order)),
      [true, true, false],
    );
    assert.deepEqual(
      order.map((f) => isApplied('alembic', f.path, ids('zz'), order)),
      [false, false, false],
    );
  });
});

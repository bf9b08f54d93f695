// Finding migrations per tool, their order and transaction handling, through the real collector (no database).
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { noMigrationsReason } from '../../src/analyze/sql/migration-findings.ts';
import { collectMigrations, migrationsCollector } from '../../src/collect/migrations/index.ts';
import { sqitchChanges } from '../../src/collect/migrations/layout.ts';
import { isCollectorFailure } from '../../src/facts/index.ts';
import type { MigrationsFacts } from '../../src/facts/migrations.ts';
import { Redactor } from '../../src/mask.ts';
import { NetContext } from '../../src/net/context.ts';
import { buildPlan } from '../../src/plan.ts';
import { migrationsInventories } from '../../src/report/inventory.ts';

// generous: the one test that starts the sandbox needs seconds on an idle machine, more on a busy one
const T = { timeout: 120_000 };

async function withRepo<R>(files: Record<string, string | Buffer>, fn: (dir: string) => Promise<R>): Promise<R> {
  const dir = await mkdtemp(join(tmpdir(), 'lr-layout-'));
  try {
    for (const [path, text] of Object.entries(files)) {
      await mkdir(dirname(join(dir, path)), { recursive: true });
      await writeFile(join(dir, path), text);
    }
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Discovery and static analysis; `measure` also applies the statements in the sandbox (seconds each: only where asserted). */
async function collectIn(dir: string, migrationsDir?: string, measure = false): Promise<MigrationsFacts> {
  const { plan, secrets } = buildPlan(migrationsDir ? { migrations: { dir: migrationsDir } } : {}, { urls: [], repo: dir, cwd: dir, cwdIsGitRepo: false }, {});
  assert.equal(migrationsCollector.missingInput(plan), null);
  const net = new NetContext({ timeoutMs: 2000, concurrency: 2, resolve: [], dnsServers: [], extraCaPem: [], allowNonLoopbackTraffic: false });
  const facts = await collectMigrations({ plan, secrets, net, redactor: new Redactor(), facts: {}, progress() {} }, { measure });
  assert.ok(!isCollectorFailure(facts), JSON.stringify(facts));
  return facts;
}

const files = (facts: MigrationsFacts) => facts.files.map((f) => f.path);

describe('migrations layout detection', () => {
  it('needs a repo or a migrations dir, and says so', async () => {
    const { plan } = buildPlan({}, { urls: [], cwd: '/nonexistent', cwdIsGitRepo: false }, {});
    assert.equal(migrationsCollector.missingInput(plan), 'no migrations found: set migrations.dir or pass --repo');
    await withRepo({ 'README.md': 'hi' }, async (dir) => {
      // with --repo given the tree is searched, and the answer never asks for --repo again
      const facts = await collectIn(dir);
      assert.deepEqual([facts.files, facts.sets], [[], []]);
      assert.doesNotMatch(noMigrationsReason(facts) ?? '', /--repo/);
    });
  });

  it('Prisma: one migration.sql per folder, folder order, sent as one query', T, () =>
    withRepo(
      {
        'prisma/migrations/20240301000000_add_index/migration.sql': 'CREATE INDEX "Order_userId_idx" ON "Order"("userId");',
        'prisma/migrations/20240101000000_init/migration.sql': 'CREATE TABLE "Order" (id serial PRIMARY KEY, "userId" int);',
        'prisma/migrations/migration_lock.toml': 'provider = "postgresql"',
      },
      async (dir) => {
        const facts = await collectIn(dir);
        assert.equal(facts.tool, 'prisma');
        assert.equal(facts.dir, 'prisma/migrations');
        assert.deepEqual(files(facts), ['prisma/migrations/20240101000000_init/migration.sql', 'prisma/migrations/20240301000000_add_index/migration.sql']);
        assert.equal(facts.files[0]?.wrap, 'implicit');
        assert.deepEqual(
          facts.statements[1]?.hazards.map((h) => [h.rule, h.table]),
          [['require-concurrent-index-creation', 'Order']],
          'quoted mixed-case names keep their case',
        );
      },
    ),
  );

  it('Drizzle: order from meta/_journal.json, files outside the journal ignored, one transaction', T, () =>
    withRepo(
      {
        'drizzle/meta/_journal.json': JSON.stringify({
          version: '7',
          dialect: 'postgresql',
          entries: [
            { idx: 1, tag: '0001_b' },
            { idx: 0, tag: '0000_a' },
            { idx: 2, tag: '../../etc/passwd' },
          ],
        }),
        'drizzle/0000_a.sql': 'CREATE TABLE a (id int);',
        'drizzle/0001_b.sql': 'ALTER TABLE a ADD COLUMN b int;--> statement-breakpoint\nCREATE INDEX CONCURRENTLY a_b ON a (b);',
        'drizzle/9999_stray.sql': 'DROP TABLE a;',
      },
      async (dir) => {
        const facts = await collectIn(dir);
        assert.equal(facts.tool, 'drizzle');
        assert.deepEqual(files(facts), ['drizzle/0000_a.sql', 'drizzle/0001_b.sql']);
        assert.equal(facts.files[1]?.wrap, 'transaction');
        assert.ok(facts.statements.some((s) => s.hazards.some((h) => h.check === 'concurrent-in-transaction')));
      },
    ),
  );

  it('Flyway: version order (1 < 1.1 < 2 < 10), repeatables last, undo ignored, per-script executeInTransaction', T, () =>
    withRepo(
      {
        'src/main/resources/db/migration/V10__z.sql': 'ALTER TABLE t ADD COLUMN z int;',
        'src/main/resources/db/migration/V1__init.sql': 'CREATE TABLE t (id int);',
        'src/main/resources/db/migration/V2__idx.sql': 'CREATE INDEX CONCURRENTLY t_id ON t (id);',
        'src/main/resources/db/migration/V1.1__more.sql': 'ALTER TABLE t ADD COLUMN a int;\nCREATE INDEX CONCURRENTLY t_a ON t (a);',
        'src/main/resources/db/migration/V1.1__more.sql.conf': 'executeInTransaction=false\n',
        'src/main/resources/db/migration/R__views.sql': 'CREATE OR REPLACE VIEW v AS SELECT 1;',
        'src/main/resources/db/migration/U2__undo.sql': 'DROP INDEX t_id;',
        'src/main/resources/db/migration/V3__mixed.sql': 'ALTER TABLE t ADD COLUMN b int;\nCREATE INDEX CONCURRENTLY t_b ON t (b);',
      },
      async (dir) => {
        const facts = await collectIn(dir);
        assert.equal(facts.tool, 'flyway');
        assert.deepEqual(
          files(facts).map((f) => f.split('/').pop()),
          ['V1__init.sql', 'V1.1__more.sql', 'V2__idx.sql', 'V3__mixed.sql', 'V10__z.sql', 'R__views.sql'],
        );
        assert.deepEqual(
          facts.files.map((f) => f.wrap),
          ['transaction', 'none', 'none', 'transaction', 'transaction', 'transaction'],
        );
        const inTx = facts.statements.filter((s) => s.hazards.some((h) => h.check === 'concurrent-in-transaction')).map((s) => s.file.split('/').pop());
        assert.deepEqual(inTx, ['V3__mixed.sql'], 'a script mixing CONCURRENTLY with other statements runs in a transaction');
      },
    ),
  );

  it('golang-migrate: NNN_name.up.sql in order, .down.sql ignored, sent as one query', T, () =>
    withRepo(
      {
        'migrations/000002_idx.up.sql': 'CREATE INDEX CONCURRENTLY i ON t (a);',
        'migrations/000002_idx.down.sql': 'DROP INDEX i;',
        'migrations/000001_init.up.sql': 'CREATE TABLE t (a int);',
        'migrations/000001_init.down.sql': 'DROP TABLE t;',
        'migrations/000003_two.up.sql': 'ALTER TABLE t ADD COLUMN b int;\nCREATE INDEX CONCURRENTLY j ON t (b);',
      },
      async (dir) => {
        const facts = await collectIn(dir);
        assert.equal(facts.tool, 'golang-migrate');
        assert.deepEqual(files(facts), ['migrations/000001_init.up.sql', 'migrations/000002_idx.up.sql', 'migrations/000003_two.up.sql']);
        const inTx = facts.statements.filter((s) => s.hazards.some((h) => h.check === 'concurrent-in-transaction')).map((s) => s.file);
        assert.deepEqual(inTx, ['migrations/000003_two.up.sql'], 'one statement alone is fine; two are an implicit transaction');
      },
    ),
  );

  it('dbmate: only the migrate:up section, its real line numbers, transaction:false honoured', T, () =>
    withRepo(
      {
        'db/migrations/20240101000000_init.sql': '-- migrate:up\nCREATE TABLE t (a int);\n\n-- migrate:down\nDROP TABLE t;\n',
        'db/migrations/20240201000000_idx.sql': '-- migrate:up transaction:false\nCREATE INDEX CONCURRENTLY i ON t (a);\n-- migrate:down\nDROP INDEX i;\n',
        'db/migrations/20240301000000_col.sql':
          '-- a comment\n-- migrate:up\n\nALTER TABLE t ALTER COLUMN a TYPE bigint;\nCREATE INDEX CONCURRENTLY j ON t (a);\n-- migrate:down\nDROP TABLE t;\n',
      },
      async (dir) => {
        const facts = await collectIn(dir);
        assert.equal(facts.tool, 'dbmate');
        assert.deepEqual(
          facts.files.map((f) => f.wrap),
          ['transaction', 'none', 'transaction'],
        );
        assert.ok(!facts.statements.some((s) => s.kind === 'DropStmt'), 'down sections are not applied');
        const typeChange = facts.statements.find((s) => /TYPE bigint/.test(s.sql));
        assert.equal(typeChange?.line, 4);
        assert.deepEqual(
          facts.statements.flatMap((s) => s.hazards.filter((h) => h.check !== 'not-idempotent').map((h) => `${s.file.slice(-12)}:${s.line}:${h.rule}`)),
          ['0000_col.sql:4:changing-column-type', '0000_col.sql:5:ban-concurrent-index-creation-in-transaction'],
        );
      },
    ),
  );

  it('Supabase: supabase/migrations in timestamp order, each file in a transaction', T, () =>
    withRepo({ 'supabase/migrations/20240102_b.sql': 'CREATE INDEX i ON t (a);', 'supabase/migrations/20240101_a.sql': 'CREATE TABLE t (a int);' }, async (dir) => {
      const facts = await collectIn(dir);
      assert.equal(facts.tool, 'supabase');
      assert.deepEqual(files(facts), ['supabase/migrations/20240101_a.sql', 'supabase/migrations/20240102_b.sql']);
      assert.equal(facts.files[0]?.wrap, 'transaction');
    }),
  );

  it('sqitch: sqitch.plan order with deploy/<change>.sql', T, () =>
    withRepo(
      {
        'sqitch.plan':
          '%syntax-version=1.0.0\n%project=acme\n\nusers 2024-01-01T00:00:00Z Dana <d@acme.test> # users\nappschema 2024-01-02T00:00:00Z Dana <d@acme.test>\n@v1.0 2024-01-03T00:00:00Z Dana <d@acme.test>\norders [users] 2024-01-04T00:00:00Z Dana <d@acme.test>\n',
        'deploy/users.sql': 'BEGIN;\nCREATE TABLE users (id int);\nCOMMIT;\n',
        'deploy/appschema.sql': 'CREATE SCHEMA app;',
        'deploy/orders.sql': 'BEGIN;\nCREATE INDEX CONCURRENTLY users_id ON users (id);\nCOMMIT;\n',
        'revert/users.sql': 'DROP TABLE users;',
      },
      async (dir) => {
        const facts = await collectIn(dir);
        assert.equal(facts.tool, 'sqitch');
        assert.deepEqual(files(facts), ['deploy/users.sql', 'deploy/appschema.sql', 'deploy/orders.sql']);
        assert.ok(facts.statements.some((s) => s.file === 'deploy/orders.sql' && s.hazards.some((h) => h.check === 'concurrent-in-transaction')));
        assert.deepEqual(sqitchChanges('%project=x\n# c\n@t1 2020\nchange/one [a] 2020\n../evil 2020\nchange/one 2021\n'), ['change/one']);
      },
    ),
  );

  it('plain directory: natural order, down files ignored; configured dir wins', T, () =>
    withRepo(
      {
        'db/schema/10_c.sql': 'ALTER TABLE t ADD COLUMN c int;',
        'db/schema/2_b.sql': 'ALTER TABLE t ADD COLUMN b int;',
        'db/schema/1_a.sql': 'CREATE TABLE t (a int);',
        'db/schema/2_b.down.sql': 'ALTER TABLE t DROP COLUMN b;',
        'migrations/001.sql': 'DROP TABLE other;',
      },
      async (dir) => {
        const facts = await collectIn(dir, 'db/schema', true);
        assert.equal(facts.tool, 'plain');
        assert.deepEqual(files(facts), ['db/schema/1_a.sql', 'db/schema/2_b.sql', 'db/schema/10_c.sql']);
        assert.equal(migrationsInventories(facts)[0]?.title, 'Migrations');
        assert.deepEqual(migrationsInventories(facts)[0]?.columns, ['file', 'line', 'statement', 'lock mode', 'table', 'measured ms']);
        assert.deepEqual(migrationsInventories(facts)[0]?.rows[1]?.slice(0, 5), ['db/schema/2_b.sql', '1', 'ALTER TABLE t ADD COLUMN b int', 'ACCESS EXCLUSIVE', 't']);
        assert.match(migrationsInventories(facts)[0]?.rows[1]?.[5] ?? '', /^\d+$/, 'measured in the sandbox, with no database URL');
        assert.match(facts.dynamic?.engine ?? '', /PGlite/);
      },
    ),
  );

  it('hostile input: a 10 MB file and an unparsable file become file errors, a symlink out of the repo is not followed', T, async () => {
    const outside = await mkdtemp(join(tmpdir(), 'lr-outside-'));
    try {
      await writeFile(join(outside, 'secret.sql'), 'DROP TABLE everything;');
      await withRepo(
        {
          'migrations/001_init.sql': 'CREATE TABLE t (a int);',
          'migrations/002_huge.sql': `CREATE INDEX i ON t (a);\n${'INSERT INTO t VALUES (1); -- padding padding padding padding padding\n'.repeat(150_000)}`,
          'migrations/003_broken.sql': 'ALTER TABLE t ADD COLUMN b int;\n\nALTER TABL t ADD COLUMN c int;\n',
          'migrations/004_ok.sql': 'ALTER TABLE t DROP COLUMN a;',
        },
        async (dir) => {
          await symlink(join(outside, 'secret.sql'), join(dir, 'migrations', '005_link.sql'));
          const started = Date.now();
          const facts = await collectIn(dir);
          assert.ok(Date.now() - started < 15_000);
          const huge = facts.files.find((f) => f.path.endsWith('002_huge.sql'));
          assert.ok((huge?.bytes ?? 0) > 10_000_000);
          assert.match(huge?.error?.message ?? '', /over the 2000000-byte limit, not analysed/);
          const broken = facts.files.find((f) => f.path.endsWith('003_broken.sql'));
          assert.deepEqual(broken?.error, { message: 'syntax error at or near "TABL"', line: 3 });
          assert.ok(!files(facts).some((f) => f.endsWith('005_link.sql')), 'symlinks are not followed');
          assert.deepEqual(
            facts.statements.map((s) => s.file),
            ['migrations/001_init.sql', 'migrations/004_ok.sql'],
            'the other files are still analysed',
          );
        },
      );
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });
});

// Regression corpus: repositories laid out as real projects are (pnpm monorepos with Prisma, Drizzle with its config,
// several migration sets, Rails, Django, Alembic, a Prisma backfill), collected with no configuration, asserting
// the exact findings every migrations check gives.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { migrationsChecks } from '../../src/checks/migrations/index.ts';
import { runChecks } from '../../src/checks/run.ts';
import { collectMigrations, migrationsCollector } from '../../src/collect/migrations/index.ts';
import { isCollectorFailure } from '../../src/facts/index.ts';
import type { MigrationsFacts } from '../../src/facts/migrations.ts';
import { Redactor } from '../../src/mask.ts';
import { NetContext } from '../../src/net/context.ts';
import { buildPlan } from '../../src/plan.ts';
import { buildInventory, migrationsInventories } from '../../src/report/inventory.ts';
import { factsWith } from '../support/facts.ts';

const T = { timeout: 30_000 };
const REGISTRY = new Map(migrationsChecks.map((c) => [c.meta.id, c]));

async function collect(files: Record<string, string>, config: Parameters<typeof buildPlan>[0] = {}): Promise<MigrationsFacts> {
  const dir = await mkdtemp(join(tmpdir(), 'lr-corpus-'));
  try {
    for (const [path, text] of Object.entries(files)) {
      await mkdir(dirname(join(dir, path)), { recursive: true });
      await writeFile(join(dir, path), text);
    }
    const { plan, secrets } = buildPlan(config, { urls: [], repo: dir, cwd: dir, cwdIsGitRepo: false }, {});
    assert.equal(migrationsCollector.missingInput(plan), null);
    const net = new NetContext({ timeoutMs: 2000, concurrency: 2, resolve: [], dnsServers: [], extraCaPem: [], allowNonLoopbackTraffic: false });
    const facts = await collectMigrations({ plan, secrets, net, redactor: new Redactor(), facts: {}, progress() {} }, { measure: false });
    assert.ok(!isCollectorFailure(facts), JSON.stringify(facts));
    return facts as MigrationsFacts;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** "check-id target rule" for every finding, in report order. */
function findings(facts: MigrationsFacts): string[] {
  return runChecks(factsWith({ migrations: facts }), REGISTRY)
    .findings.map((f) => `${f.id.replace('migrations.', '')} ${f.target}${f.evidence.rule ? ` ${f.evidence.rule}` : ''}`)
    .sort();
}

function fixesOf(facts: MigrationsFacts, id: string): string[] {
  return runChecks(factsWith({ migrations: facts }), REGISTRY)
    .findings.filter((f) => f.id === id)
    .map((f) => f.fix);
}

const PRISMA_INIT = 'CREATE TABLE "Document" ("id" BIGSERIAL NOT NULL, "title" TEXT NOT NULL, "userId" BIGINT, CONSTRAINT "Document_pkey" PRIMARY KEY ("id"));';

describe('migrations regression corpus', () => {
  it('pnpm monorepo: Prisma under packages/prisma named by package.json prisma.schema, a second set in packages/database/migration', T, async () => {
    const facts = await collect({
      'package.json': JSON.stringify({ name: 'root', private: true, workspaces: ['packages/*'] }),
      'packages/prisma/package.json': JSON.stringify({ name: '@documenso/prisma', prisma: { schema: './schema.prisma' } }),
      'packages/prisma/schema.prisma': 'datasource db { provider = "postgresql" url = env("DATABASE_URL") }',
      'packages/prisma/migrations/20230101000000_init/migration.sql': PRISMA_INIT,
      'packages/prisma/migrations/20230201000000_index/migration.sql': 'CREATE INDEX "Document_userId_idx" ON "Document"("userId");',
      'packages/prisma/migrations/migration_lock.toml': 'provider = "postgresql"',
      'packages/database/package.json': JSON.stringify({ name: '@formbricks/database', scripts: { 'db:migrate:deploy': 'prisma migrate deploy --schema ./schema.prisma' } }),
      'packages/database/migration/20240101000000_init/migration.sql': 'CREATE TABLE "Survey" ("id" TEXT NOT NULL PRIMARY KEY, "name" TEXT);',
      'packages/database/migration/20240201000000_drop/migration.sql': 'ALTER TABLE "Survey" DROP COLUMN "name";',
      'node_modules/some-dep/migrations/001.sql': 'DROP TABLE everything;',
    });
    assert.deepEqual(
      facts.sets.map((s) => [s.dir, s.tool, s.foundBy, s.files]),
      [
        ['packages/prisma/migrations', 'prisma', 'packages/prisma/package.json prisma.schema', 2],
        ['packages/database/migration', 'prisma', 'tree search', 2],
      ],
    );
    assert.deepEqual(
      migrationsInventories(facts).map((t) => [t.title, t.rows.length]),
      [
        ['Migrations: packages/prisma/migrations (prisma)', 2],
        ['Migrations: packages/database/migration (prisma)', 2],
      ],
    );
    assert.deepEqual(Object.keys(buildInventory(factsWith({ migrations: facts }))), ['migrations', 'migrations-2'], 'each set is its own table in the report');
    assert.deepEqual(findings(facts), [
      'blocking-lock packages/prisma/migrations/20230201000000_index/migration.sql:1 require-concurrent-index-creation',
      'breaking-change packages/database/migration/20240201000000_drop/migration.sql:1 ban-drop-column',
      'no-lock-timeout packages/database/migration/20240201000000_drop/migration.sql',
    ]);
    // the Prisma way out of the transaction, and a fix that passes the tool's own checks
    const [fix] = fixesOf(facts, 'migrations.blocking-lock');
    assert.match(fix ?? '', /CREATE INDEX CONCURRENTLY IF NOT EXISTS "Document_userId_idx".*alone in a new migration folder.*ALTER ROLE/);
  });

  it('Drizzle: drizzle.config.ts names an out directory no search would guess', T, async () => {
    const facts = await collect({
      'apps/api/drizzle.config.ts':
        "import { defineConfig } from 'drizzle-kit';\nexport default defineConfig({ dialect: 'postgresql', schema: './src/schema.ts', out: './db/generated' });",
      'apps/api/db/generated/meta/_journal.json': JSON.stringify({
        version: '7',
        dialect: 'postgresql',
        entries: [
          { idx: 0, tag: '0000_init' },
          { idx: 1, tag: '0001_idx' },
        ],
      }),
      'apps/api/db/generated/0000_init.sql': 'CREATE TABLE "users" ("id" bigint PRIMARY KEY, "email" text);',
      'apps/api/db/generated/0001_idx.sql': 'CREATE UNIQUE INDEX "users_email_idx" ON "users" ("email");',
    });
    assert.deepEqual(
      facts.sets.map((s) => [s.dir, s.tool, s.foundBy]),
      [['apps/api/db/generated', 'drizzle', 'apps/api/drizzle.config.ts out']],
    );
    assert.deepEqual(findings(facts), ['blocking-lock apps/api/db/generated/0001_idx.sql:1 require-concurrent-index-creation']);
    assert.match(fixesOf(facts, 'migrations.blocking-lock')[0] ?? '', /drizzle-kit migrate applies every pending migration inside one transaction/);
  });

  it('Rails: db/migrate read statically, disable_ddl_transaction! honoured, fixes in Rails terms', T, async () => {
    const facts = await collect({
      Gemfile: "gem 'rails'",
      'db/migrate/20240101000000_create_accounts.rb':
        'class CreateAccounts < ActiveRecord::Migration[7.1]\n  def change\n    create_table :accounts do |t|\n      t.string :email\n    end\n    add_index :accounts, :email\n  end\nend\n',
      'db/migrate/20240201000000_add_index_to_accounts.rb':
        'class AddIndexToAccounts < ActiveRecord::Migration[7.1]\n  def change\n    add_index :accounts, :created_at\n    change_column_null :accounts, :email, false\n    remove_column :accounts, :legacy, :string\n    add_reference :accounts, :family, foreign_key: true\n  end\nend\n',
      'db/migrate/20240301000000_add_concurrent_index.rb':
        'class AddConcurrentIndex < ActiveRecord::Migration[7.1]\n  disable_ddl_transaction!\n\n  def change\n    add_index :accounts, :name, algorithm: :concurrently\n  end\nend\n',
      'db/migrate/20240401000000_bad_concurrent_index.rb':
        'class BadConcurrentIndex < ActiveRecord::Migration[7.1]\n  def change\n    add_index :accounts, :updated_at, algorithm: :concurrently\n  end\nend\n',
    });
    assert.deepEqual(
      facts.sets.map((s) => [s.dir, s.tool]),
      [['db/migrate', 'rails']],
    );
    assert.equal(facts.files.find((f) => f.path.endsWith('add_concurrent_index.rb'))?.wrap, 'none');
    assert.deepEqual(findings(facts), [
      'blocking-lock db/migrate/20240201000000_add_index_to_accounts.rb:3 require-concurrent-index-creation',
      'blocking-lock db/migrate/20240201000000_add_index_to_accounts.rb:4 setting-not-nullable-field',
      'blocking-lock db/migrate/20240201000000_add_index_to_accounts.rb:6 adding-foreign-key-constraint',
      'blocking-lock db/migrate/20240201000000_add_index_to_accounts.rb:6 require-concurrent-index-creation',
      'breaking-change db/migrate/20240201000000_add_index_to_accounts.rb:5 ban-drop-column',
      'concurrent-in-transaction db/migrate/20240401000000_bad_concurrent_index.rb:3',
    ]);
    assert.match(fixesOf(facts, 'migrations.blocking-lock')[0] ?? '', /disable_ddl_transaction!.*algorithm: :concurrently/);
    assert.match(fixesOf(facts, 'migrations.breaking-change')[0] ?? '', /ignored_columns/);
  });

  it('Django: app migrations read statically, atomic = False honoured', T, async () => {
    const facts = await collect({
      'manage.py': '#!/usr/bin/env python',
      'shop/migrations/__init__.py': '',
      'shop/migrations/0001_initial.py':
        "from django.db import migrations, models\n\nclass Migration(migrations.Migration):\n    operations = [\n        migrations.CreateModel(\n            name='Order',\n            fields=[('id', models.BigAutoField(primary_key=True))],\n        ),\n        migrations.AddIndex(model_name='order', index=models.Index(fields=['id'], name='order_id_idx')),\n    ]\n",
      'shop/migrations/0002_index.py':
        "from django.db import migrations, models\n\nclass Migration(migrations.Migration):\n    operations = [\n        migrations.AddIndex(\n            model_name='order',\n            index=models.Index(fields=['created'], name='order_created_idx'),\n        ),\n        migrations.AlterField(model_name='order', name='note', field=models.TextField(null=False)),\n        migrations.RemoveField(model_name='order', name='legacy'),\n    ]\n",
      'shop/migrations/0003_concurrent.py':
        "from django.contrib.postgres.operations import AddIndexConcurrently\nfrom django.db import migrations, models\n\nclass Migration(migrations.Migration):\n    atomic = False\n    operations = [\n        AddIndexConcurrently(model_name='order', index=models.Index(fields=['note'], name='order_note_idx')),\n    ]\n",
    });
    assert.deepEqual(
      facts.sets.map((s) => [s.dir, s.tool]),
      [['shop/migrations', 'django']],
    );
    assert.deepEqual(findings(facts), [
      'blocking-lock shop/migrations/0002_index.py:5 require-concurrent-index-creation',
      'blocking-lock shop/migrations/0002_index.py:9 setting-not-nullable-field',
      'breaking-change shop/migrations/0002_index.py:10 ban-drop-column',
    ]);
    assert.match(fixesOf(facts, 'migrations.blocking-lock')[0] ?? '', /atomic = False.*AddIndexConcurrently/);
  });

  it('Knex: knexfile migrations.directory, schema-builder calls read statically, config.transaction false honoured', T, async () => {
    const facts = await collect({
      'knexfile.ts': "export default {\n  client: 'pg',\n  connection: process.env.DATABASE_URL,\n  migrations: { directory: './db/knex', extension: 'ts' },\n};\n",
      'db/knex/20240101000000_init.ts':
        "import type { Knex } from 'knex';\n\nexport async function up(knex: Knex): Promise<void> {\n  await knex.schema.createTable('orders', (table) => {\n    table.bigIncrements('id');\n    table.index(['id']);\n  });\n}\n\nexport async function down(knex: Knex): Promise<void> {\n  await knex.schema.dropTable('orders');\n}\n",
      'db/knex/20240201000000_more.ts':
        "import type { Knex } from 'knex';\n\nexport async function up(knex: Knex): Promise<void> {\n  await knex.schema.alterTable('orders', (table) => {\n    table.index(['created_at']);\n    table.string('note').notNullable().alter();\n    table.dropColumn('legacy');\n    table.foreign('user_id').references('users.id');\n  });\n  await knex.raw('CREATE INDEX CONCURRENTLY orders_note ON orders (note)');\n}\n\nexport async function down(knex: Knex): Promise<void> {\n  await knex.schema.dropTable('orders');\n}\n",
      'db/knex/20240301000000_concurrent.ts':
        "import type { Knex } from 'knex';\n\nexport const config = { transaction: false };\n\nexport async function up(knex: Knex): Promise<void> {\n  await knex.raw('CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_user ON orders (user_id)');\n}\n\nexport async function down(): Promise<void> {}\n",
    });
    assert.deepEqual(
      facts.sets.map((s) => [s.dir, s.tool, s.foundBy]),
      [['db/knex', 'knex', 'knexfile.ts migrations.directory']],
    );
    assert.deepEqual(findings(facts), [
      'blocking-lock db/knex/20240201000000_more.ts:5 require-concurrent-index-creation',
      'blocking-lock db/knex/20240201000000_more.ts:6 setting-not-nullable-field',
      'blocking-lock db/knex/20240201000000_more.ts:8 adding-foreign-key-constraint',
      'breaking-change db/knex/20240201000000_more.ts:7 ban-drop-column',
      'concurrent-in-transaction db/knex/20240201000000_more.ts:10',
    ]);
    assert.match(fixesOf(facts, 'migrations.concurrent-in-transaction')[0] ?? '', /config = \{ transaction: false \}/);
  });

  it('Alembic: alembic.ini script_location, revisions in down_revision order, autocommit_block honoured', T, async () => {
    const rev = (id: string, down: string | null, body: string) =>
      `"""${id}"""\nfrom alembic import op\nimport sqlalchemy as sa\n\nrevision = '${id}'\ndown_revision = ${down ? `'${down}'` : 'None'}\n\n\ndef upgrade():\n${body}\n\n\ndef downgrade():\n    op.drop_table('users')\n`;
    const facts = await collect({
      'alembic.ini': '[alembic]\nscript_location = db\n',
      'db/env.py': 'from alembic import context',
      'db/versions/zz_first.py': rev(
        'a1',
        null,
        "    op.create_table('users', sa.Column('id', sa.BigInteger(), primary_key=True))\n    op.create_index('users_id', 'users', ['id'])",
      ),
      'db/versions/aa_second.py': rev('b2', 'a1', "    op.create_index('users_email', 'users', ['email'])\n    op.alter_column('users', 'email', nullable=False)"),
      'db/versions/mm_third.py': rev(
        'c3',
        'b2',
        "    with op.get_context().autocommit_block():\n        op.create_index('users_name', 'users', ['name'], postgresql_concurrently=True)",
      ),
    });
    assert.deepEqual(
      facts.sets.map((s) => [s.dir, s.tool, s.foundBy]),
      [['db/versions', 'alembic', 'alembic.ini script_location']],
    );
    assert.deepEqual(
      facts.files.map((f) => f.path),
      ['db/versions/zz_first.py', 'db/versions/aa_second.py', 'db/versions/mm_third.py'],
    );
    assert.deepEqual(findings(facts), [
      'blocking-lock db/versions/aa_second.py:10 require-concurrent-index-creation',
      'blocking-lock db/versions/aa_second.py:11 setting-not-nullable-field',
    ]);
    assert.match(fixesOf(facts, 'migrations.blocking-lock')[0] ?? '', /autocommit_block\(\).*postgresql_concurrently=True/);
  });

  it('Prisma backfill in one transaction: the UPDATE and the index build run while line 2 holds ACCESS EXCLUSIVE', T, async () => {
    const facts = await collect({
      'prisma/schema.prisma': 'datasource db { provider = "postgresql" }',
      'prisma/migrations/01_init/migration.sql': 'CREATE TABLE "website_event" ("event_id" UUID NOT NULL PRIMARY KEY, "session_id" UUID NOT NULL, "created_at" TIMESTAMPTZ(6));',
      'prisma/migrations/05_add_visit_id/migration.sql': [
        '-- AlterTable',
        'ALTER TABLE "website_event" ADD COLUMN "visit_id" UUID NULL;',
        '',
        'UPDATE "website_event" we',
        'SET visit_id = a.uuid',
        'FROM (SELECT DISTINCT s.session_id, gen_random_uuid() uuid FROM website_event s) a',
        'WHERE we.session_id = a.session_id;',
        '',
        'CREATE INDEX "website_event_visit_id_idx" ON "website_event"("visit_id");',
      ].join('\n'),
    });
    assert.deepEqual(findings(facts), [
      'backfill-in-migration prisma/migrations/05_add_visit_id/migration.sql:4 backfill-in-migration',
      'blocking-lock prisma/migrations/05_add_visit_id/migration.sql:9 require-concurrent-index-creation',
      'no-lock-timeout prisma/migrations/05_add_visit_id/migration.sql',
    ]);
    const report = runChecks(factsWith({ migrations: facts }), REGISTRY).findings;
    const backfill = report.find((f) => f.id === 'migrations.backfill-in-migration');
    assert.match(backfill?.title ?? '', /while ACCESS EXCLUSIVE on website_event from line 2 is held/);
    const index = report.find((f) => f.id === 'migrations.blocking-lock');
    assert.match(index?.title ?? '', /while ACCESS EXCLUSIVE on website_event from line 2 is held/);
    assert.ok(
      facts.statements.some((s) => s.kind === 'UpdateStmt' && s.line === 4),
      'the backfill is kept in the facts',
    );
  });

  it('migrations.postgresVersion decides the version-dependent rules (default 17 without a database)', T, async () => {
    const files = { 'db/migrations/001.sql': 'CREATE TABLE t (id bigint);', 'db/migrations/002.sql': 'ALTER TABLE t ADD COLUMN n int DEFAULT 10;' };
    const rules = (facts: MigrationsFacts) => facts.statements.flatMap((s) => s.hazards.map((h) => h.rule));
    const modern = await collect(files);
    assert.equal(modern.pgVersion, 17);
    assert.ok(!rules(modern).includes('adding-field-with-default'));
    const old = await collect(files, { migrations: { postgresVersion: 10 } });
    assert.equal(old.pgVersion, 10);
    assert.ok(rules(old).includes('adding-field-with-default'));
  });

  it('start commands and Flyway config name the directories: render.yaml --schema, flyway.conf locations', T, async () => {
    const facts = await collect({
      'render.yaml': 'services:\n  - type: web\n    startCommand: npx prisma migrate deploy --schema=apps/web/db/schema.prisma && node server.js\n',
      'apps/web/db/migrations/20240101000000_init/migration.sql': 'CREATE TABLE "A" (id bigint);',
      'flyway.conf': 'flyway.url=jdbc:postgresql://localhost/app\nflyway.locations=filesystem:sql/schema\n',
      'sql/schema/V1__init.sql': 'CREATE TABLE b (id bigint);',
      'sql/schema/V2__idx.sql': 'CREATE INDEX b_id ON b (id);',
    });
    assert.deepEqual(
      facts.sets.map((s) => [s.dir, s.tool, s.foundBy]),
      [
        ['sql/schema', 'flyway', 'flyway.conf locations'],
        ['apps/web/db/migrations', 'prisma', 'render.yaml --schema'],
      ],
    );
    assert.deepEqual(findings(facts), ['blocking-lock sql/schema/V2__idx.sql:1 require-concurrent-index-creation']);
    assert.match(fixesOf(facts, 'migrations.blocking-lock')[0] ?? '', /executeInTransaction=false/);
  });
});

// The lock rules model PostgreSQL: a migration set for MySQL or SQLite is listed, not judged, and says why. The
// database is read from the set's own tool files, then from the drivers and adapters the project declares.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { noMigrationsReason } from '../../src/analyze/sql/migration-findings.ts';
import { collectMigrations } from '../../src/collect/migrations/index.ts';
import type { MigrationsFacts } from '../../src/facts/migrations.ts';
import { Redactor } from '../../src/mask.ts';
import { NetContext } from '../../src/net/context.ts';
import { buildPlan } from '../../src/plan.ts';
import { migrationsInventories } from '../../src/report/inventory.ts';

async function collectIn(files: Record<string, string>): Promise<MigrationsFacts> {
  const dir = await mkdtemp(join(tmpdir(), 'lr-engine-'));
  try {
    for (const [path, text] of Object.entries(files)) {
      await mkdir(dirname(join(dir, path)), { recursive: true });
      await writeFile(join(dir, path), text);
    }
    const { plan, secrets } = buildPlan({}, { urls: [], repo: dir, cwd: dir, cwdIsGitRepo: false }, {});
    const net = new NetContext({ timeoutMs: 2000, concurrency: 2, resolve: [], dnsServers: [], extraCaPem: [], allowNonLoopbackTraffic: false });
    return await collectMigrations({ plan, secrets, net, redactor: new Redactor(), facts: {}, progress() {} }, { measure: false });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const RAILS_INDEX = 'class AddIndexToStories < ActiveRecord::Migration[8.0]\n  def change\n    add_index :stories, :hotness\n  end\nend\n';
const PRISMA_INDEX = 'CREATE INDEX `Link_domain_idx` ON `Link`(`domain`);\n'.replaceAll('`', '"');

describe('migrations on another database than PostgreSQL', () => {
  it('lists a Rails app on SQLite without judging it, and says why', async () => {
    const facts = await collectIn({
      Gemfile: 'source "https://rubygems.org"\ngem "rails"\ngem "sqlite3", force_ruby_platform: true\n',
      'db/migrate/20250101000000_add_index_to_stories.rb': RAILS_INDEX,
    });
    assert.deepEqual(facts.statements, []);
    assert.deepEqual(facts.sets[0]?.otherDatabase, { engine: 'sqlite', evidence: 'Gemfile: gem "sqlite3"' });
    assert.match(noMigrationsReason(facts) ?? '', /^db\/migrate runs on SQLite \(Gemfile: gem "sqlite3"\): the lock rules model PostgreSQL/);
    assert.match(migrationsInventories(facts)[0]?.title ?? '', /1 files on SQLite .*not judged/);
  });

  it('judges a Rails app with pg for production and sqlite3 for development', async () => {
    const facts = await collectIn({
      Gemfile: 'gem "rails"\ngroup :development, :test do\n  gem "sqlite3"\nend\ngroup :production do\n  gem "pg"\nend\n',
      'db/migrate/20250101000000_add_index_to_stories.rb': RAILS_INDEX,
    });
    assert.equal(facts.sets[0]?.otherDatabase, undefined);
    assert.equal(facts.statements.length, 1);
  });

  it("reads Prisma's migration_lock.toml before any driver, and database.yml's adapter", async () => {
    const mysql = await collectIn({
      'package.json': JSON.stringify({ dependencies: { pg: '8.0.0' } }),
      'prisma/migrations/migration_lock.toml': 'provider = "mysql"\n',
      'prisma/migrations/20240101000000_index/migration.sql': PRISMA_INDEX,
    });
    assert.equal(mysql.sets[0]?.otherDatabase?.engine, 'mysql');
    assert.deepEqual(mysql.statements, []);
    const postgres = await collectIn({
      'package.json': JSON.stringify({ dependencies: { mysql2: '3.0.0' } }),
      'prisma/migrations/migration_lock.toml': 'provider = "postgresql"\n',
      'prisma/migrations/20240101000000_index/migration.sql': PRISMA_INDEX,
    });
    assert.equal(postgres.statements.length, 1);
    const yml = await collectIn({ 'config/database.yml.sample': 'production:\n  adapter: mysql2\n', 'db/migrate/20250101000000_add_index_to_stories.rb': RAILS_INDEX });
    assert.equal(yml.sets[0]?.otherDatabase?.evidence, 'config/database.yml.sample: adapter mysql2');
  });

  it('judges a set nothing names the database of (PostgreSQL is the assumption)', async () => {
    const facts = await collectIn({ 'db/migrate/20250101000000_add_index_to_stories.rb': RAILS_INDEX });
    assert.equal(facts.statements.length, 1);
  });
});

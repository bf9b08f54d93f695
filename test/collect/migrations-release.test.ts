// Without --database-url, the latest final release tag behind HEAD says which migrations already ran where it is
// deployed: a repository full of shipped migrations reports only the ones added since (the real-world shape: years of
// Prisma or Rails migrations, one new file on the branch).
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { noMigrationsReason } from '../../src/analyze/sql/migration-findings.ts';
import { collectMigrations } from '../../src/collect/migrations/index.ts';
import type { MigrationsFacts } from '../../src/facts/migrations.ts';
import { Redactor } from '../../src/mask.ts';
import { NetContext } from '../../src/net/context.ts';
import { buildPlan } from '../../src/plan.ts';
import { migrationsInventories } from '../../src/report/inventory.ts';
import { GitFixture } from '../support/git-fixture.ts';

const SCHEMA = { 'prisma/schema.prisma': 'datasource db { provider = "postgresql" url = env("DATABASE_URL") }\n' };
const INIT = 'CREATE TABLE "Order" ("id" SERIAL PRIMARY KEY, "note" TEXT);\n';
const INDEX = 'CREATE INDEX "Order_note_idx" ON "Order"("note");\n';
const DROP = 'ALTER TABLE "Order" DROP COLUMN "note";\n';

async function collect(dir: string): Promise<MigrationsFacts> {
  const { plan, secrets } = buildPlan({}, { urls: [], repo: dir, cwd: dir, cwdIsGitRepo: true }, {});
  const net = new NetContext({ timeoutMs: 3000, concurrency: 2, resolve: [], dnsServers: [], extraCaPem: [], allowNonLoopbackTraffic: false });
  return collectMigrations({ plan, secrets, net, redactor: new Redactor(), facts: {}, progress() {} }, { measure: false });
}

const migrated = (facts: MigrationsFacts) => [...new Set(facts.statements.map((s) => s.file.split('/')[2]))];

describe('migrations shipped in the latest release tag', () => {
  let repo: GitFixture;
  afterEach(() => repo.cleanup());

  it('judges only the files added or changed since the tag, and says which release it used', async () => {
    repo = new GitFixture();
    for (const [path, text] of Object.entries(SCHEMA)) repo.write(path, text);
    repo.write('prisma/migrations/20240101000000_init/migration.sql', INIT).write('prisma/migrations/20240201000000_index/migration.sql', INDEX);
    repo.commit('first release');
    repo.git('tag', 'v1.0.0');
    repo.write('prisma/migrations/20240301000000_drop/migration.sql', DROP).commit('drop the note column');
    const facts = await collect(repo.dir);
    assert.deepEqual(facts.history, [{ dir: 'prisma/migrations', table: null, release: 'v1.0.0', applied: 2, pending: 1, error: null }]);
    assert.deepEqual(migrated(facts), ['20240301000000_drop']);
    assert.match((migrationsInventories(facts)[0] as { title: string }).title, /pending only \(2 already applied in release v1\.0\.0; --database-url reads the real history\)/);
  });

  it('judges a released migration edited after the tag, and ignores a later pre-release tag', async () => {
    repo = new GitFixture();
    for (const [path, text] of Object.entries(SCHEMA)) repo.write(path, text);
    repo.write('prisma/migrations/20240101000000_init/migration.sql', INIT).write('prisma/migrations/20240201000000_index/migration.sql', INDEX);
    repo.commit('first release');
    repo.git('tag', '1.0.0');
    repo.write('prisma/migrations/20240201000000_index/migration.sql', `${INDEX}${DROP}`);
    repo.write('prisma/migrations/20240301000000_more/migration.sql', 'ALTER TABLE "Order" ADD COLUMN "total" INTEGER NOT NULL;\n').commit('edit and add');
    repo.git('tag', '1.1.0-rc.1');
    const facts = await collect(repo.dir);
    assert.equal(facts.history?.[0]?.release, '1.0.0');
    assert.deepEqual(migrated(facts), ['20240201000000_index', '20240301000000_more']);
  });

  it('counts a released migration edited only in form (imports sorted, reformatted) as shipped, and judges one whose operations changed', async () => {
    repo = new GitFixture();
    const djangoIndex = (imports: string, quote: string) =>
      `${imports}\n\nclass Migration(migrations.Migration):\n    dependencies = [(${quote}shop${quote}, ${quote}0001_initial${quote})]\n\n    operations = [\n        migrations.AddIndex(\n            model_name=${quote}order${quote},\n            index=models.Index(fields=[${quote}note${quote}], name=${quote}order_note${quote}),\n        ),\n    ]\n`;
    repo.write('shop/__init__.py', '').write('shop/migrations/__init__.py', '');
    repo.write('shop/migrations/0002_order_note.py', djangoIndex('from django.db import models, migrations', "'"));
    repo.write('shop/migrations/0003_order_total.py', djangoIndex('from django.db import migrations, models', "'"));
    repo.write('db/migrations/001_index.sql', INDEX);
    repo.commit('first release');
    repo.git('tag', 'v1.0.0');
    // a formatter sorted the imports and switched to double quotes: the same operation, already run in v1.0.0
    repo.write('shop/migrations/0002_order_note.py', djangoIndex('from django.db import migrations, models', '"'));
    repo.write(
      'shop/migrations/0003_order_total.py',
      "from django.db import migrations\n\nclass Migration(migrations.Migration):\n    operations = [\n        migrations.RemoveField(model_name='order', name='note'),\n    ]\n",
    );
    repo.write('db/migrations/001_index.sql', `-- the note index\n${INDEX.replace('ON', '\n  ON')}`);
    repo.commit('format');
    const facts = await collect(repo.dir);
    const judged = [...new Set(facts.statements.map((s) => s.file))].sort();
    assert.deepEqual(judged, ['shop/migrations/0003_order_total.py']);
  });

  it('says why nothing is judged when every migration shipped, and judges everything without a tag', async () => {
    repo = new GitFixture();
    for (const [path, text] of Object.entries(SCHEMA)) repo.write(path, text);
    repo.write('prisma/migrations/20240101000000_init/migration.sql', INIT).write('prisma/migrations/20240201000000_index/migration.sql', INDEX);
    repo.commit('no tag yet');
    const untagged = await collect(repo.dir);
    assert.equal(untagged.history, null);
    assert.deepEqual(migrated(untagged), ['20240101000000_init', '20240201000000_index']);
    repo.git('tag', 'v2.0.0');
    const tagged = await collect(repo.dir);
    assert.deepEqual(migrated(tagged), []);
    assert.match(noMigrationsReason(tagged) ?? '', /^all 2 migration files shipped unchanged in release v2\.0\.0 .*pass --database-url/);
  });
});

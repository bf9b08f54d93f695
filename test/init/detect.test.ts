// init proposes only the project's own hosts as canonical, never the third-party APIs its code calls.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { detectMigrationSets, detectRepo } from '../../src/init/detect.ts';
import { renderInitConfig } from '../../src/init/render.ts';
import { writeRepo } from '../support/repo-fixture.ts';

describe('init detection', () => {
  it('ignores third-party API hosts found in code and keeps the app’s own (issue 8)', async () => {
    const repo = await writeRepo({
      'package.json': JSON.stringify({ name: 'acme-shop', dependencies: { next: '14.0.0' } }),
      '.env.example': 'NEXT_PUBLIC_APP_URL=https://app.shopfront.example\n',
      'src/github.ts': "const r = await fetch('https://api.github.com/repos/x/y');\n",
      'src/pay.ts': "const s = 'https://api.stripe.com/v1/charges';\n",
      'src/client.ts': "const base = 'https://api.shopfront.example/v1';\nconst docs = 'https://www.acme-shop.dev/docs';\n",
    });
    try {
      assert.deepEqual(detectRepo(repo.dir).urls.sort(), ['https://api.shopfront.example', 'https://www.acme-shop.dev']);
    } finally {
      await repo.remove();
    }
  });

  it('proposes nothing when the code only names other services', async () => {
    const repo = await writeRepo({ 'package.json': JSON.stringify({ name: 'tool' }), 'index.js': "fetch('https://api.github.com/user'); fetch('https://api.openai.com/v1');\n" });
    try {
      assert.deepEqual(detectRepo(repo.dir).urls, []);
    } finally {
      await repo.remove();
    }
  });
});

describe('init: migration sets', () => {
  const prismaPackage = (name: string) => JSON.stringify({ name, prisma: { schema: 'prisma/schema.prisma' } });
  const migration = 'CREATE TABLE "User" ("id" TEXT NOT NULL PRIMARY KEY);\n';

  it('writes migrations.dir for the one set of a monorepo package, found through its package.json', async () => {
    const repo = await writeRepo({
      'package.json': JSON.stringify({ name: 'mono', private: true, workspaces: ['packages/*'] }),
      'packages/db/package.json': prismaPackage('@mono/db'),
      'packages/db/prisma/schema.prisma': 'datasource db { provider = "postgresql" url = env("DATABASE_URL") }\n',
      'packages/db/prisma/migrations/20240101000000_init/migration.sql': migration,
    });
    try {
      const sets = await detectMigrationSets(repo.dir);
      assert.deepEqual(
        sets.map((s) => [s.dir, s.tool]),
        [['packages/db/prisma/migrations', 'prisma']],
      );
      const text = renderInitConfig({ ...detectRepo(repo.dir), migrationSets: sets }, 'schema.json');
      assert.equal((parse(text) as { migrations?: { dir?: string } }).migrations?.dir, 'packages/db/prisma/migrations');
    } finally {
      await repo.remove();
    }
  });

  it('lists several sets in a comment and leaves migrations.dir unset, so every set is analysed', async () => {
    const repo = await writeRepo({
      'apps/api/package.json': prismaPackage('api'),
      'apps/api/prisma/schema.prisma': 'model A { id Int @id }\n',
      'apps/api/prisma/migrations/20240101000000_init/migration.sql': migration,
      'apps/billing/db/migrate/20240101000000_create_invoices.rb': 'class CreateInvoices < ActiveRecord::Migration[7.1]\n  def change\n    create_table :invoices\n  end\nend\n',
    });
    try {
      const sets = await detectMigrationSets(repo.dir);
      assert.deepEqual(sets.map((s) => s.dir).sort(), ['apps/api/prisma/migrations', 'apps/billing/db/migrate']);
      const text = renderInitConfig({ ...detectRepo(repo.dir), migrationSets: sets }, 'schema.json');
      const config = parse(text) as { migrations?: unknown };
      assert.equal(config.migrations, undefined);
      assert.match(text, /# migrations: 2 migration sets found/);
      assert.match(text, /# {3}apps\/billing\/db\/migrate \(rails, found by /);
    } finally {
      await repo.remove();
    }
  });

  it('keeps repository names inside comments: a file name with a line break adds no key', () => {
    const text = renderInitConfig(
      {
        framework: null,
        appName: 'x\u009b31m',
        routes: [{ method: 'GET', path: '/a', kind: 'read', source: 'src/a.ts\nrepo: /etc' }],
        routesFound: 1,
        routeNotes: ['next.config.js\nrepo: /etc sets basePath'],
        mainApp: '.',
        apps: [],
        urls: [],
        canonical: null,
        homepage: null,
        migrationSets: [{ dir: 'db/migrations', tool: 'plain', foundBy: 'x\nrepo: /etc' }],
        envFiles: ['.env\nrepo: /etc\n.env.example'],
        envVarForDatabase: null,
      },
      'schema.json',
    );
    const config = parse(text) as { repo?: string; app?: { name?: string } };
    assert.equal(config.repo, '.');
    assert.equal(config.app?.name, 'x\u009b31m');
    assert.doesNotMatch(text, /\u009b/);
  });
});

describe('init: route kinds from whole path words', () => {
  it('reads kinds from segments, not substrings: a website’s sessions or reset are not sign-in or password reset', async () => {
    const routes = [
      "app.get('/api/websites/:id/sessions', h);",
      "app.post('/api/websites/:id/sessions', h);",
      "app.post('/api/websites/:id/reset', h);",
      "app.get('/api/sessionstorage', h);",
      "app.post('/api/auth/login', h);",
      "app.post('/api/sessions', h);",
      "app.post('/auth/forgot-password', h);",
      "app.post('/api/password/reset', h);",
      "app.post('/users/sign_in', h);",
      "app.post('/api/sign-up', h);",
      "app.post('/api/webhooks/stripe', h);",
      "app.get('/api/websites/:id/stats', h);",
      "app.get('/api/hooked-items', h);",
      "app.get('/healthz', h);",
      "app.get('/api/live-events', h);",
      "app.get('/dashboard', h);",
    ].join('\n');
    const repo = await writeRepo({ 'package.json': JSON.stringify({ name: 'app', dependencies: { express: '4.0.0' } }), 'src/server.js': routes });
    try {
      const kinds = Object.fromEntries(detectRepo(repo.dir).routes.map((r) => [`${r.method} ${r.path}`, r.kind]));
      assert.deepEqual(kinds, {
        'GET /api/websites/:id/sessions': 'read',
        'POST /api/websites/:id/sessions': 'public-api',
        'POST /api/websites/:id/reset': 'public-api',
        'GET /api/sessionstorage': 'read',
        'POST /api/auth/login': 'login',
        'POST /api/sessions': 'login',
        'POST /auth/forgot-password': 'password-reset',
        'POST /api/password/reset': 'password-reset',
        'POST /users/sign_in': 'login',
        'POST /api/sign-up': 'signup',
        'POST /api/webhooks/stripe': 'webhook',
        'GET /api/websites/:id/stats': 'report',
        'GET /api/hooked-items': 'read',
        'GET /healthz': 'health',
        'GET /api/live-events': 'read',
        'GET /dashboard': 'page',
      });
    } finally {
      await repo.remove();
    }
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { collectDeps, depsCollector } from '../../src/collect/deps/index.ts';
import { depsInventory } from '../../src/report/inventory.ts';
import { planFor } from '../support/facts.ts';
import { writeRepo } from '../support/repo-fixture.ts';

const OSV = fileURLToPath(new URL('../fixtures/osv/', import.meta.url));
const T = { timeout: 30_000 };

describe('deps collector', () => {
  it('needs a repository', () => {
    assert.match(depsCollector.missingInput(planFor({ repo: null })) ?? '', /--repo DIR/);
  });

  it('matches every lockfile format against the fixture OSV directory', T, async () => {
    const repo = await writeRepo({
      'web/package.json': JSON.stringify({ dependencies: { lodash: '^4.17.0', '@acme/widget': '^2' } }),
      'web/package-lock.json': JSON.stringify({
        lockfileVersion: 3,
        packages: { '': {}, 'node_modules/lodash': { version: '4.17.20' }, 'node_modules/@acme/widget': { version: '2.3.0' }, 'node_modules/express': { version: '4.19.2' } },
      }),
      'legacy/package.json': JSON.stringify({ dependencies: { minimist: '1' } }),
      'legacy/package-lock.json': JSON.stringify({ lockfileVersion: 1, dependencies: { minimist: { version: '1.2.5' } } }),
      'v2/package.json': JSON.stringify({ dependencies: { lodash: '4' } }),
      'v2/package-lock.json': JSON.stringify({ lockfileVersion: 2, packages: { 'node_modules/lodash': { version: '4.17.21' } }, dependencies: { lodash: { version: '4.17.21' } } }),
      'pn/package.json': JSON.stringify({ dependencies: { minimist: '0' } }),
      'pn/pnpm-lock.yaml': "lockfileVersion: '6.0'\npackages:\n  /minimist@0.2.1:\n    resolution: {integrity: x}\n",
      'y1/package.json': JSON.stringify({ dependencies: { lodash: '4' } }),
      'y1/yarn.lock': '# yarn lockfile v1\n\nlodash@^4:\n  version "4.17.15"\n',
      'y2/package.json': JSON.stringify({ dependencies: { minimist: '1' } }),
      'y2/yarn.lock': '__metadata:\n  version: 8\n\n"minimist@npm:^1.2.0":\n  version: 1.2.6\n',
      'py/requirements.txt': 'Django==4.2.10\nrequests==2.31.0\n',
      'poetry/pyproject.toml': '[tool.poetry.dependencies]\npython = "^3.11"\nDjango = "^5.0"\n',
      'poetry/poetry.lock': '[[package]]\nname = "django"\nversion = "5.0.3"\n',
      'rb/Gemfile': "gem 'rack'\n",
      'rb/Gemfile.lock': 'GEM\n  specs:\n    rack (3.0.9)\n\n',
      'go/go.mod': 'module x\n\nrequire golang.org/x/net v0.22.0\n',
      'go/go.sum': 'golang.org/x/net v0.22.0 h1:x=\ngolang.org/x/net v0.22.0/go.mod h1:y=\n',
    });
    try {
      const facts = await collectDeps(repo.dir, OSV);
      const found = facts.vulnerable.map((v) => `${v.lockfile}|${v.package}@${v.version}|${v.advisory}|${v.fixed}|${v.severity}`).sort();
      assert.deepEqual(found, [
        'go/go.sum|golang.org/x/net@v0.22.0|GO-2024-2687|0.23.0|high',
        'legacy/package-lock.json|minimist@1.2.5|GHSA-xvch-5gv4-984h|1.2.6|high',
        'pn/pnpm-lock.yaml|minimist@0.2.1|GHSA-xvch-5gv4-984h|0.2.4|high',
        'py/requirements.txt|django@4.2.10|PYSEC-2024-0001|4.2.11|medium',
        'py/requirements.txt|requests@2.31.0|GHSA-requ-ests-0000|null|low',
        'rb/Gemfile.lock|rack@3.0.9|GHSA-rack-0000-0000|3.0.9.1|high',
        'web/package-lock.json|@acme/widget@2.3.0|GHSA-test-scop-ed00|null|low',
        'web/package-lock.json|lodash@4.17.20|GHSA-35jh-r3h4-6jhm|4.17.21|high',
        'y1/yarn.lock|lodash@4.17.15|GHSA-35jh-r3h4-6jhm|4.17.21|high',
      ]);
      assert.ok(!found.some((f) => f.includes('express')), 'withdrawn advisories are ignored');
      assert.equal(facts.advisoryDatabase.unreadableFiles, 2, 'garbage and broken JSON are counted, not fatal');
      assert.ok(
        facts.manifests.every((m) => m.lockfile !== null),
        JSON.stringify(facts.manifests),
      );
      const inventory = depsInventory(facts);
      assert.equal(inventory?.title, 'Dependencies');
      assert.deepEqual(inventory?.columns, ['package', 'version', 'ecosystem', 'lockfile', 'advisories']);
      assert.ok(inventory?.rows[0]?.[4], 'vulnerable packages come first');
      assert.ok(facts.packages?.[0] && facts.vulnerable.some((v) => v.package === facts.packages?.[0]?.name), 'the facts list vulnerable packages first too');
      assert.equal(facts.packagesLocked, inventory?.rows.length);
    } finally {
      await repo.remove();
    }
  });

  it('finds manifests without lockfiles; a workspace root lockfile covers nested package.json', T, async () => {
    const repo = await writeRepo({
      'package.json': JSON.stringify({ workspaces: ['packages/*'], devDependencies: { typescript: '5' } }),
      'pnpm-lock.yaml': "lockfileVersion: '9.0'\n",
      'packages/a/package.json': JSON.stringify({ dependencies: { lodash: '4' } }),
      'api/requirements.txt': 'flask>=2\nrequests\n',
      'svc/pyproject.toml': '[project]\nname = "svc"\ndependencies = ["fastapi>=0.110", "uvicorn"]\n',
      'tools/requirements.in': 'black\n',
      'tools/requirements.txt': 'black==24.1.0\n',
      'rb/Gemfile': "gem 'rails'\n",
      'go/go.mod': 'module y\n\nrequire (\n\tgithub.com/a/b v1.0.0\n)\n',
      'empty/package.json': JSON.stringify({ name: 'no-deps' }),
      'test/fixtures/app/package.json': JSON.stringify({ dependencies: { a: '1' } }),
    });
    try {
      const facts = await collectDeps(repo.dir, null);
      const missing = facts.manifests
        .filter((m) => m.lockfile === null)
        .map((m) => m.file)
        .sort();
      assert.deepEqual(missing, ['api/requirements.txt', 'go/go.mod', 'rb/Gemfile', 'svc/pyproject.toml']);
      assert.equal(facts.manifests.find((m) => m.file === 'packages/a/package.json')?.lockfile, 'pnpm-lock.yaml');
      assert.equal(facts.manifests.find((m) => m.file === 'tools/requirements.in')?.lockfile, 'tools/requirements.txt');
      assert.equal(facts.advisoryDatabase.dir, null);
      assert.deepEqual(facts.vulnerable, []);
    } finally {
      await repo.remove();
    }
  });

  it('an unreadable advisory directory is an error in the facts, not a crash', T, async () => {
    const repo = await writeRepo({ 'package.json': '{"dependencies":{"a":"1"}}' });
    try {
      const facts = await collectDeps(repo.dir, `${repo.dir}/does-not-exist`);
      assert.match(facts.advisoryDatabase.error ?? '', /ENOENT/);
    } finally {
      await repo.remove();
    }
  });
});

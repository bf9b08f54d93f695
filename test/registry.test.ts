// The catalog, the check files, their tests and their docs pages stay in step.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { CATALOG, CATALOG_BY_ID } from '../src/catalog.ts';
import { CHECKS, CHECKS_BY_ID } from '../src/checks/registry.ts';
import { renderCheckPage } from '../src/docs/check-page.ts';

const root = new URL('../', import.meta.url);
const specPath = new URL('../../shared/spec/CHECKS.md', import.meta.url);

describe('check registry', () => {
  it('the catalog matches CHECKS.md exactly (ids, severities, bars)', { skip: !existsSync(specPath) && 'shared/spec not present' }, () => {
    const spec = readFileSync(specPath, 'utf8');
    const rows = [...spec.matchAll(/^\| ([a-z0-9]+\.[a-z0-9-]+) \| (\w+) \| ([\w-]+) \|/gm)].map((m) => [m[1], m[2], m[3] === '-' ? null : m[3]]);
    assert.deepEqual(
      CATALOG.map((e) => [e.id, e.severity, e.bar]),
      rows,
    );
  });

  it('every registered check is a catalog id, in a file named by that id', () => {
    for (const check of CHECKS) {
      const entry = CATALOG_BY_ID.get(check.meta.id);
      assert.ok(entry, `${check.meta.id} not in catalog`);
      assert.ok(existsSync(new URL(`src/checks/${dirFor(check.meta.id)}/${check.meta.id}.ts`, root)), `src/checks/${dirFor(check.meta.id)}/${check.meta.id}.ts missing`);
    }
    assert.equal(new Set(CHECKS.map((c) => c.meta.id)).size, CHECKS.length, 'a check id is registered twice');
  });

  it('every check file under src/checks is registered', () => {
    for (const dir of readdirSync(new URL('src/checks/', root), { withFileTypes: true }).filter((d) => d.isDirectory())) {
      for (const file of readdirSync(new URL(`src/checks/${dir.name}/`, root))) {
        if (file === 'index.ts') continue;
        const id = file.replace(/\.ts$/, '');
        assert.ok(CATALOG_BY_ID.has(id), `src/checks/${dir.name}/${file} is not named by a catalog id`);
        assert.ok(CHECKS_BY_ID.has(id), `src/checks/${dir.name}/${file} is not registered in src/checks/${dir.name}/index.ts`);
      }
    }
  });

  it('every implemented check has a test and an up-to-date docs page', () => {
    for (const check of CHECKS) {
      const id = check.meta.id;
      assert.ok(existsSync(new URL(`test/checks/${dirFor(id)}/${id}.test.ts`, root)), `test/checks/${dirFor(id)}/${id}.test.ts missing`);
      const page = new URL(`docs/checks/${id}.md`, root);
      assert.ok(existsSync(page), `docs/checks/${id}.md missing (run npm run docs)`);
      assert.equal(readFileSync(page, 'utf8'), renderCheckPage(CATALOG_BY_ID.get(id)!, check), `docs/checks/${id}.md is stale (run npm run docs)`);
      assert.ok(check.meta.docs.why.length > 20 && check.meta.docs.fix.length > 10, `${id} needs docs text`);
    }
  });

  it('every catalog id has a docs page', () => {
    for (const e of CATALOG) assert.ok(existsSync(new URL(`docs/checks/${e.id}.md`, root)), `docs/checks/${e.id}.md missing`);
  });
});

function dirFor(id: string): string {
  return CATALOG_BY_ID.get(id)?.pipelineStage ?? 'unknown';
}

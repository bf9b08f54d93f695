// The $schema line init writes names a file that exists, relative to the launchready.yml it is written into.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';
import { CONFIG_SCHEMA_PATH } from '../../src/config/schema.ts';
import { DEPENDENCY_SCHEMA_REF, schemaRefFor } from '../../src/init/schema-ref.ts';
import { makeTempDir, removeTempDirs } from '../support/temp-dir.ts';

describe('init $schema reference', () => {
  after(removeTempDirs);

  it('points into the project node_modules when launchready is installed there', () => {
    const project = makeTempDir('schema-ref');
    const installed = join(project, ...DEPENDENCY_SCHEMA_REF.split('/'));
    mkdirSync(dirname(installed), { recursive: true });
    writeFileSync(installed, '{}');
    const ref = schemaRefFor(project, CONFIG_SCHEMA_PATH);
    assert.equal(ref, './node_modules/launchready/schema/launchready.schema.json');
    assert.ok(existsSync(resolve(project, ref)));
  });

  it('otherwise points at the running copy with a path relative to the config (a clone elsewhere, or the clone itself)', () => {
    const project = makeTempDir('schema-ref');
    const ref = schemaRefFor(project, CONFIG_SCHEMA_PATH);
    assert.doesNotMatch(ref, /^[a-z]+:\/\//, 'no URL: the package is not published');
    assert.ok(ref.startsWith('../'), ref);
    assert.equal(resolve(project, ref), CONFIG_SCHEMA_PATH);
    const checkout = resolve(dirname(CONFIG_SCHEMA_PATH), '..');
    assert.equal(schemaRefFor(checkout, CONFIG_SCHEMA_PATH), './schema/launchready.schema.json');
  });
});

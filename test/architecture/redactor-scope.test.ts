// No process-wide redactor: mask.ts exports no instance, and no module of src/ keeps a Redactor between runs.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { makeTempDir, removeTempDirs } from '../support/temp-dir.ts';
import { findScopeViolations, formatScopeViolation } from './redactor-scope.ts';

after(removeTempDirs);

describe('redactor scope', () => {
  it('src/ holds no module-level redactor and mask.ts exports no variable', () => {
    const found = findScopeViolations(fileURLToPath(new URL('../../src', import.meta.url)));
    assert.deepEqual(found.map(formatScopeViolation), [], `a redactor outlives its run:\n${found.map(formatScopeViolation).join('\n')}`);
  });

  it('names the file and line of each way a redactor could become global', () => {
    const src = join(makeTempDir('redactor-scope'), 'src');
    mkdirSync(join(src, 'collect'), { recursive: true });
    writeFileSync(
      join(src, 'mask.ts'),
      ['export class Redactor { add(_v: string) {} }', 'export const redactor = new Redactor();', 'const names = new Set<string>();', 'export default names;'].join('\n'),
    );
    writeFileSync(
      join(src, 'collect/a.ts'),
      [
        "import { Redactor } from '../mask.js';",
        'let current: Redactor | null = null;',
        'export function use(r: Redactor, fresh = new Redactor()) { current = r; return [current, fresh, new Redactor()]; }',
        'export const holder = { r: new Redactor() };',
        'class Runs { static shared: Redactor; own = new Redactor(); }',
        'export const make = () => new Redactor();',
      ].join('\n'),
    );
    assert.deepEqual(findScopeViolations(src).map(formatScopeViolation), [
      "src/collect/a.ts:2: module-level variable current holds a Redactor: pass the run's redactor as a parameter instead",
      'src/collect/a.ts:4: a Redactor created at module level is shared by every run in the process: create it per run and pass it',
      "src/collect/a.ts:5: static shared holds a Redactor for the whole process: pass the run's redactor instead",
      'src/mask.ts:2: mask.ts declares a module-level variable: it exports maskSecret and the Redactor class only, never an instance or registry',
      'src/mask.ts:2: a Redactor created at module level is shared by every run in the process: create it per run and pass it',
      'src/mask.ts:3: mask.ts declares a module-level variable: it exports maskSecret and the Redactor class only, never an instance or registry',
      'src/mask.ts:4: mask.ts has a default export: it exports maskSecret and the Redactor class only',
    ]);
  });
});

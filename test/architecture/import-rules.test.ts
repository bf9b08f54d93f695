// The layer directions of src/ hold: checks, collect, report, analyze and facts import only what they may.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { makeTempDir, removeTempDirs } from '../support/temp-dir.ts';
import { findViolations, formatViolation, importsOf } from './import-rules.ts';

after(removeTempDirs);

describe('import rules', () => {
  it('src/ has no import against the layer directions', () => {
    const found = findViolations(fileURLToPath(new URL('../../src', import.meta.url)));
    assert.deepEqual(found.map(formatViolation), [], `imports against the layer rules:\n${found.map(formatViolation).join('\n')}`);
  });

  it('sees type-only imports, export-from, dynamic import, import types and require', () => {
    const text = [
      "import type { A } from './a.js';",
      "export { B } from './b.js';",
      "export * from './c.js';",
      'async function f() { return import("./d.js"); }',
      "type E = import('./e.js').E;",
      "const g = require('./g.js');",
      "import './h.js';",
    ].join('\n');
    assert.deepEqual(
      importsOf('x.ts', text).map((i) => `${i.line}:${i.spec}`),
      ['1:./a.js', '2:./b.js', '3:./c.js', '4:./d.js', '5:./e.js', '6:./g.js', '7:./h.js'],
    );
  });

  it('reports the offending file and line for every rule', () => {
    const src = join(makeTempDir('imports'), 'src');
    for (const dir of ['checks', 'collect', 'report', 'analyze', 'facts', 'net', 'cli']) mkdirSync(join(src, dir), { recursive: true });
    writeFileSync(join(src, 'net/http.ts'), 'export const x = 1;\n');
    writeFileSync(join(src, 'collect/web.ts'), "import '../facts/web.js';\nexport type { Y } from '../report/build.js';\n");
    writeFileSync(join(src, 'checks/a.ts'), "import type { W } from '../facts/web.js';\n\nconst m = await import('../collect/web.js');\n");
    writeFileSync(join(src, 'report/b.ts'), "import { x } from '../net/http.js';\n");
    writeFileSync(join(src, 'analyze/c.ts'), "import type { Z } from '../cli/main.js';\n");
    writeFileSync(join(src, 'facts/web.ts'), "import type { C } from '../checks/a.js';\n");
    assert.deepEqual(findViolations(src).map(formatViolation), [
      "src/analyze/c.ts:1: analyze must not import cli ('../cli/main.js')",
      "src/checks/a.ts:3: checks must not import collect ('../collect/web.js')",
      "src/collect/web.ts:2: collect must not import report ('../report/build.js')",
      "src/facts/web.ts:1: facts must not import checks ('../checks/a.js')",
      "src/report/b.ts:1: report must not import net ('../net/http.js')",
    ]);
  });
});

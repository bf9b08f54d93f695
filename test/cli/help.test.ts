// Every command's --help: each note is one paragraph (renderHelp puts a blank line between notes), so a sentence split
// over two notes reads as two broken paragraphs. `load --help` and `demo --help` had that.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderHelp } from '../../src/cli/args.ts';
import { auditSpec } from '../../src/cli/commands/audit.ts';
import { checksSpec } from '../../src/cli/commands/checks.ts';
import { demoSpec } from '../../src/cli/commands/demo.ts';
import { handoverSpec } from '../../src/cli/commands/handover.ts';
import { initSpec } from '../../src/cli/commands/init.ts';
import { loadSpec } from '../../src/cli/commands/load.ts';
import { monitorSpec } from '../../src/cli/commands/monitor.ts';

const SPECS = [auditSpec, checksSpec, demoSpec, handoverSpec, initSpec, loadSpec, monitorSpec];

describe('--help', () => {
  for (const spec of SPECS) {
    it(`${spec.name}: every paragraph ends a sentence or opens a list`, () => {
      for (const note of spec.notes ?? []) {
        const lastLine = note.split('\n').at(-1) ?? '';
        // a list item or an example command line may end without punctuation
        if (/^\s+(-|launchready )/.test(lastLine)) continue;
        assert.match(note.trimEnd(), /[.:)]$/, `a paragraph of ${spec.name} --help ends mid-sentence: …${note.slice(-60)}`);
      }
      assert.doesNotMatch(renderHelp(spec), /\n\n\n/);
    });
  }
});

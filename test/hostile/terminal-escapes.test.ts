// Config keys, URLs and file names carrying terminal escape sequences never reach stdout or stderr raw.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { runCli } from '../support/cli.js';

const OSC_TITLE = '\x1b]0;pwned\x07';
const CLEAR = '\x1b[2J';
/** C0 except newline, DEL, C1: none may come from outside (NO_COLOR=1 turns off the tool's own colour codes). */
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

function assertClean(text: string, where: string): void {
  const m = CONTROL.exec(text);
  assert.equal(m, null, `${where} holds control character 0x${m?.[0].charCodeAt(0).toString(16)}: ${JSON.stringify(text)}`);
}

describe('escape sequences from outside are not echoed raw', () => {
  const dir = mkdtempSync(join(tmpdir(), 'launchready-escapes-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  const cases: [string, () => string[]][] = [
    [
      'config keys in validation errors',
      () => {
        const path = join(dir, 'keys.yml');
        // YAML double-quoted scalars turn \e and \a into ESC and BEL
        writeFileSync(path, `"evil\\e]0;pwned\\a": 1\napp:\n  "x\\e[2J": 2\n`);
        return ['--config', path];
      },
    ],
    ['a URL', () => ['--url', `http://exa${CLEAR}mple.com/${OSC_TITLE}`]],
    ['a missing config file name', () => ['--config', join(dir, `x${OSC_TITLE}${CLEAR}.yml`)]],
    ['a baseline file name', () => ['--baseline', join(dir, `b${OSC_TITLE}.json`)]],
    ['a --resolve value', () => ['--resolve', `a${OSC_TITLE}:443:notanip`]],
    ['a --domain value', () => ['--domain', `ex${CLEAR}ample.com`]],
    ['an unknown stage', () => ['--only', `web${OSC_TITLE}`]],
  ];
  for (const [label, args] of cases) {
    it(label, async () => {
      const r = await runCli(['audit', '--no-repo', ...args()], { cwd: dir });
      assert.equal(r.code, 2, r.stderr);
      assert.notEqual(r.stderr.trim(), '');
      assertClean(r.stderr, 'stderr');
      assertClean(r.stdout, 'stdout');
    });
  }

  it('an unknown command name', async () => {
    const r = await runCli([`aud${OSC_TITLE}it`], { cwd: dir });
    assert.equal(r.code, 2);
    assertClean(r.stderr, 'stderr');
  });

  it('a file name in the repository reaches the report escaped', async () => {
    const repo = mkdtempSync(join(tmpdir(), 'launchready-escapes-repo-'));
    try {
      writeFileSync(join(repo, `.env${CLEAR}`), 'API_KEY=sk_live_51HxQJtKZ3e4b9XyAbCdEfGhIjKlMnOpQrStUv\n');
      writeFileSync(join(repo, `cfg${OSC_TITLE}.js`), 'const key = "sk_live_51HxQJtKZ3e4b9XyAbCdEfGhIjKlMnOpQrStUv";\n');
      for (const format of ['terminal', 'markdown']) {
        const r = await runCli(['audit', '--repo', repo, '--only', 'repo', '--format', format], { cwd: dir });
        assert.ok(r.code === 0 || r.code === 1, r.stderr);
        assertClean(r.stdout, `${format} stdout`);
        assertClean(r.stderr, 'stderr');
      }
    } finally {
      rmSync(repo, { recursive: true, force: true });
    }
  });
});

// Hostile repositories: huge sparse files, NUL bytes, 100,000 files, symlinks out of the repo, odd file names, a 50 MB diff.
// The scan runs in a child process so its peak RSS is measured on its own.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { SecretsFacts } from '../../src/facts/secrets.ts';
import { GitFixture } from '../support/git-fixture.ts';

const j = (...parts: string[]) => parts.join('');
const token = j('ghp', '_', 'H0st1l3T0k3nZq8mK2vL9pR4wX7yB1nC5dF6');
const moduleUrl = new URL('../../src/collect/secrets/index.ts', import.meta.url).href;

/** Runs scanSecrets in a fresh node process; returns the facts and that process's peak RSS in MiB. */
function scanInChild(dir: string, maxFiles: number): { facts: SecretsFacts; peakRssMiB: number; ms: number } {
  const code = `
    const { scanSecrets } = await import(${JSON.stringify(moduleUrl)});
    const t0 = performance.now();
    const facts = await scanSecrets(${JSON.stringify(dir)}, { repo: { maxFiles: ${maxFiles}, maxFileBytes: 1048576, maxDepth: 40 }, history: { maxBytes: 1073741824, timeoutMs: 120000, maxLineBytes: 65536 } });
    process.stdout.write(JSON.stringify({ facts, ms: performance.now() - t0, peakRssMiB: process.resourceUsage().maxRSS / 1024 }));
  `;
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { encoding: 'utf8', timeout: 150_000, maxBuffer: 64 * 1024 * 1024 });
  return JSON.parse(out);
}

describe('secrets collector on hostile repositories', { timeout: 240_000 }, () => {
  it('plain directory: 2 GB sparse file, NUL bytes, 100,000 files, symlink to /etc/passwd, odd names', () => {
    const fx = new GitFixture('launchready-hostile-', { git: false });
    try {
      const t0 = Date.now();
      for (let d = 0; d < 100; d++) {
        const sub = join(fx.dir, 'many', String(d));
        mkdirSync(sub, { recursive: true });
        for (let f = 0; f < 1000; f++) writeFileSync(join(sub, `${f}.txt`), 'x\n');
      }
      const created = Date.now() - t0;
      execFileSync('truncate', ['-s', '2G', join(fx.dir, 'huge.bin')]);
      fx.write('nul.txt', Buffer.concat([Buffer.from(`token = "${token}"\n`), Buffer.alloc(16), Buffer.from('tail')]));
      symlinkSync('/etc/passwd', join(fx.dir, 'passwd-link'));
      symlinkSync('/etc', join(fx.dir, 'etc-dir-link'));
      fx.write('line\nbreak.js', `const t = '${token}';\n`);
      writeFileSync(Buffer.concat([Buffer.from(`${fx.dir}/bad-`), Buffer.from([0xff, 0xfe]), Buffer.from('.js')]), `const t = '${token}';\n`);
      const { facts, peakRssMiB, ms } = scanInChild(fx.dir, 200_000);
      console.log(`# hostile plain dir: created 100,000 files in ${created} ms, scan ${Math.round(ms)} ms, peak RSS ${Math.round(peakRssMiB)} MiB`);
      assert.equal(facts.gitRepo, false);
      assert.deepEqual(facts.skipped, { binary: 1, tooLarge: 1, symlinks: 2, overFileLimit: 0, unreadable: 0 });
      assert.equal(facts.scanned.files, 100_002);
      assert.deepEqual(facts.hardcoded.map((s) => s.file).sort(), ['bad-\ufffd\ufffd.js', 'line\\x0abreak.js']);
      assert.ok(!JSON.stringify(facts).includes(token));
      assert.ok(peakRssMiB < 400, `peak RSS ${peakRssMiB} MiB`);
      const limited = scanInChild(fx.dir, 50_000).facts;
      assert.equal(limited.scanned.files + Object.values(limited.skipped).reduce((a, b) => a + b, 0), 100_006);
      assert.equal(limited.skipped.overFileLimit, 100_006 - 50_000);
    } finally {
      fx.cleanup();
    }
  });

  it('git repository: 50 MB diff, a 10 MB line, NUL bytes, tracked symlink, odd names', () => {
    const repo = new GitFixture('launchready-hostile-git-');
    try {
      const line = 'const filler = "lorem ipsum dolor sit amet, consectetur adipiscing elit";\n';
      const big = Buffer.from(line.repeat(Math.ceil((50 * 1024 * 1024) / line.length)) + `const leaked = '${token}';\n`);
      repo.write('generated/big.js', big);
      repo.write('generated/one-line.js', `var x="${'a1'.repeat(5 * 1024 * 1024)}";\n`);
      repo.write('blob.dat', Buffer.concat([Buffer.from('password="Zq8#mK2$vL9!pR4w"\n'), Buffer.alloc(8)]));
      repo.write('line\nbreak.txt', 'hello\n');
      repo.write(Buffer.from([0x62, 0x61, 0x64, 0xff, 0x2e, 0x74, 0x78, 0x74]).toString('latin1'), 'x\n');
      symlinkSync('/etc/passwd', join(repo.dir, 'passwd-link'));
      repo.commit('huge commit');
      repo.remove('generated/big.js');
      repo.commit('drop the generated file');
      const { facts, peakRssMiB, ms } = scanInChild(repo.dir, 100_000);
      console.log(`# hostile git repo: ${Math.round((facts.history?.bytes ?? 0) / 1024 / 1024)} MiB of history in ${Math.round(ms)} ms, peak RSS ${Math.round(peakRssMiB)} MiB`);
      assert.equal(facts.gitRepo, true);
      assert.equal(facts.skipped.symlinks, 1);
      assert.equal(facts.skipped.binary, 1);
      assert.equal(facts.skipped.tooLarge, 1, 'the 10 MB one-line file is over the size limit');
      assert.equal(facts.history?.truncated, null);
      assert.equal(facts.history?.commits, 1, 'the deleting commit adds nothing and is not listed');
      assert.ok((facts.history?.bytes ?? 0) > 50 * 1024 * 1024);
      assert.ok((facts.history?.longLines ?? 0) >= 1);
      assert.deepEqual(
        facts.history?.secrets.map((s) => [s.file, s.rule]),
        [['generated/big.js', 'github-pat']],
      );
      assert.ok(!JSON.stringify(facts).includes(token));
      assert.ok(peakRssMiB < 400, `peak RSS ${peakRssMiB} MiB`);
    } finally {
      repo.cleanup();
    }
  });
});

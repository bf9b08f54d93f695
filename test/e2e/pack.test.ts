// The packed tarball is what `npm install -g ./launchready-<version>.tgz` or a project dependency gets: it carries the
// built CLI, the schemas and the docs, its bin runs, and `init` in a project that depends on it writes a $schema path
// that exists. Offline: npm pack needs no network, and the build is skipped when dist/ is already there.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runCli } from '../support/cli.ts';
import { makeTempDir, removeTempDirs } from '../support/temp-dir.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };

describe('npm pack', { timeout: 120_000 }, () => {
  let files: string[] = [];
  let tarball = '';
  before(() => {
    const out = makeTempDir('pack');
    const ignoreScripts = existsSync(join(root, 'dist', 'cli', 'main.js')) ? ['--ignore-scripts'] : [];
    const json = execFileSync('npm', ['pack', '--json', '--offline', '--pack-destination', out, ...ignoreScripts], {
      cwd: root,
      encoding: 'utf8',
      timeout: 90_000,
      env: { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const [result] = JSON.parse(json) as { filename: string; files: { path: string }[] }[];
    assert.ok(result);
    files = result.files.map((f) => f.path);
    tarball = join(out, result.filename);
  });
  after(removeTempDirs);

  it('contains bin/, dist/, schema/ and docs/, and no sources or tests', () => {
    assert.ok(existsSync(tarball), tarball);
    for (const needed of ['bin/launchready.js', 'dist/cli/main.js', 'schema/launchready.schema.json', 'schema/report.schema.json', 'docs/checks/README.md', 'package.json'])
      assert.ok(files.includes(needed), `${needed} is in the tarball`);
    assert.deepEqual(
      files.filter((f) => /^(src|test|scripts|bench|node_modules)\//.test(f)),
      [],
    );
  });

  it('installed as a project dependency, its bin runs and init writes a $schema path that exists', async () => {
    const project = makeTempDir('pack-project');
    mkdirSync(join(project, 'node_modules'));
    execFileSync('tar', ['-xzf', tarball, '-C', join(project, 'node_modules')], { timeout: 30_000 });
    const installed = join(project, 'node_modules', 'launchready');
    renameSync(join(project, 'node_modules', 'package'), installed);
    // the dependencies npm would install next to it: this checkout's, so the test stays offline
    symlinkSync(join(root, 'node_modules'), join(installed, 'node_modules'), 'dir');
    const bin = join(installed, 'bin', 'launchready.js');
    const version = execFileSync(process.execPath, [bin, '--version'], { cwd: project, encoding: 'utf8', timeout: 30_000 }).trim();
    assert.equal(version, pkg.version);
    const init = execFileSync(process.execPath, [bin, 'init', '--stdout'], { cwd: project, encoding: 'utf8', timeout: 30_000 });
    const ref = /^# yaml-language-server: \$schema=(\S+)$/m.exec(init)?.[1];
    assert.equal(ref, './node_modules/launchready/schema/launchready.schema.json');
    assert.ok(existsSync(resolve(project, ref)));
  });

  it('run from a clone on a project elsewhere, init writes a relative $schema path that exists', async () => {
    const project = makeTempDir('pack-elsewhere');
    const r = await runCli(['init', '--stdout'], { cwd: project });
    assert.equal(r.code, 0, r.stderr);
    const ref = /^# yaml-language-server: \$schema=(\S+)$/m.exec(r.stdout)?.[1] ?? '';
    assert.doesNotMatch(ref, /^https?:/);
    assert.ok(existsSync(resolve(project, ref)), `${ref} exists relative to ${project}`);
  });
});

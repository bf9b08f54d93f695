// The CLI contract, end to end through the built binary: help, version, exit codes, config errors, init, checks.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { parse } from 'yaml';
import { CATALOG } from '../../src/catalog.ts';
import { runCli } from '../support/cli.ts';
import { makeTempDir, removeTempDirs } from '../support/temp-dir.ts';

const tmp = () => makeTempDir('cli');
const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

describe('launchready CLI', { timeout: 300_000 }, () => {
  after(removeTempDirs);
  it('prints help for the tool and every command, and the version', async () => {
    const main = await runCli(['--help']);
    assert.equal(main.code, 0);
    for (const c of ['audit', 'demo', 'init', 'load', 'monitor', 'handover', 'checks']) assert.match(main.stdout, new RegExp(`\\b${c}\\b`));
    for (const c of ['audit', 'demo', 'init', 'checks']) {
      const help = await runCli([c, '--help']);
      assert.equal(help.code, 0, `${c} --help`);
      assert.match(help.stdout, /Usage: launchready/);
    }
    const audit = await runCli(['audit', '--help']);
    for (const flag of [
      '--config',
      '--url',
      '--domain',
      '--repo',
      '--no-repo',
      '--only',
      '--skip',
      '--dns-server',
      '--resolve',
      '--ca-file',
      '--database-url',
      '--format',
      '--out',
      '--fail-on',
      '--baseline',
      '--save-facts',
      '--from-facts',
      '--timeout',
      '--concurrency',
      '--yes',
    ]) {
      assert.ok(audit.stdout.includes(flag), `audit --help documents ${flag}`);
    }
    const version = await runCli(['--version']);
    assert.equal(version.stdout.trim(), pkg.version);
  });

  it('exits 2 with one line and what to do on bad usage', async () => {
    for (const args of [
      ['frobnicate'],
      ['audit', '--bogus'],
      ['audit', '--format', 'yaml'],
      ['audit', '--fail-on', 'sometimes'],
      ['audit', '--only', 'webb'],
      ['audit', '--timeout', 'soon'],
      ['audit', '--url', 'ftp://x'],
    ]) {
      const r = await runCli(args, { cwd: tmp() });
      assert.equal(r.code, 2, `${args.join(' ')} → ${r.code} ${r.stderr}`);
      assert.equal(r.stderr.trim().split('\n').length, 1, `one line: ${r.stderr}`);
      assert.match(r.stderr, /launchready/);
      assert.equal(r.stdout, '');
    }
  });

  it('names the key path and expected type of a bad config, and never prints ${VAR} values', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'launchready.yml'), 'app:\n  canonical: https://app.acme.test\n  portz: {http: 80}\nload:\n  expectedPeakRps: lots\n');
    const r = await runCli(['audit', '--no-repo'], { cwd: dir });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /app\.portz: unknown key/);
    assert.match(r.stderr, /load\.expectedPeakRps: expected number/);

    writeFileSync(join(dir, 'launchready.yml'), 'routes:\n  - path: /api\n    headers: { Authorization: "Bearer ${LR_TEST_TOKEN}" }\n');
    // --only monitoring: the config has no URL, and an audit of nothing exits 2 before any check runs
    const missing = await runCli(['audit', '--no-repo', '--only', 'monitoring'], { cwd: dir, env: { LR_TEST_TOKEN: '' } });
    assert.equal(missing.code, 0, missing.stderr);
    const unset = await runCli(['audit', '--no-repo'], { cwd: dir, env: { LR_TEST_TOKEN: undefined } });
    assert.equal(unset.code, 2);
    assert.match(unset.stderr, /LR_TEST_TOKEN is not set/);

    writeFileSync(join(dir, 'launchready.yml'), 'app:\n  canonical: "https://${LR_TEST_HOST}/"\nrepo: 42\n');
    const secret = 'zq-very-secret-hostname-value';
    const typed = await runCli(['audit', '--no-repo'], { cwd: dir, env: { LR_TEST_HOST: secret } });
    assert.equal(typed.code, 2);
    assert.match(typed.stderr, /repo: expected string/);
    assert.ok(!typed.stderr.includes(secret) && !typed.stdout.includes(secret), 'interpolated value never printed');
  });

  it('audits the current git work tree by default, and --no-repo skips it', async () => {
    const dir = tmp();
    const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'ignore' });
    git('init', '-q');
    writeFileSync(join(dir, '.env'), 'SESSION_SECRET=abc\n');
    git('add', '.env');
    git('-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-qm', 'env');
    const withRepo = await runCli(['audit', '--only', 'repo', '--format', 'json'], { cwd: dir });
    assert.equal(withRepo.code, 1, withRepo.stderr);
    assert.ok((JSON.parse(withRepo.stdout) as { findings: { id: string }[] }).findings.some((f) => f.id === 'secrets.env-file-committed'));
    // --only repo with the repository left out: the selected stage has no input, so the gate must not go green
    const noRepo = await runCli(['audit', '--only', 'repo', '--no-repo', '--format', 'json'], { cwd: dir });
    assert.equal(noRepo.code, 2, noRepo.stderr);
    assert.equal(noRepo.stdout, '');
    assert.match(noRepo.stderr, /--only repo: no repository given/);
    const skipped = await runCli(['audit', '--only', 'repo,monitoring', '--skip', 'repo', '--format', 'json'], { cwd: dir });
    assert.equal(skipped.code, 2, 'a stage both selected and skipped has no run either');
  });

  it('lists every catalog check, as text and as JSON', async () => {
    const r = await runCli(['checks', '--format', 'json']);
    assert.equal(r.code, 0);
    const rows = JSON.parse(r.stdout) as { id: string; severity: string; stage: number; bar: string | null }[];
    assert.deepEqual(
      rows.map((x) => x.id),
      CATALOG.map((e) => e.id),
    );
    const text = await runCli(['checks']);
    const lines = text.stdout.trim().split('\n');
    // a header row names the columns (the stage column is a bare number), then one line per check
    assert.match(lines[0] ?? '', /^id\s+severity\s+stage\s+bar\s+title$/);
    assert.equal(lines.length, CATALOG.length + 1);
    const row = lines.find((l) => l.startsWith('dns.no-caa ')) ?? '';
    assert.equal(row.indexOf(' 2 '), (lines[0] ?? '').indexOf(' stage '), 'the stage number sits under its header');
  });

  it('init writes a valid commented config once, and overwrites only with --force', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'ops-tool', homepage: 'https://app.ops-tool.example', dependencies: { express: '4.0.0' } }));
    writeFileSync(join(dir, 'server.js'), "app.get('/api/orders', h);\napp.post('/api/login', h);\napp.get('/healthz', h);\n");
    const first = await runCli(['init'], { cwd: dir });
    assert.equal(first.code, 0, first.stderr);
    const text = readFileSync(join(dir, 'launchready.yml'), 'utf8');
    assert.match(text, /\$schema=/);
    assert.match(text, /^#/m);
    const config = parse(text) as { app: { canonical?: string }; routes: { path: string; kind: string; critical?: boolean }[] };
    // package.json homepage is often the marketing site: a commented-out hint, so audit probes nothing unasked
    assert.equal(config.app.canonical, undefined);
    assert.match(text, /# canonical: "https:\/\/app\.ops-tool\.example"/);
    assert.deepEqual(
      config.routes.map((r) => [r.path, r.kind, r.critical ?? false]),
      [
        ['/api/login', 'login', false],
        ['/healthz', 'health', true],
        ['/api/orders', 'read', true],
      ],
    );
    const again = await runCli(['init'], { cwd: dir });
    assert.equal(again.code, 2);
    assert.match(again.stderr, /--force/);
    writeFileSync(join(dir, 'launchready.yml'), 'changed: true\n');
    const forced = await runCli(['init', '--force'], { cwd: dir });
    assert.equal(forced.code, 0);
    assert.match(readFileSync(join(dir, 'launchready.yml'), 'utf8'), /canonical/);
    // the written config is accepted by audit (validation passes; nothing to reach with --only none of the network)
    const audit = await runCli(['audit', '--no-repo', '--only', 'monitoring', '--format', 'json'], { cwd: dir });
    assert.equal(audit.code, 0, audit.stderr);
  });
});

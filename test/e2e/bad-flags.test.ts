// Every bad flag value of every command exits 2 with exactly one stderr line naming the flag: no stack trace, no
// "internal error". The table is per command; a coverage test fails when a command's flag has no row, so a new command
// or a new flag must add its rows here.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { CommandSpec } from '../../src/cli/args.ts';
import { auditSpec } from '../../src/cli/commands/audit.ts';
import { checksSpec } from '../../src/cli/commands/checks.ts';
import { demoSpec } from '../../src/cli/commands/demo.ts';
import { handoverSpec } from '../../src/cli/commands/handover.ts';
import { initSpec } from '../../src/cli/commands/init.ts';
import { loadSpec } from '../../src/cli/commands/load.ts';
import { monitorSpec } from '../../src/cli/commands/monitor.ts';
import { COMMANDS } from '../../src/cli/main.ts';
import { runCli } from '../support/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'launchready-flags-'));
const notJson = join(dir, 'not.json');
writeFileSync(notJson, 'hello');
const notPem = join(dir, 'not.pem');
writeFileSync(notPem, 'hello');
// a path under a regular file cannot be created, even by root
const unwritableDir = notJson;
const missing = join(dir, 'missing', 'x');
after(() => rmSync(dir, { recursive: true, force: true }));

/** The commands with real flags, by name. Add a command here (and its rows below) when it stops being a placeholder. */
const SPECS: Record<string, CommandSpec> = {
  audit: auditSpec,
  checks: checksSpec,
  demo: demoSpec,
  init: initSpec,
  load: loadSpec,
  monitor: monitorSpec,
  handover: handoverSpec,
};
/** Commands that only print "not available yet": their spec and rows come with the command. */
const PLACEHOLDERS: string[] = [];

/** [flag named in the message, argv after the command name]. */
type Row = [flag: string, args: string[]];

/**
 * Rows every command gets for free: --help with a value, an unknown flag, a stray argument, and for each flag without a
 * hand-written row an empty value (string flags) or a value (boolean flags). Each row spawns the CLI (about 1 s of
 * CPU), so flags with hand-written rows get no generated one.
 */
function generatedRows(spec: CommandSpec, handWritten: Row[]): Row[] {
  const named = new Set(handWritten.map(([flag]) => flag));
  const rows: Row[] = spec.options
    .filter((o) => !named.has(`--${o.name}`))
    .map((o): Row => (o.type === 'string' ? [`--${o.name}`, [`--${o.name}=`]] : [`--${o.name}`, [`--${o.name}=1`]]));
  rows.push(['--help', ['--help=x']], ['--bogus', ['--bogus']], ['extra', ['extra']]);
  return rows;
}

/** Hand-written bad values per command. audit rows also pass --no-repo so nothing else runs. */
const ROWS: Record<string, Row[]> = {
  audit: [
    ['--resolve', ['--resolve', 'x:443:notanip']],
    ['--resolve', ['--resolve', 'nonsense']],
    ['--resolve', ['--resolve', 'a:99999:127.0.0.1']],
    ['--resolve', ['--resolve', ':443:127.0.0.1']],
    ['--config', ['--config', dir]],
    ['--config', ['--config', missing]],
    ['--config', ['--config', '/dev/zero']],
    // an empty value (an unset shell variable) is a mistake, not "use the default"
    ['--config', ['--config=']],
    ['--only', ['--only', '']],
    ['--out', ['--out', join(unwritableDir, 'r.json'), '--url', 'http://127.0.0.1:9/', '--only', 'dns']],
    ['--out', ['--out', join(dir, 'missing-dir', 'r.json'), '--url', 'http://127.0.0.1:9/', '--only', 'dns']],
    ['--out', ['--out', 'report.unknown']],
    ['--save-facts', ['--save-facts', join(unwritableDir, 'f.json'), '--url', 'http://127.0.0.1:9/', '--only', 'dns']],
    ['--save-facts', ['--save-facts', dir, '--url', 'http://127.0.0.1:9/', '--only', 'dns']],
    ['--timeout', ['--timeout', '2147483648']],
    ['--timeout', ['--timeout', 'soon']],
    ['--timeout', ['--timeout']],
    ['--concurrency', ['--concurrency', '0']],
    ['--concurrency', ['--concurrency', '99999999999999999999']],
    ['--seed-rows', ['--seed-rows', '0']],
    ['--seed-rows', ['--seed-rows', '99999999999999999999']],
    ['--format', ['--format', 'pdf']],
    ['--fail-on', ['--fail-on', 'garbage']],
    ['--only', ['--only', 'nosuchstage']],
    ['--only', ['--only', ',']],
    ['--skip', ['--skip', 'nosuchstage']],
    ['--url', ['--url', 'not a url']],
    ['--url', ['--url', 'ftp://example.com/']],
    ['--url', ['--url', 'http://[::1/']],
    ['--domain', ['--domain', 'not a domain!']],
    ['--dns-server', ['--dns-server', 'not a server']],
    ['--dns-server', ['--dns-server', '127.0.0.1:70000']],
    ['--dns-server', ['--dns-server', '127.0.0.1:0']],
    ['--ca-file', ['--ca-file', missing]],
    ['--ca-file', ['--ca-file', notPem]],
    ['--ca-file', ['--ca-file', dir]],
    ['--database-url', ['--database-url', 'not a url']],
    ['--database-url', ['--database-url', 'mysql://u@127.0.0.1/db']],
    ['--advisories', ['--advisories', missing]],
    ['--advisories', ['--advisories', 'ftp://example.com/']],
    ['--baseline', ['--baseline', missing]],
    ['--baseline', ['--baseline', notJson]],
    ['--baseline', ['--baseline', dir]],
    ['--from-facts', ['--from-facts', missing]],
    ['--from-facts', ['--from-facts', notJson]],
    ['--from-facts', ['--from-facts', '/dev/zero']],
    ['--from-facts', ['--from-facts', dir]],
  ],
  checks: [['--format', ['--format', 'pdf']]],
  demo: [
    ['--format', ['--format', 'pdf']],
    ['--fail-on', ['--fail-on', 'garbage']],
    ['--out', ['--out', 'report.unknown']],
    // checked before the demo stack starts
    ['--out', ['--out', join(unwritableDir, 'r.json')]],
    ['--database-url', ['--database-url', 'mysql://u@127.0.0.1/db']],
  ],
  load: [
    ['--rate', ['--rate', 'fast']],
    ['--users', ['--users', '-1']],
    ['--duration', ['--duration', 'forever']],
    ['--route', ['--route', 'nonsense']],
    ['--export-k6', ['--export-k6', join(unwritableDir, 'k6.js')]],
    ['--database-url', ['--database-url', 'not a url']],
    ['--url', ['--url', 'not a url']],
    ['--format', ['--format', 'pdf']],
    ['--fail-on', ['--fail-on', 'garbage']],
    ['--resolve', ['--resolve', 'x:443:notanip']],
    ['--timeout', ['--timeout', 'soon']],
    ['--baseline', ['--baseline', notJson]],
  ],
  monitor: [
    ['--listen', ['--listen', 'nonsense']],
    ['--listen', ['--listen', '127.0.0.1:99999']],
    ['--config', ['--config', missing]],
    ['--timeout', ['--timeout', 'soon']],
    ['--resolve', ['--resolve', 'x:443:notanip']],
  ],
  handover: [
    ['--report', ['--report', missing]],
    ['--report', ['--report', notJson]],
    ['--format', ['--format', 'pdf']],
    ['--url', ['--url', 'not a url']],
    ['--only', ['--only', 'nosuchstage']],
  ],
  init: [
    ['--repo', ['--repo', missing]],
    ['--repo', ['--repo', notJson]],
  ],
};

function rowsOf(command: string): Row[] {
  const handWritten = ROWS[command] ?? [];
  return [...handWritten, ...generatedRows(SPECS[command] as CommandSpec, handWritten)];
}

function argvOf(command: string, args: string[]): string[] {
  // audit: --no-repo keeps the cwd's repository out of it (a bad value must stop it before anything runs anyway)
  return command === 'audit' && !args.some((a) => a.startsWith('--no-repo') || a.startsWith('--repo')) ? [command, '--no-repo', ...args] : [command, ...args];
}

describe('every command and flag has rows', () => {
  it('covers every option of every real command, and only placeholders are left out', () => {
    for (const command of Object.keys(COMMANDS)) {
      if (PLACEHOLDERS.includes(command)) continue;
      const spec = SPECS[command];
      assert.ok(spec, `command ${command} has no rows in test/e2e/bad-flags.test.ts: add its spec to SPECS and its bad values to ROWS`);
      const named = new Set(rowsOf(command).map(([flag]) => flag));
      for (const o of spec.options) assert.ok(named.has(`--${o.name}`), `${command} --${o.name} has no bad-value row`);
    }
    for (const command of Object.keys(SPECS)) assert.ok(COMMANDS[command], `${command} is in SPECS but not a command`);
  });
});

// Each case spawns the built CLI (about 1 s of CPU for the imports): a few at once keep the wall time down.
describe('bad flag values: exit 2, one stderr line naming the flag', { concurrency: 4 }, () => {
  for (const command of Object.keys(SPECS)) {
    for (const [flag, args] of rowsOf(command)) {
      const argv = argvOf(command, args);
      it(argv.join(' '), async () => {
        const r = await runCli(argv, { cwd: dir, timeoutMs: 60_000 });
        const lines = r.stderr.split('\n').filter((l) => l !== '');
        assert.equal(r.code, 2, `exit code; stderr: ${r.stderr}`);
        assert.equal(lines.length, 1, `one stderr line, got: ${r.stderr}`);
        assert.ok(lines[0]?.includes(flag), `names ${flag}: ${lines[0]}`);
        assert.doesNotMatch(r.stderr, /internal error|report it|\n\s+at /);
      });
    }
  }
  for (const command of PLACEHOLDERS) {
    it(`${command} is still a placeholder (when it is real, move it to SPECS and add its rows)`, async () => {
      const r = await runCli([command, '--help'], { cwd: dir, timeoutMs: 60_000 });
      assert.match(r.stdout, /not available in this version yet/);
    });
  }
});

// A typo of a known flag or config key names the one it is close to; a far one gets the usual --help hint.
describe('typos: did you mean', { concurrency: 3 }, () => {
  const typoConfig = join(dir, 'typo.yml');
  writeFileSync(typoConfig, 'load:\n  expectedPeak: 20\n');
  const cases: [argv: string[], expected: RegExp][] = [
    [['audit', '--no-repo', '--baselin', 'old.json'], /Unknown option '--baselin'; did you mean --baseline\?/],
    [['load', '--rat', '5'], /did you mean --rate\?/],
    [['audit', '--no-repo', '--config', typoConfig], /load\.expectedPeak: unknown key, did you mean load\.expectedPeakRps\?; fix that key/],
    [['audit', '--no-repo', '--banana'], /Unknown option '--banana'; run `launchready audit --help`/],
  ];
  for (const [argv, expected] of cases) {
    it(argv.join(' '), async () => {
      const r = await runCli(argv, { cwd: dir, timeoutMs: 60_000 });
      const lines = r.stderr.split('\n').filter((l) => l !== '');
      assert.equal(r.code, 2, r.stderr);
      assert.equal(lines.length, 1, r.stderr);
      assert.match(lines[0] ?? '', expected);
    });
  }
});

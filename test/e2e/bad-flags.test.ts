// Every bad flag value exits 2 with exactly one stderr line naming the flag: no stack trace, no "internal error".
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { runCli } from '../support/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'launchready-flags-'));
const notJson = join(dir, 'not.json');
writeFileSync(notJson, 'hello');
const notPem = join(dir, 'not.pem');
writeFileSync(notPem, 'hello');
// a path under a regular file cannot be created, even by root
const unwritableDir = notJson;
const missing = join(dir, 'missing', 'x');

/** [flag named in the message, argv after `audit`]. Every case also passes --no-repo so nothing else runs. */
const CASES: [string, string[]][] = [
  ['--resolve', ['--resolve', 'a:1:notanip']],
  ['--resolve', ['--resolve', 'nonsense']],
  ['--resolve', ['--resolve', 'a:99999:127.0.0.1']],
  ['--config', ['--config', dir]],
  ['--config', ['--config', missing]],
  ['--config', ['--config', '/dev/zero']],
  ['--out', ['--out', join(unwritableDir, 'r.json'), '--url', 'http://127.0.0.1:9/', '--only', 'dns']],
  ['--out', ['--out', join(dir, 'missing-dir', 'r.json'), '--url', 'http://127.0.0.1:9/', '--only', 'dns']],
  ['--out', ['--out', 'report.unknown']],
  ['--save-facts', ['--save-facts', join(unwritableDir, 'f.json'), '--url', 'http://127.0.0.1:9/', '--only', 'dns']],
  ['--timeout', ['--timeout', '2147483648']],
  ['--timeout', ['--timeout', '-5']],
  ['--timeout', ['--timeout', '0']],
  ['--timeout', ['--timeout', 'soon']],
  ['--timeout', ['--timeout', '1e3']],
  ['--timeout', ['--timeout']],
  ['--concurrency', ['--concurrency', '0']],
  ['--concurrency', ['--concurrency', '-1']],
  ['--concurrency', ['--concurrency', 'many']],
  ['--concurrency', ['--concurrency', '99999999999999999999']],
  ['--seed-rows', ['--seed-rows', '0']],
  ['--seed-rows', ['--seed-rows', '-3']],
  ['--seed-rows', ['--seed-rows', 'lots']],
  ['--seed-rows', ['--seed-rows', '99999999999999999999']],
  ['--format', ['--format', 'pdf']],
  ['--fail-on', ['--fail-on', 'garbage']],
  ['--only', ['--only', 'nosuchstage']],
  ['--skip', ['--skip', 'nosuchstage']],
  ['--url', ['--url', 'not a url']],
  ['--url', ['--url', 'ftp://example.com/']],
  ['--domain', ['--domain', 'not a domain!']],
  ['--dns-server', ['--dns-server', 'not a server']],
  ['--dns-server', ['--dns-server', '127.0.0.1:70000']],
  ['--ca-file', ['--ca-file', missing]],
  ['--ca-file', ['--ca-file', notPem]],
  ['--ca-file', ['--ca-file', dir]],
  ['--ca-file', ['--ca-file', '/dev/zero']],
  ['--database-url', ['--database-url', 'not a url']],
  ['--database-url', ['--database-url', 'mysql://u@127.0.0.1/db']],
  ['--advisories', ['--advisories', missing]],
  ['--advisories', ['--advisories', 'ftp://example.com/']],
  ['--baseline', ['--baseline', missing]],
  ['--baseline', ['--baseline', notJson]],
  ['--baseline', ['--baseline', '/dev/zero']],
  ['--from-facts', ['--from-facts', missing]],
  ['--from-facts', ['--from-facts', notJson]],
  ['--from-facts', ['--from-facts', '/dev/zero']],
  ['--access-log', ['--access-log', missing]],
  ['--access-log', ['--access-log', notJson]],
  ['--access-log', ['--access-log', join(dir, 'nothing-*.log')]],
  ['--access-log', ['--access-log']],
  ['--traces', ['--traces', notJson]],
  ['--traces', ['--traces', dir]],
  ['--har', ['--har', dir]],
  ['--yes', ['--yes=please']],
  ['--no-repo', ['--no-repo=1']],
  ['--bogus', ['--bogus']],
];

after(() => rmSync(dir, { recursive: true, force: true }));

describe('bad flag values: exit 2, one line naming the flag', () => {
  for (const [flag, args] of CASES) {
    it(`audit ${args.join(' ')}`, async () => {
      const r = await runCli(['audit', '--no-repo', ...args], { cwd: dir, timeoutMs: 30_000 });
      const lines = r.stderr.split('\n').filter((l) => l !== '');
      assert.equal(r.code, 2, `exit code; stderr: ${r.stderr}`);
      assert.equal(lines.length, 1, `one stderr line, got: ${r.stderr}`);
      assert.ok(lines[0]?.includes(flag), `names ${flag}: ${lines[0]}`);
      assert.doesNotMatch(r.stderr, /internal error|report it|\n\s+at /);
    });
  }
});

/** The other commands' flags: [flag named, full argv]. */
const OTHER_COMMANDS: [string, string[]][] = [
  ['--format', ['checks', '--format', 'pdf']],
  ['--format', ['demo', '--format', 'pdf']],
  ['--fail-on', ['demo', '--fail-on', 'garbage']],
  ['--out', ['demo', '--out', 'report.unknown']],
  ['--repo', ['init', '--repo', missing]],
  ['--bogus', ['init', '--bogus']],
];

describe('bad flag values of the other commands', () => {
  for (const [flag, args] of OTHER_COMMANDS) {
    it(args.join(' '), async () => {
      const r = await runCli(args, { cwd: dir, timeoutMs: 30_000 });
      const lines = r.stderr.split('\n').filter((l) => l !== '');
      assert.equal(r.code, 2, `exit code; stderr: ${r.stderr}`);
      assert.equal(lines.length, 1, `one stderr line, got: ${r.stderr}`);
      assert.ok(lines[0]?.includes(flag), `names ${flag}: ${lines[0]}`);
    });
  }
});

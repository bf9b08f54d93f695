// --from-facts judges saved facts with the policy of the run that replays them: owners, ignores and check overrides
// changed in the config after the facts were saved apply; the facts themselves (what was collected) are as saved.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { runCli } from '../support/cli.js';
import { makeTempDir, removeTempDirs } from '../support/temp-dir.js';

interface JsonReport {
  findings: { id: string; fingerprint: string; severity: string; owner: string | null; target: string }[];
  checks: { id: string; status: string; reason: string | null }[];
}

const j = (...parts: string[]) => parts.join('');
// two live-looking credentials in two files: two findings, so one can be ignored and the other still judged
const tokenA = j('ghp', '_', 'P0l1cyT0k3nAq8mK2vL9pR4wX7yB1nC5dF6h');
const tokenB = j('ghp', '_', 'P0l1cyT0k3nBz7nJ3wM8qS5tY6uC2oD4eG9k');

describe('--from-facts takes the policy of this run', { timeout: 240_000 }, () => {
  const dir = makeTempDir('policy');
  const repo = join(dir, 'repo');
  mkdirSync(join(repo, 'src'), { recursive: true });
  writeFileSync(join(repo, 'src', 'a.js'), `export const token = '${tokenA}';\n`);
  writeFileSync(join(repo, 'src', 'b.js'), `export const token = '${tokenB}';\n`);
  after(removeTempDirs);

  const audit = async (config: string, args: string[]): Promise<JsonReport> => {
    writeFileSync(join(dir, 'launchready.yml'), config);
    const r = await runCli(['audit', '--only', 'repo', '--format', 'json', '--fail-on', 'none', ...args], { cwd: dir, timeoutMs: 120_000 });
    assert.equal(r.code, 0, r.stderr);
    return JSON.parse(r.stdout) as JsonReport;
  };
  const hardcoded = (report: JsonReport) => report.findings.filter((f) => f.id === 'secrets.hardcoded').sort((a, b) => a.target.localeCompare(b.target));

  it('saved with owner Alice, replayed with owner Bob, an ignore and a severity override: the report follows the new config', async () => {
    const saved = await audit('owners: { secrets: Alice }\n', ['--repo', 'repo', '--save-facts', 'facts.json']);
    const before = hardcoded(saved);
    assert.equal(before.length, 2, JSON.stringify(saved.findings));
    assert.deepEqual(
      before.map((f) => [f.owner, f.severity]),
      [
        ['Alice', 'blocker'],
        ['Alice', 'blocker'],
      ],
    );
    // the saved facts hold what was collected, not who owns what
    const facts = JSON.parse(readFileSync(join(dir, 'facts.json'), 'utf8')) as { plan: Record<string, unknown> };
    assert.equal(facts.plan.owners, undefined);
    assert.equal(facts.plan.ignore, undefined);

    const [first, second] = before as [JsonReport['findings'][0], JsonReport['findings'][0]];
    const replayed = await audit(
      [
        `owners: { secrets: Bob }`,
        `ignore: ["${first.fingerprint}"]`,
        `checks:`,
        `  secrets.hardcoded: { severity: low }`,
        `  secrets.env-not-ignored: { enabled: false }`,
        '',
      ].join('\n'),
      ['--no-repo', '--from-facts', 'facts.json'],
    );
    const after = hardcoded(replayed);
    assert.deepEqual(
      after.map((f) => [f.fingerprint, f.owner, f.severity]),
      [[second.fingerprint, 'Bob', 'low']],
    );
    const disabled = replayed.checks.find((c) => c.id === 'secrets.env-not-ignored');
    assert.equal(disabled?.status, 'skipped');
    assert.match(disabled?.reason ?? '', /disabled in config/);
  });
});

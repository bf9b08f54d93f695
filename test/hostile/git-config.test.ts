// A repository's own .git/config names a program for every git hook (signature verification, fsmonitor, pager, diff,
// filters, credentials...). Auditing it must run none of them, by --repo, by a bare `audit` inside it, and through the history scan.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../support/cli.js';
import { HostileRepo } from '../support/hostile-repo.js';

interface JsonReport {
  checks: { id: string; status: string; reason?: string }[];
}

function statusOf(report: JsonReport, id: string) {
  return report.checks.find((c) => c.id === id);
}

describe('hostile git config', () => {
  let repo: HostileRepo;
  before(() => {
    repo = new HostileRepo();
  });
  after(() => repo.cleanup());

  it('the fixture is hostile: plain git runs the configured program', () => {
    assert.equal(repo.sanityCheck(), true);
  });

  it('audit --repo DIR --only repo runs no program named by the repository, history scan included', async () => {
    const factsFile = join(repo.dir, '..', `${repo.dir.split('/').pop()}-facts.json`);
    let text = '';
    const r = await runCli(['audit', '--repo', repo.dir, '--only', 'repo', '--format', 'json', '--save-facts', factsFile], { timeoutMs: 120_000 }).finally(() => {
      text = readFileSync(factsFile, 'utf8');
      rmSync(factsFile, { force: true });
    });
    assert.equal(repo.markerText(), null);
    const facts = JSON.parse(text) as { sources: { secrets: { history: { commits: number; truncated: string | null } } } };
    // git log -p walked all five commits, the three signed ones included
    assert.equal(facts.sources.secrets.history.commits, 5);
    assert.equal(facts.sources.secrets.history.truncated, null);
    const report = JSON.parse(r.stdout) as JsonReport;
    // the history scan ran (and found the credential added in the second commit at HEAD, so not in history only)
    assert.equal(statusOf(report, 'secrets.in-history')?.status, 'passed');
    assert.equal(statusOf(report, 'secrets.hardcoded')?.status, 'failed');
  });

  it('a bare audit inside the repository runs no program named by it', async () => {
    await runCli(['audit', '--only', 'repo', '--format', 'json'], { cwd: repo.dir, timeoutMs: 120_000 });
    await runCli(['audit', '--format', 'json'], { cwd: repo.dir, timeoutMs: 120_000 });
    assert.equal(repo.markerText(), null);
  });
});

describe('repositories git cannot read are could-not-run', () => {
  const root = mkdtempSync(join(tmpdir(), 'launchready-refused-'));
  after(() => rmSync(root, { recursive: true, force: true }));

  const repoChecks = ['secrets.hardcoded', 'secrets.in-history', 'deploy.no-ci', 'env.undocumented-var'];

  it('--repo /nonexistent: the repo checks are errors naming the path', async () => {
    const missing = join(root, 'nonexistent');
    const r = await runCli(['audit', '--repo', missing, '--only', 'repo', '--format', 'json']);
    const report = JSON.parse(r.stdout) as JsonReport;
    for (const id of repoChecks) {
      assert.equal(statusOf(report, id)?.status, 'error', id);
      assert.match(statusOf(report, id)?.reason ?? '', /does not exist/);
    }
  });

  it('a repository owned by someone else (dubious ownership): errors with git’s reason', { skip: process.getuid?.() !== 0 && 'needs root to chown' }, async () => {
    const fixture = new HostileRepo();
    const dir = join(root, 'other-owner');
    cpSync(fixture.dir, dir, { recursive: true });
    fixture.cleanup();
    execFileSync('chown', ['-R', '65534:65534', dir]);
    const r = await runCli(['audit', '--repo', dir, '--only', 'repo', '--format', 'json']);
    const report = JSON.parse(r.stdout) as JsonReport;
    for (const id of repoChecks) {
      assert.equal(statusOf(report, id)?.status, 'error', id);
      assert.match(statusOf(report, id)?.reason ?? '', /dubious ownership/);
    }
  });
});

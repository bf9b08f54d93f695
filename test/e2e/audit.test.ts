// `launchready audit` end to end against a live HTTPS stack: JSON/SARIF validity, replay without network, exit codes.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Ajv } from 'ajv';
import { CATALOG } from '../../src/catalog.ts';
import { type DemoStack, startDemoStack } from '../../src/demo/stack.ts';
import type { Report } from '../../src/types.ts';
import { runCli } from '../support/cli.ts';

describe('launchready audit (built CLI, live stack)', { timeout: 180_000 }, () => {
  let stack: DemoStack;
  let dir: string;
  let base: string[];
  before(async () => {
    stack = await startDemoStack();
    dir = mkdtempSync(join(tmpdir(), 'launchready-audit-'));
    writeFileSync(join(dir, 'ca.pem'), stack.caPem);
    writeFileSync(
      join(dir, 'launchready.yml'),
      `app:\n  canonical: ${stack.config.app?.canonical}\n  hosts: ${JSON.stringify(stack.config.app?.hosts)}\n  ports: { http: ${stack.ports.http}, https: ${stack.ports.https} }\nowners: { ssl: Dana, default: Sam }\n`,
    );
    base = ['--dns-server', stack.dnsServer, '--ca-file', 'ca.pem', '--no-repo', '--timeout', '3000'];
  });
  after(async () => stack?.stop());

  it('exits 1 on blockers, writes every --out format, and the JSON validates against the report schema', async () => {
    const r = await runCli(
      ['audit', ...base, '--only', 'web,tls', '--format', 'json', '--out', 'r.sarif', '--out', 'r.md', '--out', 'r.xml', '--out', 'r.html', '--save-facts', 'facts.json'],
      { cwd: dir },
    );
    assert.equal(r.code, 1, r.stderr);
    const report = JSON.parse(r.stdout) as Report;
    const ajv = new Ajv({ allErrors: true, strict: false });
    const validate = ajv.compile(JSON.parse(readFileSync(new URL('../../schema/report.schema.json', import.meta.url), 'utf8')));
    assert.ok(validate(report), JSON.stringify(validate.errors?.slice(0, 5)));
    assert.ok(report.findings.some((f) => f.id === 'redirect.no-https-redirect'));
    assert.equal(report.checks.length, CATALOG.length);
    for (const c of report.checks.filter((c) => !c.id.match(/^(redirect|http|cors|cache|tls)\./))) assert.ok(c.status === 'skipped', `${c.id} is skipped outside --only`);
    const sarif = JSON.parse(readFileSync(join(dir, 'r.sarif'), 'utf8')) as { version: string; runs: { results: { ruleId: string }[] }[] };
    assert.equal(sarif.version, '2.1.0');
    assert.ok(sarif.runs[0]?.results.every((x) => x.ruleId.startsWith('launchready/')));
    assert.match(readFileSync(join(dir, 'r.xml'), 'utf8'), /<testsuites?[\s>]/);
    assert.match(readFileSync(join(dir, 'r.md'), 'utf8'), /Minimum bar/i);
    assert.match(readFileSync(join(dir, 'r.html'), 'utf8'), /^<!doctype html>/i);

    // replay with the network unplugged: a DNS server that does not exist, same findings
    const replay = await runCli(['audit', '--dns-server', '127.0.0.1:9', '--no-repo', '--only', 'web,tls', '--from-facts', 'facts.json', '--format', 'json'], { cwd: dir });
    assert.equal(replay.code, 1, replay.stderr);
    const again = JSON.parse(replay.stdout) as Report;
    assert.deepEqual(again.findings.map((f) => f.fingerprint).sort(), report.findings.map((f) => f.fingerprint).sort());

    // a baseline of this run: nothing new, so the gate passes with exit 0
    writeFileSync(join(dir, 'baseline.json'), r.stdout);
    const gated = await runCli(['audit', '--from-facts', 'facts.json', '--no-repo', '--only', 'web,tls', '--baseline', 'baseline.json', '--format', 'json'], { cwd: dir });
    assert.equal(gated.code, 0, gated.stderr);
    assert.ok((JSON.parse(gated.stdout) as Report).findings.every((f) => f.baseline === 'known'));
  });

  it('exits 0 when nothing reaches --fail-on, and 2 on a bad --ca-file', async () => {
    const clean = await runCli(['audit', ...base, '--only', 'tls', '--format', 'json'], { cwd: dir });
    assert.equal(clean.code, 0, clean.stderr);
    const bad = await runCli(['audit', '--ca-file', 'launchready.yml', '--no-repo'], { cwd: dir });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--ca-file/);
  });
});

import assert from 'node:assert/strict';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { collectLogs, expandGlob, logsCollector, scanLogFile } from '../../src/collect/logs/index.ts';
import { planFor } from '../support/facts.ts';
import { measureRssGrowth } from '../support/memory.ts';
import { writeRepo } from '../support/repo-fixture.ts';

describe('logs collector', () => {
  it('runs with a repo or log files, and says what to pass otherwise', () => {
    assert.match(logsCollector.missingInput(planFor({ repo: null, logs: [] })) ?? '', /--repo DIR.*logs:/);
    assert.equal(logsCollector.missingInput(planFor({ repo: null, logs: ['/var/log/x.log'] })), null);
    assert.equal(logsCollector.missingInput(planFor({ repo: '/x', logs: [] })), null);
  });

  it('finds logger calls in code (tests excluded) and scans logs matched by globs relative to the repo', { timeout: 20_000 }, async () => {
    const repo = await writeRepo({
      'src/auth.ts': "export function login(user, password) {\n  logger.info('login attempt', { user: user.id, password });\n}\n",
      'src/auth.test.ts': 'console.log(password)\n',
      'app/views.py': 'import logging\nlogging.info("headers %s", request.headers)\n',
      'app/clean.py': 'logging.info("user %s logged in", user.id)\n',
      'var/log/app/a.log': 'GET /x 200 Authorization: Bearer abcdefghijklmnopqrstuvwxyz0123\nok\n',
      'var/log/app/old/b.log': 'password=swordfish99\n',
      'var/log/app/c.txt': 'password=notscanned1\n',
    });
    try {
      const facts = await collectLogs(repo.dir, ['var/log/app/**/*.log', 'missing/*.log'], '/');
      assert.deepEqual(
        facts.codeScan?.calls.map((c) => [c.file, c.line, c.passes]),
        [
          ['app/views.py', 2, ['request.headers']],
          ['src/auth.ts', 2, ['password']],
        ],
      );
      assert.deepEqual(
        facts.logFiles.map((f) => f.file),
        ['var/log/app/a.log', 'var/log/app/old/b.log'],
      );
      assert.equal(facts.logFiles[0]?.counts['bearer-token'], 1);
      assert.equal(facts.logFiles[0]?.lines, 2);
      assert.equal(facts.logFiles[1]?.counts.credential, 1);
      assert.deepEqual(facts.unmatchedPatterns, ['missing/*.log']);
      assert.ok(!JSON.stringify(facts).includes('swordfish99'), 'secrets only masked in facts');
    } finally {
      await repo.remove();
    }
  });

  it('expands absolute globs and never follows a pattern outside what it names', { timeout: 10_000 }, async () => {
    const repo = await writeRepo({ 'logs/a.log': 'x\n', 'logs/b.log': 'y\n', 'logs/sub/c.log': 'z\n' });
    try {
      assert.deepEqual(
        (await expandGlob(join(repo.dir, 'logs/*.log'), '/')).map((p) => p.slice(repo.dir.length)),
        ['/logs/a.log', '/logs/b.log'],
      );
      assert.equal((await expandGlob(join(repo.dir, 'logs/**/*.log'), '/')).length, 3);
      assert.deepEqual(await expandGlob('nope/*.log', repo.dir), []);
    } finally {
      await repo.remove();
    }
  });

  it('a 5 MB line without newlines is scanned at its start, in bounded memory', { timeout: 20_000 }, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'launchready-logs-'));
    try {
      const path = join(dir, 'one-line.log');
      await writeFile(path, `password=hunter2hunter2 ${'x'.repeat(5 * 1024 * 1024)}`);
      const scan = await scanLogFile(path, 'one-line.log');
      assert.equal(scan.lines, 1);
      assert.equal(scan.longLines, 1);
      assert.equal(scan.counts.credential, 1);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('streams a 200 MB log with constant memory and exact counts', { timeout: 180_000 }, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'launchready-logs-'));
    try {
      const path = join(dir, 'big.log');
      const normal = '2026-11-27T10:00:00.000Z INFO request GET /api/orders?page=2 status=200 duration_ms=12 user_id=4242 ip=10.0.0.1\n';
      const lines: string[] = [];
      for (let i = 0; i < 9000; i++)
        lines.push(
          i === 10 ? 'auth failed: Authorization: Bearer abcdefghijklmnopqrstuvwxyz012345\n' : i === 20 ? `signup user${i}@example.com card 4111-1111-1111-1111\n` : normal,
        );
      const block = Buffer.from(lines.join(''));
      const blocks = Math.ceil((200 * 1024 * 1024) / block.length);
      const out = createWriteStream(path);
      for (let i = 0; i < blocks; i++) if (!out.write(block)) await new Promise<void>((r) => out.once('drain', () => r()));
      await new Promise<void>((r) => out.end(() => r()));

      const { result: scan, growthMb, seconds } = await measureRssGrowth(() => scanLogFile(path, 'big.log'));
      console.log(`# scanned ${(scan.bytes / 1024 / 1024).toFixed(0)} MB, ${scan.lines} lines in ${Math.round(seconds * 1000)} ms; RSS growth ${growthMb.toFixed(1)} MB`);
      assert.equal(scan.bytes, block.length * blocks);
      assert.equal(scan.lines, 9000 * blocks);
      assert.equal(scan.counts['bearer-token'], blocks);
      assert.equal(scan.counts['card-number'], blocks);
      assert.equal(scan.distinctEmails, 1);
      assert.ok(growthMb < 100, `RSS grew by ${growthMb.toFixed(1)} MB`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

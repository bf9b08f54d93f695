// `launchready demo --database-url`: the demo adds PostgreSQL-backed routes on a scratch database of the given server
// (the machine's 127.0.0.1:5432), finds the unindexed foreign key and filter, says how to enable pg_stat_statements
// where it is not preloaded, and drops the scratch database again.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import pg from 'pg';
import type { Report } from '../../src/types.ts';
import { runCli } from '../support/cli.ts';
import { makeTempDir, removeTempDirs } from '../support/temp-dir.ts';

const DATABASE_URL = process.env.LAUNCHREADY_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function demoDatabases(): Promise<string[]> {
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    return (await client.query("SELECT datname FROM pg_database WHERE datname LIKE 'launchready_demo_%'")).rows.map((r) => String(r.datname));
  } finally {
    await client.end();
  }
}

describe('launchready demo --database-url', { timeout: 180_000 }, () => {
  after(removeTempDirs);
  it('loads the PostgreSQL routes, reports the database findings and drops its scratch database', async () => {
    const before = await demoDatabases();
    const r = await runCli(['demo', '--database-url', DATABASE_URL, '--no-html', '--format', 'json'], { cwd: makeTempDir('demo-db'), timeoutMs: 150_000 });
    assert.equal(r.code, 1, r.stderr);
    const report = JSON.parse(r.stdout) as Report;
    assert.deepEqual(
      report.metrics.routes.filter((x) => x.path.startsWith('/db/')).map((x) => x.path),
      ['/db/authors', '/db/events', '/db/authors/1'],
    );
    const fk = report.findings.find((f) => f.id === 'db.missing-fk-index');
    assert.ok(fk, `db.missing-fk-index on posts.author_id; got ${report.findings.map((f) => f.id).join(', ')}`);
    assert.match(fk.fix ?? '', /CREATE INDEX CONCURRENTLY/);
    assert.ok(
      report.findings.some((f) => f.id === 'db.seq-scan-heavy'),
      'the unindexed filter on events',
    );
    // this server does not preload pg_stat_statements (or does): the query checks either ran or say how to enable it
    const nPlusOne = report.checks.find((c) => c.id === 'perf.n-plus-one');
    if (nPlusOne?.status === 'skipped') assert.match(nPlusOne.reason ?? '', /shared_preload_libraries/);
    else assert.ok(report.findings.some((f) => f.id === 'perf.n-plus-one' && f.target === 'GET /db/authors'));
    assert.deepEqual(await demoDatabases(), before, 'the scratch database is dropped');
  });

  it('a URL that is not postgres:// is a usage error', async () => {
    const r = await runCli(['demo', '--database-url', 'mysql://x@127.0.0.1/db'], { cwd: makeTempDir('demo-db'), timeoutMs: 30_000 });
    assert.equal(r.code, 2);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  });
});

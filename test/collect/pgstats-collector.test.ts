// The PostgreSQL statistics collector against a throwaway cluster with pg_stat_statements preloaded: the demo's
// PostgreSQL routes driven by the load engine with the observer around each window, then the checks on the facts.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { CHECKS_BY_ID } from '../../src/checks/registry.ts';
import { runChecks } from '../../src/checks/run.ts';
import { collectDatabaseFacts, databaseCollector, PgStatsObserver } from '../../src/collect/pgstats/index.ts';
import { readOnlySession } from '../../src/collect/pgstats/session.ts';
import { DEMO_AUTHORS_LISTED, type PgDemoApp, startPgDemoApp } from '../../src/demo/pg-app.ts';
import { isCollectorFailure } from '../../src/facts/index.ts';
import type { DatabaseFacts } from '../../src/facts/pgstats.ts';
import { isLoadRunFailure, runLoad } from '../../src/load/engine.ts';
import { Redactor } from '../../src/mask.ts';
import type { Finding } from '../../src/types.ts';
import { factsWith } from '../support/facts.ts';
import { type PgCluster, pgBinariesPresent, startPgCluster } from '../support/pg-cluster.ts';

const REQUESTS = 30;
const skip = !pgBinariesPresent() && 'PostgreSQL binaries not installed (LAUNCHREADY_PG_BIN)';

function checksOn(database: DatabaseFacts) {
  const out = runChecks(factsWith({ database }), CHECKS_BY_ID);
  const status = (id: string) => out.checks.find((c) => c.id === id);
  const findings = (id: string): Finding[] => out.findings.filter((f) => f.id === id);
  return { status, findings };
}

describe('PostgreSQL statistics on a throwaway cluster', { skip, timeout: 180_000 }, () => {
  let cluster: PgCluster;
  let app: PgDemoApp;
  let facts: DatabaseFacts;
  const qpr = new Map<string, number | null>();

  before(async () => {
    cluster = await startPgCluster({ preload: true });
    app = await startPgDemoApp(cluster.url());
    assert.equal(app.statStatements, 'created');
    const observer = new PgStatsObserver(app.databaseUrl, 10_000, new Redactor());
    for (const route of app.routes) {
      const key = `GET ${route.path}`;
      await observer.begin(key);
      const result = await runLoad({
        route: { url: route.url, path: route.path, kind: 'read' },
        model: { type: 'open', rps: 60 },
        durationMs: 500,
        maxRequests: REQUESTS,
        timeoutMs: 5000,
      });
      assert.ok(!isLoadRunFailure(result), 'load run refused');
      assert.equal(result.errorsPct, 0, `${key}: errors under load`);
      const answer = await observer.end(key, result.sent);
      qpr.set(key, answer.queriesPerRequest);
    }
    await app.closeConnections(); // the app's backends exit and flush their table counters
    facts = await collectDatabaseFacts(app.databaseUrl, 10_000, new Redactor(), observer);
  });

  after(async () => {
    await app?.stop();
    await cluster?.stop();
  });

  it('measures queries per request per route window', () => {
    assert.equal(facts.statStatements.problem, null);
    assert.equal(facts.routes?.length, 3);
    assert.equal(qpr.get('GET /authors'), DEMO_AUTHORS_LISTED + 1, 'N+1 route: rows listed + 1 queries per request');
    assert.equal(qpr.get('GET /events'), 1);
    assert.equal(qpr.get('GET /authors/1'), 1);
    const authors = facts.routes?.find((r) => r.route === 'GET /authors');
    assert.ok(authors && authors.requestsSent > 0 && authors.requestsSent <= REQUESTS);
    assert.equal(authors.statements[0]?.calls, DEMO_AUTHORS_LISTED * authors.requestsSent);
    // our own snapshot queries never count
    assert.ok(facts.routes?.every((r) => r.statements.every((s) => !s.query.includes('launchready:pgstats'))));
  });

  it('the N+1 route gives perf.n-plus-one with the query, calls per request and the eager-loading fix', () => {
    const { findings, status } = checksOn(facts);
    const n1 = findings('perf.n-plus-one');
    assert.equal(n1.length, 1, JSON.stringify(n1.map((f) => f.target)));
    assert.equal(n1[0]?.target, 'GET /authors');
    assert.equal(n1[0]?.evidence.queriesPerRequest, DEMO_AUTHORS_LISTED + 1);
    assert.equal(n1[0]?.evidence.callsPerRequest, DEMO_AUTHORS_LISTED);
    assert.match(String(n1[0]?.evidence.query), /SELECT id, title FROM posts WHERE author_id = \$1/);
    assert.equal(typeof n1[0]?.evidence.meanMs, 'number');
    assert.match(n1[0]?.fix ?? '', /author_id = ANY\(\$1\)/);
    assert.equal(status('perf.queries-per-request')?.status, 'passed');
    // the 200,000-row sequential scan may pass 100 ms on a busy machine; nothing else may
    const slow = findings('perf.slow-query');
    assert.ok(
      slow.every((f) => f.target === 'GET /events'),
      JSON.stringify(slow.map((f) => [f.target, f.evidence.meanMs])),
    );
    const events = facts.routes?.find((r) => r.route === 'GET /events')?.statements[0];
    console.log(`# GET /events: ${events?.calls} calls, mean ${events?.meanMs} ms; slow-query findings: ${slow.length}`);
  });

  it('the unindexed filter gives db.seq-scan-heavy with the suggested index; the clean route is in no finding', () => {
    const { findings } = checksOn(facts);
    const heavy = findings('db.seq-scan-heavy');
    assert.deepEqual(
      heavy.map((f) => f.target),
      ['events'],
    );
    const events = heavy[0] as Finding;
    assert.equal(events.evidence.suggestedIndex, 'CREATE INDEX CONCURRENTLY IF NOT EXISTS events_account_id_idx ON events (account_id);');
    assert.deepEqual(events.evidence.routes, ['GET /events']);
    assert.match(String(events.evidence.query), /FROM events WHERE account_id = \$1/);
    assert.ok(Number(events.evidence.seqScan) >= 1);
    assert.match(events.fix, /^CREATE INDEX CONCURRENTLY/);
    const all = runChecks(factsWith({ database: facts }), CHECKS_BY_ID).findings;
    assert.ok(!all.some((f) => f.target === 'GET /authors/1' || JSON.stringify(f.evidence).includes('/authors/1')), 'the clean route appears in a finding');
  });

  it('db.missing-fk-index on posts.author_id and db.unused-index on events_kind_idx', () => {
    const { findings } = checksOn(facts);
    const fk = findings('db.missing-fk-index');
    assert.deepEqual(
      fk.map((f) => f.target),
      ['posts.posts_author_id_fkey'],
    );
    assert.equal(fk[0]?.fix, 'CREATE INDEX CONCURRENTLY IF NOT EXISTS posts_author_id_idx ON posts (author_id);');
    const unused = findings('db.unused-index');
    assert.deepEqual(
      unused.map((f) => f.target),
      ['events_kind_idx'],
    );
    assert.ok(Number(unused[0]?.evidence.sizeBytes) > 0);
  });

  it('the session is read-only: a write is refused', async () => {
    const client = await readOnlySession(app.databaseUrl, 5000);
    try {
      await assert.rejects(client.query('CREATE TABLE launchready_write_probe (id int)'), /read-only transaction/);
    } finally {
      await client.end();
    }
  });

  it('a database without CREATE EXTENSION: skipped with the CREATE EXTENSION line, never passed', async () => {
    const admin = new pg.Client({ connectionString: cluster.url() });
    await admin.connect();
    await admin.query('CREATE DATABASE no_extension');
    await admin.end();
    const bare = await collectDatabaseFacts(cluster.url('no_extension'), 5000, new Redactor(), new PgStatsObserver(cluster.url('no_extension'), 5000, new Redactor()));
    assert.equal(bare.statStatements.preloaded, true);
    assert.equal(bare.statStatements.created, false);
    assert.deepEqual(bare.statStatements.fix, ['CREATE EXTENSION IF NOT EXISTS pg_stat_statements;']);
    const { status } = checksOn(bare);
    for (const id of ['perf.n-plus-one', 'perf.queries-per-request', 'perf.slow-query']) {
      assert.equal(status(id)?.status, 'skipped', id);
      assert.match(status(id)?.reason ?? '', /CREATE EXTENSION IF NOT EXISTS pg_stat_statements;/);
    }
  });

  it('stop() drops the scratch database', async () => {
    await app.stop();
    const admin = new pg.Client({ connectionString: cluster.url() });
    await admin.connect();
    const { rows } = await admin.query("SELECT datname FROM pg_database WHERE datname LIKE 'launchready_demo_%'");
    await admin.end();
    assert.deepEqual(rows, []);
  });

  it('Ctrl-C while the demo app runs drops the scratch database too', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('../support/pg-demo-child.ts', import.meta.url)), cluster.url()], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.on('exit', (code, signal) => resolve(signal ?? code)));
    const database = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d) => {
        out += String(d);
        if (out.includes('\n')) resolve(out.trim());
      });
      child.on('exit', () => reject(new Error(`child exited before starting: ${out}`)));
    });
    assert.match(database, /^launchready_demo_[0-9a-f]{10}$/);
    const admin = new pg.Client({ connectionString: cluster.url() });
    await admin.connect();
    try {
      const present = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
      assert.equal(present.rowCount, 1);
      child.kill('SIGINT');
      assert.equal(await exited, 'SIGINT');
      const gone = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
      assert.equal(gone.rowCount, 0);
    } finally {
      child.kill('SIGKILL');
      await admin.end();
    }
  });
});

// The machine's PostgreSQL at 127.0.0.1:5432 when it answers without pg_stat_statements preloaded (only read, never
// changed); otherwise a second throwaway cluster started without it.
async function serverWithoutPreload(): Promise<{ url: string; stop(): Promise<void> }> {
  const machine = 'postgres://postgres@127.0.0.1:5432/postgres';
  try {
    const client = await readOnlySession(machine, 2000);
    try {
      const { rows } = await client.query("SELECT current_setting('shared_preload_libraries') AS libs");
      if (!String(rows[0]?.libs ?? '').includes('pg_stat_statements')) return { url: machine, stop: async () => {} };
    } finally {
      await client.end();
    }
  } catch {
    // not reachable: start our own below
  }
  const cluster = await startPgCluster({ preload: false });
  return { url: cluster.url(), stop: () => cluster.stop() };
}

describe('a server without pg_stat_statements preloaded', { skip, timeout: 120_000 }, () => {
  let server: { url: string; stop(): Promise<void> };
  before(async () => {
    server = await serverWithoutPreload();
  });
  after(async () => {
    await server?.stop();
  });

  it('says which is missing, gives the postgresql.conf line and CREATE EXTENSION, and the checks are skipped', async () => {
    const observer = new PgStatsObserver(server.url, 5000, new Redactor());
    await observer.begin('GET /x');
    assert.deepEqual(await observer.end('GET /x', 10), { queriesPerRequest: null });
    const facts = await collectDatabaseFacts(server.url, 5000, new Redactor(), observer);
    assert.equal(facts.statStatements.preloaded, false);
    assert.equal(facts.statStatements.created, false);
    assert.match(facts.statStatements.problem ?? '', /not in shared_preload_libraries/);
    assert.equal(facts.statStatements.fix.length, 2);
    assert.match(facts.statStatements.fix[0] ?? '', /^shared_preload_libraries = '(?:[^']*, )?pg_stat_statements' {3}# in postgresql\.conf, then restart PostgreSQL$/);
    assert.equal(facts.statStatements.fix[1], 'CREATE EXTENSION IF NOT EXISTS pg_stat_statements;');
    const { status } = checksOn(facts);
    for (const id of ['perf.n-plus-one', 'perf.queries-per-request', 'perf.slow-query']) {
      assert.equal(status(id)?.status, 'skipped', id);
      assert.match(status(id)?.reason ?? '', /shared_preload_libraries = 'pg_stat_statements'/);
    }
    // the catalog checks still judge (statistics views need no extension)
    assert.notEqual(status('db.missing-fk-index')?.status, 'skipped');
    assert.notEqual(status('db.seq-scan-heavy')?.status, 'skipped');
  });
});

describe('an unreachable database', () => {
  it('is a collector failure as data, without the password, and the query checks are skipped', async () => {
    const secretUrl = 'postgres://app:sup3rsecretpw@127.0.0.1:1/app';
    const facts = factsWith({}, { databaseConfigured: true });
    const result = await databaseCollector.collect({
      plan: facts.plan,
      secrets: { routeHeaders: {}, routeBodies: {}, databaseUrl: secretUrl },
      net: { timeoutMs: 1000 } as never,
      redactor: new Redactor(),
      facts: {},
      progress() {},
    });
    assert.ok(isCollectorFailure(result), JSON.stringify(result));
    assert.match(result.error.message, /^PostgreSQL: /);
    assert.ok(!JSON.stringify(result).includes('sup3rsecretpw'));
    const out = runChecks(factsWith({ database: result }), CHECKS_BY_ID);
    assert.equal(out.checks.find((c) => c.id === 'perf.n-plus-one')?.status, 'skipped');
    assert.equal(out.checks.find((c) => c.id === 'db.missing-fk-index')?.status, 'error');
  });
});

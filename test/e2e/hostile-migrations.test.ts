// A repository whose migrations attack the machine and the database server, audited with --database-url pointing at the
// test PostgreSQL (127.0.0.1:5432, trust auth): the migrations run only in the PGlite sandbox, so no program starts,
// and no role, database or table changes on the server. Bounded in time and memory.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import type { Report } from '../../src/types.ts';
import { BIN } from '../support/cli.ts';

const ADMIN_URL = process.env.LAUNCHREADY_TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const WALL_LIMIT_MS = 120_000;
/** The sandbox process is killed past 1536 MB; the CLI itself stays far below. */
const RSS_LIMIT_KB = 2_000_000;

interface MeasuredRun {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
  /** Largest resident set of the CLI or any process it started (GNU time), null without /usr/bin/time. */
  maxRssKb: number | null;
}

// GNU time reports the peak RSS of the process tree it waited for (the CLI and its sandbox child)
function runMeasured(args: string[], cwd: string): Promise<MeasuredRun> {
  const started = Date.now();
  const timed = existsSync('/usr/bin/time');
  const [command, argv] = timed ? ['/usr/bin/time', ['-f', 'LR_MAXRSS_KB=%M', process.execPath, BIN, ...args]] : [process.execPath, [BIN, ...args]];
  return new Promise((resolve, reject) => {
    const child = spawn(command as string, argv as string[], { cwd, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`launchready ${args.join(' ')} did not finish in ${WALL_LIMIT_MS} ms\nstderr: ${stderr}`));
    }, WALL_LIMIT_MS);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const rss = /LR_MAXRSS_KB=(\d+)/.exec(stderr)?.[1];
      resolve({ code, stdout, stderr: stderr.replace(/.*LR_MAXRSS_KB=\d+\n?/, ''), ms: Date.now() - started, maxRssKb: rss ? Number(rss) : null });
    });
  });
}

interface ServerState {
  roles: string;
  databases: string;
  canary: string;
}

describe('hostile migrations never reach the host or the database server', { timeout: 200_000 }, () => {
  const database = `lr_hostile_${process.pid}`;
  let admin: pg.Client;
  let dir: string;
  let marker: string;

  async function serverState(): Promise<ServerState> {
    const canaryUrl = new URL(ADMIN_URL);
    canaryUrl.pathname = `/${database}`;
    const canary = new pg.Client({ connectionString: canaryUrl.href });
    await canary.connect();
    try {
      const columns = await canary.query(
        `SELECT string_agg(attname || ':' || atttypid::regtype, ',' ORDER BY attnum) AS c FROM pg_attribute WHERE attrelid = 'canary'::regclass AND attnum > 0`,
      );
      const rows = await canary.query("SELECT string_agg(id::text || note, ',' ORDER BY id) AS r FROM canary");
      const tables = await canary.query(`SELECT string_agg(relname, ',' ORDER BY relname) AS t FROM pg_class WHERE relnamespace = 'public'::regnamespace`);
      return {
        // pg_authid: the password hash shows an ALTER ROLE ... PASSWORD
        roles: JSON.stringify((await admin.query('SELECT rolname, rolsuper, rolcreaterole, rolcreatedb, rolcanlogin, rolpassword FROM pg_authid ORDER BY rolname')).rows),
        databases: JSON.stringify((await admin.query('SELECT datname FROM pg_database ORDER BY datname')).rows),
        canary: JSON.stringify([columns.rows[0]?.c, rows.rows[0]?.r, tables.rows[0]?.t]),
      };
    } finally {
      await canary.end();
    }
  }

  before(async () => {
    admin = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 3000 });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`);
    const url = new URL(ADMIN_URL);
    url.pathname = `/${database}`;
    const c = new pg.Client({ connectionString: url.href });
    await c.connect();
    await c.query("CREATE TABLE canary (id int PRIMARY KEY, note text); INSERT INTO canary VALUES (1, 'untouched'), (2, 'still here')");
    await c.end();
    dir = mkdtempSync(join(tmpdir(), 'launchready-hostile-'));
    marker = join(dir, 'MARKER');
    mkdirSync(join(dir, 'db', 'migrations'), { recursive: true });
    writeFileSync(
      join(dir, 'db', 'migrations', '001_init.sql'),
      'CREATE TABLE canary (id int PRIMARY KEY, note text);\nCREATE TABLE orders (id bigserial PRIMARY KEY, total int);\n',
    );
    writeFileSync(
      join(dir, 'db', 'migrations', '002_hostile.sql'),
      [
        `DO $$ BEGIN EXECUTE 'COPY (SELECT 1) TO PROGRAM ''touch ${marker}'''; END $$;`,
        `COPY (SELECT 1) TO PROGRAM 'touch ${marker}';`,
        'DO $$ BEGIN CREATE ROLE lr_evil SUPERUSER LOGIN; END $$;',
        'CREATE EXTENSION IF NOT EXISTS dblink;',
        `SELECT dblink_exec('host=127.0.0.1 port=5432 user=postgres dbname=postgres', 'DROP DATABASE ${database}');`,
        'SET standard_conforming_strings = off;',
        // the parser (setting on) reads one harmless literal; a server with the setting off runs a role and an ALTER
        `SELECT 'a\\''; CREATE ROLE lr_scs_evil SUPERUSER; ALTER TABLE canary ADD COLUMN pwned int; --';`,
        'SET standard_conforming_strings = on;',
        "ALTER ROLE postgres PASSWORD 'hijacked-Passw0rd!';",
        'ALTER TABLE canary ADD COLUMN pwned int;',
        "INSERT INTO canary VALUES (3, 'injected');",
        'DROP TABLE canary;',
        'SELECT pg_sleep(1e9);',
        'CREATE INDEX orders_total_idx ON orders (total);',
      ].join('\n'),
    );
  });

  after(async () => {
    rmSync(dir, { recursive: true, force: true });
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end();
  });

  it('runs them only in the sandbox: no marker file, the server unchanged, exit code, time and memory bounded', async () => {
    const before = await serverState();
    const r = await runMeasured(
      ['audit', '--repo', dir, '--database-url', ADMIN_URL, '--only', 'migrations', '--timeout', '1000', '--seed-rows', '1000', '--fail-on', 'high', '--format', 'json'],
      dir,
    );
    // the plain CREATE INDEX on orders is a high blocking-lock finding: exit 1 with --fail-on high, never 2 or a crash
    assert.equal(r.code, 1, r.stderr);
    assert.equal(existsSync(marker), false, 'COPY ... TO PROGRAM did not run on the host');
    assert.deepEqual(await serverState(), before, 'no role, database or table changed on the server');
    assert.ok(r.ms < WALL_LIMIT_MS, `took ${r.ms} ms`);
    if (r.maxRssKb !== null) assert.ok(r.maxRssKb < RSS_LIMIT_KB, `peak RSS ${r.maxRssKb} KB`);
    console.log(`hostile audit: ${r.ms} ms, peak RSS ${r.maxRssKb ?? 'unknown'} KB`);

    const report = JSON.parse(r.stdout) as Report;
    const index = report.findings.find((f) => f.id === 'migrations.blocking-lock');
    assert.equal(index?.target, 'db/migrations/002_hostile.sql:14', 'statements after the hostile ones are still measured');
    assert.match(String(index?.evidence.measuredBy), /^PostgreSQL \d+\.\d+ \(PGlite /);
    assert.ok(!r.stdout.includes('hijacked-Passw0rd!'), 'the password in ALTER ROLE is masked');
  });
});

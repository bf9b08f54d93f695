// The two places the monitor store tests open a store: a SQLite file in a temp dir, and a throwaway database on the
// shared PostgreSQL cluster at 127.0.0.1:5432 (tests using it hold /tmp/lr-tests.lock). Every location() is a fresh,
// empty store; cleanup() removes only what that backend made.
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { makeTempDir } from './temp-dir.ts';

const ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

export interface StoreBackend {
  name: string;
  /** A new, empty store location: a file path or a postgres:// URL. */
  location(): Promise<string>;
  cleanup(): Promise<void>;
}

/** SQLite files in one temp dir named launchready-<what>-XXXXXX. */
export function sqliteStoreBackend(what: string): StoreBackend {
  let dir = '';
  return {
    name: 'SQLite',
    async location() {
      dir ||= makeTempDir(what);
      return join(dir, `monitor-${randomBytes(4).toString('hex')}.db`);
    },
    async cleanup() {
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function asAdmin(run: (admin: pg.Client) => Promise<void>): Promise<void> {
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    await run(admin);
  } finally {
    await admin.end();
  }
}

/** Databases named <prefix>_<random hex>, dropped (only those) by cleanup(). */
export function postgresStoreBackend(prefix: string): StoreBackend {
  const created: string[] = [];
  return {
    name: 'PostgreSQL',
    async location() {
      const name = `${prefix}_${randomBytes(6).toString('hex')}`;
      await asAdmin((admin) => admin.query(`CREATE DATABASE ${name}`).then(() => undefined));
      created.push(name);
      return `postgres://postgres@127.0.0.1:5432/${name}`;
    },
    async cleanup() {
      await asAdmin(async (admin) => {
        for (const name of created) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      });
    },
  };
}

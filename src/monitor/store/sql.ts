// One small SQL surface over better-sqlite3 and pg, so the store is written once: `?` placeholders, async calls,
// transactions that hold a write lock (BEGIN IMMEDIATE on SQLite, an advisory lock on PostgreSQL).
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';

export type Dialect = 'sqlite' | 'postgres';
export type SqlValue = string | number | null;
export type Row = Record<string, unknown>;

export interface SqlSession {
  readonly dialect: Dialect;
  all<T extends Row = Row>(sql: string, params?: SqlValue[]): Promise<T[]>;
  /** Rows changed. */
  run(sql: string, params?: SqlValue[]): Promise<number>;
}

export interface SqlDriver extends SqlSession {
  /** Run fn in one transaction that holds the store's write lock `lockKey` (serialises roll-ups and migrations across workers). */
  transaction<T>(lockKey: number, fn: (tx: SqlSession) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** `?` to `$1, $2, ...` (the store's SQL never has ? inside string literals). */
function toPostgresPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

/**
 * better-sqlite3 is synchronous but callers await between a transaction's statements: every connection of this
 * process to one file shares one queue, else a second connection's BEGIN would busy-wait on the first, which cannot
 * finish while the thread waits (other processes just wait on the file lock).
 */
const SQLITE_QUEUES = new Map<string, Promise<unknown>>();
let memoryDatabases = 0;

class SqliteDriver implements SqlDriver {
  readonly dialect = 'sqlite';
  private readonly db: Database.Database;
  private readonly queueKey: string;
  private readonly direct: SqlSession;

  constructor(file: string) {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    this.queueKey = file === ':memory:' ? `:memory:${++memoryDatabases}` : resolve(file);
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
    const db = this.db;
    this.direct = {
      dialect: 'sqlite',
      all: async <T extends Row>(sql: string, params: SqlValue[] = []) => db.prepare(sql).all(...params) as T[],
      run: async (sql: string, params: SqlValue[] = []) => db.prepare(sql).run(...params).changes,
    };
  }

  private locked<T>(fn: () => Promise<T>): Promise<T> {
    const next = (SQLITE_QUEUES.get(this.queueKey) ?? Promise.resolve()).then(fn, fn);
    SQLITE_QUEUES.set(
      this.queueKey,
      next.catch(() => undefined),
    );
    return next;
  }

  all<T extends Row = Row>(sql: string, params: SqlValue[] = []): Promise<T[]> {
    return this.locked(() => this.direct.all<T>(sql, params));
  }

  run(sql: string, params: SqlValue[] = []): Promise<number> {
    return this.locked(() => this.direct.run(sql, params));
  }

  transaction<T>(_lockKey: number, fn: (tx: SqlSession) => Promise<T>): Promise<T> {
    return this.locked(async () => {
      // IMMEDIATE takes the file's write lock now, so two processes on one file serialise here instead of failing later
      this.db.exec('BEGIN IMMEDIATE');
      try {
        const out = await fn(this.direct);
        this.db.exec('COMMIT');
        return out;
      } catch (e) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        throw e;
      }
    });
  }

  async close(): Promise<void> {
    await SQLITE_QUEUES.get(this.queueKey);
    this.db.close();
  }
}

class PostgresDriver implements SqlDriver {
  readonly dialect = 'postgres';
  private readonly pool: pg.Pool;

  constructor(url: string, onError: (e: Error) => void) {
    this.pool = new pg.Pool({ connectionString: url, max: 4, connectionTimeoutMillis: 10_000, idleTimeoutMillis: 30_000, statement_timeout: 60_000 });
    // an idle client dying (PostgreSQL restart) must not crash the process: the next query reconnects
    this.pool.on('error', onError);
  }

  private session(client: pg.Pool | pg.PoolClient): SqlSession {
    return {
      dialect: 'postgres',
      all: async <T extends Row>(sql: string, params: SqlValue[] = []) => (await client.query(toPostgresPlaceholders(sql), params)).rows as T[],
      run: async (sql: string, params: SqlValue[] = []) => (await client.query(toPostgresPlaceholders(sql), params)).rowCount ?? 0,
    };
  }

  all<T extends Row = Row>(sql: string, params: SqlValue[] = []): Promise<T[]> {
    return this.session(this.pool).all<T>(sql, params);
  }

  run(sql: string, params: SqlValue[] = []): Promise<number> {
    return this.session(this.pool).run(sql, params);
  }

  async transaction<T>(lockKey: number, fn: (tx: SqlSession) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock($1)', [lockKey]);
      const out = await fn(this.session(client));
      await client.query('COMMIT');
      return out;
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

export function isPostgresLocation(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location);
}

/** A SQLite file path (or ":memory:") or a postgres:// URL. */
export function openSqlDriver(location: string, onPoolError: (e: Error) => void = () => undefined): SqlDriver {
  return isPostgresLocation(location) ? new PostgresDriver(location, onPoolError) : new SqliteDriver(location);
}

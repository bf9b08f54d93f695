// Dynamic lock analysis: apply the migrations to a scratch database, seed the tables they alter, and read pg_locks while
// each statement runs. The scratch database is always dropped, and every statement is bounded by statement_timeout.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { LockMode } from '../../analyze/sql/types.js';
import { lockModeFromPgLocks, strongerLock } from '../../analyze/sql/types.js';
import { redactor } from '../../mask.js';
import type { MeasuredStatement, ScratchRun } from './types.js';

const { Client, escapeIdentifier, escapeLiteral } = pg;

export interface ScratchStep {
  /** Index into the caller's statement list. */
  key: number;
  kind: string;
  text: string;
  nonTransactional: boolean;
  /** Existing tables the statement alters (seeded first when empty). */
  tables: string[];
  /** Migration file the statement belongs to. */
  file: string;
}

export interface ScratchOptions {
  databaseUrl: string;
  seedRows: number;
  /** Per statement (and per connection attempt). */
  statementTimeoutMs: number;
  /** The whole run; statements after it are left unmeasured. */
  budgetMs: number;
  progress?(note: string): void;
}

// Statements that act on the server rather than the scratch database: never run them.
const OUTSIDE_SCRATCH = new Set([
  'CreatedbStmt',
  'DropdbStmt',
  'AlterDatabaseStmt',
  'AlterDatabaseSetStmt',
  'AlterDatabaseRefreshCollStmt',
  'AlterSystemStmt',
  'CreateTableSpaceStmt',
  'DropTableSpaceStmt',
  'AlterTableSpaceOptionsStmt',
  'CreateRoleStmt',
  'AlterRoleStmt',
  'AlterRoleSetStmt',
  'DropRoleStmt',
  'GrantRoleStmt',
  'CopyStmt',
  'CreateSubscriptionStmt',
  'AlterSubscriptionStmt',
  'DropSubscriptionStmt',
  'LoadStmt',
  'CheckPointStmt',
  'ReassignOwnedStmt',
  'ListenStmt',
  'NotifyStmt',
]);

// The tool manages transactions and timeouts itself.
const NOT_REPLAYED = new Set(['TransactionStmt']);

const SEED_KINDS = new Set(['AlterTableStmt', 'IndexStmt', 'RenameStmt', 'VacuumStmt', 'ClusterStmt', 'ReindexStmt', 'LockStmt']);

const LOCKS_SQL = `SELECT n.nspname, c.relname, c.relkind, l.mode
  FROM pg_locks l JOIN pg_class c ON c.oid = l.relation JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE l.pid = $1 AND l.locktype = 'relation' AND l.granted
    AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'`;

/** Locks the statement is queued for (not yet granted): what it asks for, seen while the observer holds its tables. */
const WAITING_LOCKS_SQL = LOCKS_SQL.replace('AND l.granted', 'AND NOT l.granted');

type Row = Record<string, unknown>;

function message(error: unknown): string {
  return redactor.redact(String((error as Error)?.message ?? error).split('\n')[0] ?? 'error');
}

function scratchUrl(databaseUrl: string, database: string): string {
  const url = new URL(databaseUrl);
  url.pathname = `/${database}`;
  return url.href;
}

function displayName(schema: string, relation: string): string {
  return schema === 'public' ? relation : `${schema}.${relation}`;
}

function qualified(table: string): string {
  const dot = table.indexOf('.');
  return dot < 0 ? escapeIdentifier(table) : `${escapeIdentifier(table.slice(0, dot))}.${escapeIdentifier(table.slice(dot + 1))}`;
}

const RELFILENODE_SQL = `SELECT n.nspname, c.relname, c.relfilenode FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.oid = ANY (SELECT to_regclass(t) FROM unnest($1::text[]) t)`;

const TABLES_SQL = `SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'`;

class LockCollector {
  constructor(private readonly existingTables: ReadonlySet<string>) {}
  readonly modes = new Map<string, { kind: 'table' | 'index' | 'other'; mode: LockMode }>();
  add(rows: Row[]): void {
    for (const r of rows) {
      const mode = lockModeFromPgLocks(String(r.mode));
      if (!mode) continue;
      const name = displayName(String(r.nspname), String(r.relname));
      const kind = r.relkind === 'r' || r.relkind === 'p' ? 'table' : r.relkind === 'i' || r.relkind === 'I' ? 'index' : 'other';
      const prev = this.modes.get(name);
      this.modes.set(name, { kind, mode: strongerLock(prev?.mode ?? null, mode) ?? mode });
    }
  }
  list(): MeasuredStatement['locks'] {
    return [...this.modes].map(([relation, v]) => ({ relation, kind: v.kind, mode: v.mode, ...(v.kind === 'table' ? { existing: this.existingTables.has(relation) } : {}) }));
  }
}

interface Column {
  attname: string;
  type: string;
  typname: string;
  typcategory: string;
  typtype: string;
  attnotnull: boolean;
  atthasdef: boolean;
  attidentity: string;
  attgenerated: string;
  atttypmod: number;
  typoid: number;
}

/** A generate_series expression (in g) producing a plausible value of the column's type, or null. */
function valueFor(c: Column, enumLabel: string | null): string | null {
  const cast = (expr: string) => `(${expr})::${c.type}`;
  if (c.typtype === 'e') return enumLabel === null ? null : cast(escapeLiteral(enumLabel));
  switch (c.typname) {
    case 'int2':
      return cast('1 + g % 32766');
    case 'int4':
    case 'int8':
    case 'oid':
      return cast('g');
    case 'numeric':
      return cast(c.atttypmod > 0 ? '1 + g % 9' : 'g');
    case 'float4':
    case 'float8':
    case 'money':
      return cast('g');
    case 'bool':
      return 'g % 2 = 0';
    case 'text':
    case 'citext':
    case 'name':
      return cast(`'row ' || g`);
    case 'varchar':
    case 'bpchar':
      return c.atttypmod > 4 ? cast(`right('r' || g, ${c.atttypmod - 4})`) : cast(`'r' || g`);
    case 'date':
      return cast('current_date - (g % 3650)');
    case 'timestamp':
    case 'timestamptz':
      return cast('now() - make_interval(secs => g)');
    case 'time':
    case 'timetz':
      return cast(`'12:00'`);
    case 'interval':
      return cast('make_interval(secs => g)');
    case 'uuid':
      return 'md5(g::text)::uuid';
    case 'json':
    case 'jsonb':
      return cast(`jsonb_build_object('n', g)`);
    case 'bytea':
      return `decode(md5(g::text), 'hex')`;
    case 'inet':
    case 'cidr':
      return cast(`'10.0.0.1'`);
    default:
      return c.typcategory === 'A' ? cast(`'{}'`) : null;
  }
}

/** Runs the steps on a fresh scratch database. Never throws; the database is dropped in every case. */
export async function measureOnScratch(steps: ScratchStep[], options: ScratchOptions): Promise<{ run: ScratchRun; measured: Map<number, MeasuredStatement> }> {
  redactor.add(options.databaseUrl);
  try {
    const password = decodeURIComponent(new URL(options.databaseUrl).password);
    redactor.add(password);
  } catch {
    // not a URL: reported below
  }
  const started = Date.now();
  const database = `launchready_scratch_${randomBytes(6).toString('hex')}`;
  const run: ScratchRun = { database, seedRows: options.seedRows, seeded: [], statementsRun: 0, durationMs: 0, error: null, dropped: false };
  const measured = new Map<number, MeasuredStatement>();
  const timeout = options.statementTimeoutMs;
  const connect = async (connectionString: string): Promise<pg.Client> => {
    const client = new Client({ connectionString, connectionTimeoutMillis: timeout, statement_timeout: timeout, query_timeout: timeout + 5000 });
    client.on('error', () => {}); // a dropped connection surfaces on the next query
    await client.connect();
    return client;
  };
  let url: string;
  try {
    url = scratchUrl(options.databaseUrl, database);
  } catch {
    run.error = { code: 'BAD_DATABASE_URL', message: 'the database URL is not a postgres:// URL' };
    run.dropped = true;
    return { run, measured };
  }
  let admin: pg.Client | null = null;
  let created = false;
  const clients: pg.Client[] = [];
  try {
    admin = await connect(options.databaseUrl);
    await admin.query(`CREATE DATABASE ${escapeIdentifier(database)}`);
    created = true;
    const main = await connect(url);
    clients.push(main);
    const observer = await connect(url);
    clients.push(observer);
    const mainPid = Number((await main.query('SELECT pg_backend_pid() AS pid')).rows[0]?.pid);
    const seeded = new Map<string, number>();

    const seedTable = async (table: string, depth: number): Promise<number> => {
      const known = seeded.get(table);
      if (known !== undefined) return known;
      seeded.set(table, 0); // cycles in foreign keys: seed each table once
      const oidRow = (await main.query('SELECT to_regclass($1)::oid AS oid', [qualified(table)])).rows[0];
      const oid = oidRow?.oid === null || oidRow?.oid === undefined ? null : Number(oidRow.oid);
      if (oid === null) return 0;
      const existing = Number((await main.query(`SELECT count(*)::int AS n FROM (SELECT 1 FROM ${qualified(table)} LIMIT ${options.seedRows}) s`)).rows[0]?.n ?? 0);
      if (existing > 0) {
        seeded.set(table, existing);
        return existing;
      }
      const columns = (
        await main.query(
          `SELECT a.attnum, a.attname, format_type(a.atttypid, a.atttypmod) AS type, t.typname, t.typcategory, t.typtype, a.attnotnull, a.atthasdef,
                  a.attidentity, a.attgenerated, a.atttypmod, t.oid::int AS typoid
             FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
            WHERE a.attrelid = $1 AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum`,
          [oid],
        )
      ).rows as (Column & { attnum: number })[];
      const foreignKeys = (
        await main.query(
          `SELECT c.conkey[1] AS attnum, c.confrelid::regclass::text AS ref, a.attname AS refcol
             FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = c.confkey[1]
            WHERE c.conrelid = $1 AND c.contype = 'f' AND array_length(c.conkey, 1) = 1`,
          [oid],
        )
      ).rows as { attnum: number; ref: string; refcol: string }[];
      const names: string[] = [];
      const values: string[] = [];
      const joins: string[] = [];
      for (const c of columns) {
        if (c.attidentity || c.attgenerated) continue;
        const fk = foreignKeys.find((f) => f.attnum === c.attnum);
        if (fk) {
          const refRows = depth < 3 ? await seedTable(fk.ref.replace(/"/g, ''), depth + 1) : 0;
          if (refRows === 0) continue;
          const alias = `fk${joins.length}`;
          joins.push(
            `JOIN (SELECT ${escapeIdentifier(fk.refcol)} AS v, row_number() OVER () AS rn FROM ${fk.ref} LIMIT ${refRows}) ${alias} ON ${alias}.rn = ((g - 1) % ${refRows}) + 1`,
          );
          names.push(escapeIdentifier(c.attname));
          values.push(`${alias}.v`);
          continue;
        }
        if (c.atthasdef) continue;
        let label: string | null = null;
        if (c.typtype === 'e') {
          label = ((await main.query('SELECT enumlabel FROM pg_enum WHERE enumtypid = $1 ORDER BY enumsortorder LIMIT 1', [c.typoid])).rows[0]?.enumlabel as string) ?? null;
        }
        const value = valueFor(c, label);
        if (value === null) continue;
        names.push(escapeIdentifier(c.attname));
        values.push(value);
      }
      const insert = `INSERT INTO ${qualified(table)} (${names.join(', ')}) SELECT ${values.join(', ')} FROM generate_series(1, ${options.seedRows}) g ${joins.join(' ')}`;
      const sql = names.length === 0 ? `INSERT INTO ${qualified(table)} SELECT FROM generate_series(1, ${options.seedRows}) g` : insert;
      try {
        const result = await main.query(sql);
        await main.query(`ANALYZE ${qualified(table)}`);
        const rows = result.rowCount ?? 0;
        seeded.set(table, rows);
        run.seeded.push({ table, rows, error: null });
        return rows;
      } catch (error) {
        run.seeded.push({ table, rows: 0, error: message(error) });
        return 0;
      }
    };

    let currentFile: string | null = null;
    let existingTables = new Set<string>();
    for (const step of steps) {
      if (step.file !== currentFile) {
        // tables present when a file starts are the ones its statements can block (those it creates are new)
        currentFile = step.file;
        existingTables = new Set((await main.query(TABLES_SQL)).rows.map((r) => displayName(String(r.nspname), String(r.relname))));
      }
      if (NOT_REPLAYED.has(step.kind)) continue;
      if (/^\s*(SET|RESET)\s+(LOCAL\s+|SESSION\s+)?(lock_timeout|statement_timeout)\b/i.test(step.text)) continue;
      if (OUTSIDE_SCRATCH.has(step.kind)) {
        measured.set(step.key, { locks: [], ms: 0, rows: null, error: null, observedBy: 'backend', skipped: 'acts outside the scratch database: not run' });
        continue;
      }
      if (Date.now() - started > options.budgetMs) {
        measured.set(step.key, { locks: [], ms: 0, rows: null, error: null, observedBy: 'backend', skipped: 'time budget for the scratch run used up' });
        continue;
      }
      let rows: number | null = null;
      if (SEED_KINDS.has(step.kind)) {
        for (const table of step.tables) {
          const n = await seedTable(table, 0).catch(() => 0);
          rows = Math.max(rows ?? 0, n);
        }
        if (step.tables.length > 0) options.progress?.(`measuring ${step.kind} on ${step.tables.join(', ')}`);
      }
      const locks = new LockCollector(existingTables);
      let ms = 0;
      let error: string | null = null;
      let observedBy: MeasuredStatement['observedBy'] = 'backend';
      let rewritten: string[] | null = null;
      const runOutside = async () => {
        observedBy = 'observer';
        let done = false;
        // A fast statement can finish between two polls. Hold its tables first, so it must queue for its lock in
        // pg_locks (granted = false) where the observer reads the mode it asks for, then let it run.
        const gated =
          step.tables.length > 0 &&
          (await observer.query(`BEGIN; LOCK TABLE ${step.tables.map(qualified).join(', ')} IN ACCESS EXCLUSIVE MODE NOWAIT`).then(
            () => true,
            async () => {
              await observer.query('ROLLBACK').catch(() => {});
              return false;
            },
          ));
        let t0 = performance.now();
        const running = main.query(step.text).then(
          () => {
            done = true;
          },
          (e) => {
            done = true;
            error = message(e);
          },
        );
        if (gated) {
          const gateDeadline = performance.now() + 2000;
          while (!done && performance.now() < gateDeadline) {
            const waiting = (await observer.query(WAITING_LOCKS_SQL, [mainPid]).catch(() => ({ rows: [] }))).rows;
            if (waiting.length > 0) {
              locks.add(waiting);
              break;
            }
            await new Promise((r) => setTimeout(r, 2));
          }
          await observer.query('COMMIT').catch(() => {});
          t0 = performance.now();
        }
        while (!done) {
          locks.add((await observer.query(LOCKS_SQL, [mainPid]).catch(() => ({ rows: [] }))).rows);
          await new Promise((r) => setTimeout(r, 5));
        }
        await running;
        ms = Math.round(performance.now() - t0);
      };
      if (step.nonTransactional) {
        await runOutside();
      } else {
        await main.query('BEGIN');
        await main.query(`SET LOCAL statement_timeout = ${Math.max(1, Math.floor(timeout))}`);
        // a new relfilenode after the statement means PostgreSQL rewrote the table
        const fileNodes = async () =>
          (await main.query(RELFILENODE_SQL, [step.tables.map(qualified)])).rows.map((r) => `${displayName(String(r.nspname), String(r.relname))}:${r.relfilenode}`);
        const nodesBefore = step.tables.length > 0 ? await fileNodes() : [];
        const t0 = performance.now();
        let retryOutside = false;
        try {
          await main.query(step.text);
          ms = Math.round(performance.now() - t0);
          locks.add((await main.query(LOCKS_SQL, [mainPid])).rows);
          if (nodesBefore.length > 0) {
            const after = new Set(await fileNodes());
            rewritten = nodesBefore.filter((n) => !after.has(n)).map((n) => n.slice(0, n.lastIndexOf(':')));
          }
          await main.query('COMMIT');
        } catch (e) {
          ms = Math.round(performance.now() - t0);
          await main.query('ROLLBACK').catch(() => {});
          if ((e as { code?: string }).code === '25001') retryOutside = true;
          else error = message(e);
        }
        if (retryOutside) await runOutside();
      }
      run.statementsRun++;
      measured.set(step.key, { locks: locks.list(), ms, rows, error, observedBy, ...(rewritten ? { rewritten } : {}) });
    }
  } catch (error) {
    const code = (error as { code?: string }).code;
    run.error = { code: created ? 'SCRATCH_RUN_FAILED' : code === '42501' ? 'NO_CREATEDB_PRIVILEGE' : 'SCRATCH_CREATE_FAILED', message: message(error) };
  } finally {
    for (const c of clients) await c.end().catch(() => {});
    if (admin && created) {
      try {
        await admin.query(`DROP DATABASE IF EXISTS ${escapeIdentifier(database)} WITH (FORCE)`);
        run.dropped = true;
      } catch {
        try {
          await admin.query(`DROP DATABASE IF EXISTS ${escapeIdentifier(database)}`);
          run.dropped = true;
        } catch (error) {
          run.error ??= { code: 'SCRATCH_DROP_FAILED', message: `could not drop ${database}: ${message(error)}` };
        }
      }
    } else run.dropped = true;
    await admin?.end().catch(() => {});
    run.durationMs = Date.now() - started;
  }
  return { run, measured };
}

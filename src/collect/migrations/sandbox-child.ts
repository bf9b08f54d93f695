// The sandbox process: PGlite (PostgreSQL compiled to WebAssembly, no host files, programs or network) applies the
// migrations one statement at a time and reports the locks each one held. It runs in its own process because a
// statement blocks the WebAssembly thread (statement_timeout does not fire in PGlite): the parent kills it on time
// or memory. Protocol: see SandboxRequest / SandboxReply in sandbox-protocol.ts.
import { readdirSync } from 'node:fs';
import { lstat, readFile, rename, writeFile } from 'node:fs/promises';
import { setPriority } from 'node:os';
import { gunzipSync } from 'node:zlib';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { type LockMode, lockModeFromPgLocks, strongerLock } from '../../analyze/sql/types.js';
import type { MeasuredStatement } from '../../facts/migrations.js';
import type { SandboxReply, SandboxRequest, SandboxStep, SeededTable } from './sandbox-protocol.js';

const { escapeIdentifier, escapeLiteral } = pg;

type Row = Record<string, unknown>;

/** The files of the named tables (a text[] SQL expression). */
const relfilenodeSql = (tables: string) => `SELECT 'node' AS k, n.nspname, c.relname, NULL AS relkind, NULL AS mode, c.relfilenode
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.oid = ANY (SELECT to_regclass(t) FROM unnest(${tables}) t)`;

/**
 * After the statement, one query: the locks this session holds (k = 'lock'), the named tables' files (k = 'node') and
 * one k = 'alive' row: a PGlite left broken (COPY ... TO PROGRAM inside a DO block) answers without rows or errors.
 */
const afterSql = (tables: string) => `SELECT 'lock' AS k, n.nspname, c.relname, c.relkind::text AS relkind, l.mode, NULL::oid AS relfilenode
  FROM pg_locks l JOIN pg_class c ON c.oid = l.relation JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE l.pid = pg_backend_pid() AND l.locktype = 'relation' AND l.granted
    AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
  UNION ALL ${relfilenodeSql(tables)}
  UNION ALL SELECT 'alive', NULL, NULL, NULL, NULL, NULL`;

const nodeKey = (r: Row): string => `${displayName(String(r.nspname), String(r.relname))}:${r.relfilenode}`;

const TABLES_SQL = `SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'`;

/** A cached data directory larger than this is not trusted. */
const MAX_DATA_DIR_BYTES = 200_000_000;

/**
 * The lowest CPU priority for the whole process, so a load test running at the same time is measured on a machine the
 * sandbox does not compete for. On Linux the nice value belongs to each thread: the threads Node started before this
 * line are lowered one by one, and later ones inherit it from the main thread.
 */
function lowerPriority(): void {
  const LOWEST = 19;
  try {
    setPriority(LOWEST);
    for (const tid of readdirSync('/proc/self/task')) setPriority(Number(tid), LOWEST);
  } catch {
    // not Linux, or /proc is not mounted: the main thread's priority is what can be done
  }
}
lowerPriority();

function send(reply: SandboxReply): Promise<void> {
  // resolves once the message is written, so the parent sees it before a long statement blocks this thread
  return new Promise((resolve) => process.send?.(reply, undefined, {}, () => resolve()) ?? resolve());
}

function message(error: unknown): string {
  return String((error as Error)?.message ?? error).split('\n')[0] ?? 'error';
}

function displayName(schema: string, relation: string): string {
  return schema === 'public' ? relation : `${schema}.${relation}`;
}

function qualified(table: string): string {
  const dot = table.indexOf('.');
  return dot < 0 ? escapeIdentifier(table) : `${escapeIdentifier(table.slice(0, dot))}.${escapeIdentifier(table.slice(dot + 1))}`;
}

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
  attnum: number;
  attname: string;
  type: string;
  typname: string;
  typcategory: string;
  typtype: string;
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

class Sandbox {
  private readonly seeded = new Map<string, number>();
  private currentFile: string | null = null;
  private existingTables = new Set<string>();

  constructor(private readonly db: PGlite) {}

  private async rows(sql: string, params?: unknown[]): Promise<Row[]> {
    return (await this.db.query<Row>(sql, params)).rows;
  }

  /** Fills an empty table with `target` rows (after its single-column foreign-key parents). */
  async seedTable(table: string, targets: Record<string, number>, fallback: number, depth: number, log: SeededTable[]): Promise<number> {
    const known = this.seeded.get(table);
    if (known !== undefined) return known;
    this.seeded.set(table, 0); // cycles in foreign keys: seed each table once
    const oidRow = (await this.rows('SELECT to_regclass($1)::oid AS oid', [qualified(table)]))[0];
    const oid = oidRow?.oid === null || oidRow?.oid === undefined ? null : Number(oidRow.oid);
    if (oid === null) return 0;
    const target = Math.max(0, Math.floor(targets[table] ?? fallback));
    const existing = Number((await this.rows(`SELECT count(*)::int AS n FROM (SELECT 1 FROM ${qualified(table)} LIMIT ${Math.max(1, target)}) s`))[0]?.n ?? 0);
    if (existing > 0 || target === 0) {
      this.seeded.set(table, existing);
      return existing;
    }
    const columns = (await this.rows(
      `SELECT a.attnum, a.attname, format_type(a.atttypid, a.atttypmod) AS type, t.typname, t.typcategory, t.typtype, a.atthasdef,
              a.attidentity, a.attgenerated, a.atttypmod, t.oid::int AS typoid
         FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
        WHERE a.attrelid = $1 AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum`,
      [oid],
    )) as unknown as Column[];
    const foreignKeys = (await this.rows(
      `SELECT c.conkey[1] AS attnum, c.confrelid::regclass::text AS ref, a.attname AS refcol
         FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = c.confkey[1]
        WHERE c.conrelid = $1 AND c.contype = 'f' AND array_length(c.conkey, 1) = 1`,
      [oid],
    )) as { attnum: number; ref: string; refcol: string }[];
    const names: string[] = [];
    const values: string[] = [];
    const joins: string[] = [];
    for (const c of columns) {
      if (c.attidentity || c.attgenerated) continue;
      const fk = foreignKeys.find((f) => f.attnum === c.attnum);
      if (fk) {
        const refRows = depth < 3 ? await this.seedTable(fk.ref.replace(/"/g, ''), targets, fallback, depth + 1, log) : 0;
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
        label = ((await this.rows('SELECT enumlabel FROM pg_enum WHERE enumtypid = $1 ORDER BY enumsortorder LIMIT 1', [c.typoid]))[0]?.enumlabel as string) ?? null;
      }
      const value = valueFor(c, label);
      if (value === null) continue;
      names.push(escapeIdentifier(c.attname));
      values.push(value);
    }
    const sql =
      names.length === 0
        ? `INSERT INTO ${qualified(table)} SELECT FROM generate_series(1, ${target}) g`
        : `INSERT INTO ${qualified(table)} (${names.join(', ')}) SELECT ${values.join(', ')} FROM generate_series(1, ${target}) g ${joins.join(' ')}`;
    try {
      const result = await this.db.query(sql);
      await this.db.query(`ANALYZE ${qualified(table)}`);
      const rows = result.affectedRows ?? 0;
      this.seeded.set(table, rows);
      log.push({ table, rows, error: null });
      return rows;
    } catch (error) {
      log.push({ table, rows: 0, error: message(error) });
      return 0;
    }
  }

  async step(step: SandboxStep, targets: Record<string, number>, fallback: number): Promise<{ measured: MeasuredStatement; seeded: SeededTable[]; healthy: boolean }> {
    const seeded: SeededTable[] = [];
    if (step.file !== this.currentFile) {
      // tables present when a file starts are the ones its statements can block (those it creates are new)
      this.currentFile = step.file;
      this.existingTables = new Set((await this.rows(TABLES_SQL)).map((r) => displayName(String(r.nspname), String(r.relname))));
    }
    let rows: number | null = null;
    if (step.seed) {
      await send({ op: 'phase', phase: 'seed' });
      for (const table of step.tables) rows = Math.max(rows ?? 0, await this.seedTable(table, targets, fallback, 0, seeded).catch(() => 0));
    }
    const locks = new LockCollector(this.existingTables);
    let rewritten: string[] | undefined;
    let error: string | null = null;
    let observedBy: MeasuredStatement['observedBy'] = 'backend';
    let ms = 0;
    let answered = false; // a query after the statement answered: the sandbox is still responsive
    const runOutside = async () => {
      // PGlite has one connection: what a statement that commits on its own (CONCURRENTLY, VACUUM) locks cannot be read
      observedBy = 'none';
      await send({ op: 'phase', phase: 'statement' });
      const t0 = performance.now();
      try {
        await this.db.exec(step.text);
      } catch (e) {
        error = message(e);
      }
      ms = Math.round(performance.now() - t0);
    };
    if (step.nonTransactional) await runOutside();
    else {
      // Three round trips per statement (each costs milliseconds in PGlite): the table files before; BEGIN with the
      // statement; then, in one query, the locks held and the table files after (a new relfilenode means PostgreSQL
      // rewrote the table), with the COMMIT.
      const tables = `ARRAY[${step.tables.map((t) => escapeLiteral(qualified(t))).join(', ')}]::text[]`;
      const nodesBefore = step.tables.length > 0 ? (await this.rows(relfilenodeSql(tables))).map(nodeKey) : [];
      await send({ op: 'phase', phase: 'statement' });
      const t0 = performance.now();
      let retryOutside = false;
      try {
        await this.db.exec(`BEGIN;\n${step.text}`);
        ms = Math.round(performance.now() - t0);
        const [after] = await this.db.exec(`${afterSql(tables)};\nCOMMIT`);
        const rowsAfter = (after?.rows ?? []) as Row[];
        answered = rowsAfter.some((r) => r.k === 'alive');
        locks.add(rowsAfter.filter((r) => r.k === 'lock'));
        if (nodesBefore.length > 0) {
          const now = new Set(rowsAfter.filter((r) => r.k === 'node').map(nodeKey));
          rewritten = nodesBefore.filter((n) => !now.has(n)).map((n) => n.slice(0, n.lastIndexOf(':')));
        }
      } catch (e) {
        ms = Math.round(performance.now() - t0);
        await this.db.exec('ROLLBACK').catch(() => {});
        if ((e as { code?: string }).code === '25001') retryOutside = true;
        else error = message(e);
      }
      if (retryOutside) await runOutside();
    }
    return { measured: { locks: locks.list(), ms, rows, error, observedBy, ...(rewritten ? { rewritten } : {}) }, seeded, healthy: answered || (await this.healthy()) };
  }

  /** A statement can leave PGlite answering nothing (COPY ... TO PROGRAM does): then later measurements would be empty. */
  async healthy(): Promise<boolean> {
    try {
      return (await this.rows('SELECT 1 AS ok'))[0]?.ok === 1;
    } catch {
      return false;
    }
  }
}

async function readCachedDataDir(path: string): Promise<Blob | null> {
  try {
    const info = await lstat(path);
    if (!info.isFile() || info.size > MAX_DATA_DIR_BYTES) return null;
    const bytes = await readFile(path);
    return bytes.length > MAX_DATA_DIR_BYTES ? null : new Blob([bytes]);
  } catch {
    return null;
  }
}

/** The build's gzipped data directory, bounded before and after decompression; null when absent or damaged. */
async function readPrebuiltDataDir(path: string): Promise<Blob | null> {
  try {
    const info = await lstat(path);
    if (!info.isFile() || info.size > MAX_DATA_DIR_BYTES / 4) return null;
    return new Blob([gunzipSync(await readFile(path), { maxOutputLength: MAX_DATA_DIR_BYTES })]);
  } catch {
    return null;
  }
}

async function start(prebuiltPath: string | null, cachePath: string | null): Promise<{ db: PGlite; cache: 'prebuilt' | 'loaded' | 'written' | 'none' }> {
  const prebuilt = prebuiltPath ? await readPrebuiltDataDir(prebuiltPath) : null;
  if (prebuilt) {
    try {
      return { db: await PGlite.create({ relaxedDurability: true, loadDataDir: prebuilt }), cache: 'prebuilt' };
    } catch {
      // damaged: the user's cache, or initdb, below
    }
  }
  const cached = cachePath ? await readCachedDataDir(cachePath) : null;
  if (cached) {
    try {
      return { db: await PGlite.create({ relaxedDurability: true, loadDataDir: cached }), cache: 'loaded' };
    } catch {
      // a damaged cache: start from initdb below
    }
  }
  const db = await PGlite.create({ relaxedDurability: true });
  if (!cachePath) return { db, cache: 'none' };
  try {
    // the fresh cluster, before any migration ran: later runs load it instead of running initdb (faster, less memory)
    const dump = Buffer.from(await (await db.dumpDataDir('none')).arrayBuffer());
    const temp = `${cachePath}.${process.pid}.tmp`;
    await writeFile(temp, dump, { flag: 'wx', mode: 0o600 });
    await rename(temp, cachePath);
    return { db, cache: 'written' };
  } catch {
    return { db, cache: 'none' };
  }
}

let sandbox: Sandbox | null = null;

process.on('message', async (raw) => {
  const request = raw as SandboxRequest;
  try {
    if (request.op === 'start') {
      const t0 = performance.now();
      const { db, cache } = await start(request.prebuiltPath, request.cachePath);
      sandbox = new Sandbox(db);
      const version = String((await db.query<{ v: string }>('SELECT version() AS v')).rows[0]?.v ?? 'PostgreSQL (PGlite)');
      await send({ op: 'ready', version, ms: Math.round(performance.now() - t0), cache });
    } else if (request.op === 'step') {
      if (!sandbox) throw new Error('sandbox not started');
      await send({ op: 'result', ...(await sandbox.step(request.step, request.targets, request.fallbackRows)) });
    }
  } catch (error) {
    await send({ op: 'failed', message: message(error) });
  }
});
process.on('disconnect', () => process.exit(0));

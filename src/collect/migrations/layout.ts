// Finds SQL migrations and their apply order for the common tools (Prisma, Drizzle, Flyway, golang-migrate, dbmate,
// Supabase, sqitch, plain directories), and how each tool runs a file (transaction or not).
import type { Dirent } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { TransactionWrap } from '../../analyze/sql/types.js';
import { readRegularFile } from '../../safe-file.js';
import type { MigrationTool } from './types.js';

/** Most files we list from one directory (a migrations dir with more is not a migrations dir). */
const MAX_DIR_ENTRIES = 10_000;
/** Bytes read to sniff a file's format (dbmate markers, sqitch.plan, journals). */
const MAX_META_BYTES = 1_000_000;

export interface FoundMigration {
  /** Absolute path. */
  path: string;
  wrap: TransactionWrap;
  wrapReason: string;
}

export interface MigrationLayout {
  tool: MigrationTool;
  /** Absolute directory. */
  dir: string;
  files: FoundMigration[];
}

// Directories tried, in order, when migrations.dir is not configured.
export const CANDIDATE_DIRS = [
  'prisma/migrations',
  'supabase/migrations',
  'drizzle',
  'db/migrations',
  'db/migration',
  'migrations',
  'src/main/resources/db/migration',
  'database/migrations',
  'sql',
];

const FLYWAY_VERSIONED = /^V(\d+(?:[._]\d+)*)__.+\.sql$/i;
const FLYWAY_REPEATABLE = /^R__.+\.sql$/i;
const DOWN_FILE = /(?:^|[._-])down\.sql$/i;

const WRAP: Record<MigrationTool, { wrap: TransactionWrap; reason: string }> = {
  prisma: { wrap: 'implicit', reason: 'Prisma sends migration.sql as one multi-statement query (an implicit transaction)' },
  drizzle: { wrap: 'transaction', reason: 'drizzle-kit migrate applies pending migrations inside one transaction' },
  flyway: { wrap: 'transaction', reason: 'Flyway runs each PostgreSQL migration in a transaction' },
  'golang-migrate': { wrap: 'implicit', reason: 'golang-migrate sends the file as one multi-statement query (an implicit transaction)' },
  dbmate: { wrap: 'transaction', reason: 'dbmate wraps each migration in a transaction unless "transaction:false"' },
  supabase: { wrap: 'transaction', reason: 'the Supabase CLI runs each migration file in its own transaction' },
  sqitch: { wrap: 'none', reason: 'sqitch runs deploy scripts with psql, statement by statement (only explicit BEGIN counts)' },
  plain: { wrap: 'none', reason: 'unknown runner: only explicit BEGIN/COMMIT counts' },
};

export function naturalCompare(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true, sensitivity: 'base' });
}

function flywayVersion(name: string): number[] {
  return (FLYWAY_VERSIONED.exec(name)?.[1] ?? '').split(/[._]/).map(Number);
}

function compareVersions(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

async function entries(dir: string): Promise<Dirent[]> {
  try {
    const list = await readdir(dir, { withFileTypes: true });
    return list.slice(0, MAX_DIR_ENTRIES);
  } catch {
    return [];
  }
}

async function isFile(path: string): Promise<boolean> {
  // lstat: a symlink could point outside the repository
  return lstat(path).then(
    (s) => s.isFile(),
    () => false,
  );
}

async function readSmall(path: string): Promise<string | null> {
  try {
    return (await readRegularFile(path, { maxBytes: MAX_META_BYTES, follow: false })).toString('utf8');
  } catch {
    return null;
  }
}

/** Reads the head of a file only (sniffing markers in a possibly huge file). */
async function readHead(path: string, bytes = 4096): Promise<string> {
  return readRegularFile(path, { maxBytes: bytes, follow: false, truncate: true }).then(
    (b) => b.toString('utf8'),
    () => '',
  );
}

function found(tool: MigrationTool, dir: string, paths: string[]): MigrationLayout | null {
  if (paths.length === 0) return null;
  const { wrap, reason } = WRAP[tool];
  return { tool, dir, files: paths.map((path) => ({ path, wrap, wrapReason: reason })) };
}

async function prismaLayout(dir: string): Promise<MigrationLayout | null> {
  const dirs = (await entries(dir)).filter((e) => e.isDirectory()).map((e) => e.name);
  const paths: string[] = [];
  for (const name of dirs.sort(naturalCompare)) {
    const file = join(dir, name, 'migration.sql');
    if (await isFile(file)) paths.push(file);
  }
  return found('prisma', dir, paths);
}

async function drizzleLayout(dir: string): Promise<MigrationLayout | null> {
  const journal = await readSmall(join(dir, 'meta', '_journal.json'));
  if (journal === null) return null;
  let tags: string[] = [];
  try {
    const parsed = JSON.parse(journal) as { entries?: { idx?: number; tag?: string }[] };
    tags = (parsed.entries ?? [])
      .filter((e) => typeof e.tag === 'string' && !/[/\\]/.test(e.tag))
      .sort((a, b) => (a.idx ?? 0) - (b.idx ?? 0))
      .map((e) => e.tag as string);
  } catch {
    return null;
  }
  const paths: string[] = [];
  for (const tag of tags) if (await isFile(join(dir, `${tag}.sql`))) paths.push(join(dir, `${tag}.sql`));
  return found('drizzle', dir, paths);
}

/** sqitch.plan: one change per line ("name [deps] date planner <email> # note"); pragmas, tags and comments skipped. */
export function sqitchChanges(plan: string): string[] {
  const names: string[] = [];
  for (const raw of plan.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('%') || line.startsWith('#') || line.startsWith('@')) continue;
    const name = line.split(/\s+/)[0] ?? '';
    if (!name || name.includes('..') || isAbsolute(name) || names.includes(name)) continue;
    names.push(name);
  }
  return names;
}

async function sqitchLayout(root: string): Promise<MigrationLayout | null> {
  const plan = await readSmall(join(root, 'sqitch.plan'));
  if (plan === null) return null;
  const dir = join(root, 'deploy');
  const paths: string[] = [];
  for (const name of sqitchChanges(plan)) if (await isFile(join(dir, `${name}.sql`))) paths.push(join(dir, `${name}.sql`));
  return found('sqitch', dir, paths);
}

async function sqlFilesLayout(dir: string, hint: MigrationTool | null): Promise<MigrationLayout | null> {
  const names = (await entries(dir)).filter((e) => e.isFile() && /\.sql$/i.test(e.name)).map((e) => e.name);
  if (names.length === 0) return null;
  const versioned = names.filter((n) => FLYWAY_VERSIONED.test(n));
  if (versioned.length > 0) {
    versioned.sort((a, b) => compareVersions(flywayVersion(a), flywayVersion(b)) || naturalCompare(a, b));
    // repeatable migrations run after the versioned ones, by description
    const repeatable = names.filter((n) => FLYWAY_REPEATABLE.test(n)).sort(naturalCompare);
    return found(
      'flyway',
      dir,
      [...versioned, ...repeatable].map((n) => join(dir, n)),
    );
  }
  const ups = names.filter((n) => /\.up\.sql$/i.test(n));
  if (ups.length > 0)
    return found(
      'golang-migrate',
      dir,
      ups.sort(naturalCompare).map((n) => join(dir, n)),
    );
  const ordered = names.filter((n) => !DOWN_FILE.test(n)).sort(naturalCompare);
  let tool: MigrationTool = hint ?? 'plain';
  if (tool === 'plain') {
    for (const n of ordered.slice(0, 5)) if (/^--\s*migrate:up\b/im.test(await readHead(join(dir, n)))) tool = 'dbmate';
  }
  return found(
    tool,
    dir,
    ordered.map((n) => join(dir, n)),
  );
}

async function layoutOf(dir: string, root: string): Promise<MigrationLayout | null> {
  const rel = relative(root, dir).split(sep).join('/');
  if (await readSmall(join(dir, 'meta', '_journal.json'))) return drizzleLayout(dir);
  if (rel.endsWith('prisma/migrations') || (await entries(dir)).some((e) => e.isDirectory() && !e.name.startsWith('.'))) {
    const prisma = await prismaLayout(dir);
    if (prisma) return prisma;
  }
  if (await isFile(join(root, 'sqitch.plan'))) {
    if (resolve(dir) === resolve(root, 'deploy') || resolve(dir) === resolve(root)) return sqitchLayout(root);
  }
  return sqlFilesLayout(dir, rel.endsWith('supabase/migrations') ? 'supabase' : null);
}

/**
 * Find the migrations: in the configured directory (relative to the repo), or by trying the usual places.
 * Returns null when there are none.
 */
export async function findMigrations(root: string, configuredDir: string | null): Promise<MigrationLayout | null> {
  if (configuredDir) return layoutOf(resolve(root, configuredDir), root);
  const sqitch = await sqitchLayout(root);
  if (sqitch) return sqitch;
  for (const candidate of CANDIDATE_DIRS) {
    const layout = await layoutOf(join(root, candidate), root);
    if (layout) return layout;
  }
  return null;
}

export interface UpSection {
  script: string;
  /** Line in the file where the script starts. */
  firstLine: number;
  /** dbmate "-- migrate:up transaction:false" */
  transaction: boolean;
}

/** dbmate files hold "-- migrate:up" and "-- migrate:down" sections: only the up section is applied. */
export function dbmateUpSection(text: string): UpSection | null {
  const lines = text.split('\n');
  const up = lines.findIndex((l) => /^--\s*migrate:up\b/i.test(l));
  if (up < 0) return null;
  let down = lines.findIndex((l, i) => i > up && /^--\s*migrate:down\b/i.test(l));
  if (down < 0) down = lines.length;
  return {
    script: lines.slice(up + 1, down).join('\n'),
    firstLine: up + 2,
    transaction: !/transaction:\s*false/i.test(lines[up] ?? ''),
  };
}

/** Flyway per-script config (V1__x.sql.conf) can turn the transaction off. */
export async function flywayScriptTransaction(path: string): Promise<boolean | null> {
  const conf = await readSmall(`${path}.conf`);
  if (conf === null) return null;
  const m = /^\s*executeInTransaction\s*=\s*(true|false)\s*$/im.exec(conf);
  return m ? m[1]?.toLowerCase() === 'true' : null;
}

// Finds SQL migrations and their apply order for the common tools (Prisma, Drizzle, Flyway, golang-migrate, dbmate,
// Supabase, sqitch, plain directories), and how each tool runs a file (transaction or not).
import type { Dirent } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { type FileClass, folderClass } from '../../analyze/file-class.js';
import type { TransactionWrap } from '../../analyze/sql/types.js';
import type { MigrationTool } from '../../facts/migrations.js';
import { readRegularFile } from '../../safe-file.js';
import { indexFor, type RepoIndex } from '../repo-index.js';

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
  /** How the set was found: the configuration that names it, or the tree search. */
  foundBy?: string;
}

// Directories tried, in order, when migrations.dir is not configured.
const CANDIDATE_DIRS = [
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
  knex: { wrap: 'transaction', reason: 'Knex runs each migration in a transaction unless it exports config = { transaction: false }' },
  rails: { wrap: 'transaction', reason: 'Rails runs each migration in a transaction unless it calls disable_ddl_transaction!' },
  django: { wrap: 'transaction', reason: 'Django runs each migration in a transaction unless it sets atomic = False' },
  alembic: { wrap: 'transaction', reason: 'Alembic runs the upgrade in a transaction unless the operations are in an autocommit_block()' },
  plain: { wrap: 'none', reason: 'unknown runner: only explicit BEGIN/COMMIT counts' },
};

function naturalCompare(a: string, b: string): number {
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

const KNEX_FILE = /^[\w-]+\.(?:js|cjs|mjs|ts)$/;

/** A Knex migration exports up(knex) and calls knex.schema / knex.raw (a JS file in a migrations folder is not enough). */
async function isKnexMigration(path: string): Promise<boolean> {
  const head = await readHead(path, 16 * 1024);
  return /\b(?:exports\.up|export\s+(?:async\s+)?function\s+up|export\s+const\s+up|up\s*[:=(])/.test(head) && /\bknex\s*\.\s*(?:schema|raw)\b|\bKnex\b/.test(head);
}

// Rails (db/migrate/20240101000000_x.rb), Django (app/migrations/0001_x.py), Alembic (versions/*.py next to env.py),
// Knex (migrations/*.js|ts exporting up(knex)).
async function codeLayout(dir: string, rel: string): Promise<MigrationLayout | null> {
  const names = (await entries(dir)).filter((e) => e.isFile()).map((e) => e.name);
  if (/(^|\/)db\/migrate$/.test(rel)) {
    const rb = names.filter((n) => /^\d+_\w+\.rb$/.test(n)).sort(naturalCompare);
    return found(
      'rails',
      dir,
      rb.map((n) => join(dir, n)),
    );
  }
  if (/(^|\/)migrations$/.test(rel) && names.includes('__init__.py')) {
    const py = names.filter((n) => /^\d{4}_\w+\.py$/.test(n)).sort(naturalCompare);
    return found(
      'django',
      dir,
      py.map((n) => join(dir, n)),
    );
  }
  const scripts = names.filter((n) => KNEX_FILE.test(n)).sort();
  if (scripts.length > 0 && (await isKnexMigration(join(dir, scripts[0] as string)))) {
    // Knex applies files in the order of their names
    return found(
      'knex',
      dir,
      scripts.map((n) => join(dir, n)),
    );
  }
  if (/(^|\/)versions$/.test(rel) && (await isFile(join(dir, '..', 'env.py')))) {
    const py = names.filter((n) => n.endsWith('.py') && !n.startsWith('__'));
    return found(
      'alembic',
      dir,
      (await alembicOrder(dir, py)).map((n) => join(dir, n)),
    );
  }
  return null;
}

/** An Alembic file's revision id, from its head. */
export async function alembicRevision(path: string): Promise<string | null> {
  return /^revision\s*(?::[^=]*)?=\s*['"]([^'"]+)['"]/m.exec(await readHead(path, 8192))?.[1] ?? null;
}

/** Alembic revisions in apply order: follow down_revision from the base; files outside the chain come last by name. */
async function alembicOrder(dir: string, names: string[]): Promise<string[]> {
  const byDown = new Map<string, string>();
  const revisionOf = new Map<string, string>();
  for (const name of names) {
    const head = await readHead(join(dir, name), 8192);
    const revision = /^revision\s*(?::[^=]*)?=\s*['"]([^'"]+)['"]/m.exec(head)?.[1];
    const down = /^down_revision\s*(?::[^=]*)?=\s*(?:['"]([^'"]+)['"]|None)/m.exec(head);
    if (!revision || !down) continue;
    revisionOf.set(name, revision);
    byDown.set(down[1] ?? '', name);
  }
  const ordered: string[] = [];
  let next = byDown.get('');
  while (next && !ordered.includes(next) && ordered.length < names.length) {
    ordered.push(next);
    next = byDown.get(revisionOf.get(next) ?? '\0');
  }
  return [...ordered, ...names.filter((n) => !ordered.includes(n)).sort(naturalCompare)];
}

async function layoutOf(dir: string, root: string): Promise<MigrationLayout | null> {
  const rel = relative(root, dir).split(sep).join('/');
  const code = await codeLayout(dir, rel);
  if (code) return code;
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

/** Most migration sets reported for one repository. */
const MAX_SETS = 20;

/**
 * Every migration set in the repository, without configuration: the configured directory when there is one; else the
 * directories the ORMs' own configuration names (package.json prisma.schema, --schema in scripts and start commands,
 * drizzle.config out, alembic.ini script_location, Flyway locations), the usual places, and a bounded tree search.
 */
export async function findMigrationSets(root: string, configuredDir: string | null, index?: RepoIndex): Promise<MigrationLayout[]> {
  if (configuredDir) {
    const layout = await layoutOf(resolve(root, configuredDir), root);
    return layout ? [{ ...layout, foundBy: 'migrations.dir' }] : [];
  }
  const sets: MigrationLayout[] = [];
  const add = (layout: MigrationLayout | null, foundBy: string): void => {
    if (!layout || sets.length >= MAX_SETS || sets.some((s) => resolve(s.dir) === resolve(layout.dir))) return;
    sets.push({ ...layout, foundBy });
  };
  add(await sqitchLayout(root), 'sqitch.plan');
  const tree = await walkTree(root, index);
  for (const hint of await configuredDirs(root, tree.configFiles)) add(await layoutOf(hint.dir, root), hint.foundBy);
  for (const candidate of CANDIDATE_DIRS) add(await layoutOf(join(root, candidate), root), 'the usual place');
  for (const dir of tree.candidateDirs) add(await layoutOf(dir, root), 'tree search');
  return sets;
}

/** Folders never searched besides dot folders and those the classification calls test, fixture, vendored or generated. */
const SKIP_DIRS = new Set(['log']);
const SKIPPED_CLASSES = new Set<FileClass>(['test', 'fixture', 'vendored', 'generated']);
const MIGRATION_DIR_NAMES = new Set(['migrations', 'migration', 'migrate', 'drizzle', 'versions']);
const CONFIG_FILE =
  /^(package\.json|knexfile\.(ts|js|mjs|cjs)|drizzle\.config\.(ts|js|mjs|cjs|json)|alembic\.ini|flyway\.(conf|toml)|render\.ya?ml|fly\.toml|Procfile|Dockerfile.*|docker-compose.*\.ya?ml|compose\.ya?ml|railway\.(json|toml)|nixpacks\.toml)$/;
const MAX_WALK_DEPTH = 6;

/**
 * Candidate migration directories and the config files that may name one, from the run's repository walk: folders at
 * most MAX_WALK_DEPTH deep, never inside a skipped folder, and never below a candidate (it is one set).
 */
async function walkTree(root: string, index?: RepoIndex): Promise<{ candidateDirs: string[]; configFiles: string[] }> {
  const walk = await indexFor(root, index).walk();
  const candidateDirs = new Set<string>();
  const configFiles: string[] = [];
  const skipped = new Map<string, boolean>();
  const isSkipped = (name: string): boolean => {
    let answer = skipped.get(name);
    if (answer === undefined) {
      const c = folderClass(name);
      answer = name.startsWith('.') || SKIP_DIRS.has(name) || (c !== null && SKIPPED_CLASSES.has(c));
      skipped.set(name, answer);
    }
    return answer;
  };
  for (const entry of walk.entries) {
    const segments = entry.path.split('/');
    const dirs = segments.slice(0, -1);
    let blocked = false;
    let candidate = -1;
    for (let i = 0; i < dirs.length; i++) {
      const name = dirs[i] as string;
      if (i > MAX_WALK_DEPTH || isSkipped(name)) {
        blocked = true;
        break;
      }
      if (MIGRATION_DIR_NAMES.has(name)) {
        candidate = i;
        break;
      }
    }
    if (blocked) continue;
    if (candidate >= 0) candidateDirs.add(join(root, ...dirs.slice(0, candidate + 1)));
    else if (entry.kind === 'file' && dirs.length <= MAX_WALK_DEPTH && CONFIG_FILE.test(segments[segments.length - 1] as string)) configFiles.push(join(root, ...segments));
  }
  return { candidateDirs: [...candidateDirs].sort(), configFiles: configFiles.sort() };
}

interface DirHint {
  dir: string;
  foundBy: string;
}

/** Directories named by the ORMs' configuration and the app's start commands. */
async function configuredDirs(root: string, configFiles: string[]): Promise<DirHint[]> {
  const hints: DirHint[] = [];
  const inside = (path: string): boolean => !relative(root, path).startsWith('..') && !isAbsolute(relative(root, path));
  const push = (dir: string, foundBy: string): void => {
    if (inside(dir)) hints.push({ dir, foundBy });
  };
  for (const file of configFiles) {
    const text = await readSmall(file);
    if (text === null) continue;
    const base = dirname(file);
    const rel = relative(root, file).split(sep).join('/');
    const name = basename(file);
    // Prisma keeps migrations next to the schema: <schema dir>/migrations (a schema folder holds them inside)
    const prismaDir = (schema: string): string => {
      const path = resolve(base, schema);
      return /\.prisma$/.test(schema) ? join(dirname(path), 'migrations') : join(path, 'migrations');
    };
    if (name === 'package.json') {
      try {
        const pkg = JSON.parse(text) as { prisma?: { schema?: unknown }; scripts?: Record<string, unknown> };
        if (typeof pkg.prisma?.schema === 'string') push(prismaDir(pkg.prisma.schema), `${rel} prisma.schema`);
        for (const script of Object.values(pkg.scripts ?? {}))
          if (typeof script === 'string') for (const schema of schemaFlags(script)) push(prismaDir(schema), `${rel} script --schema`);
      } catch {
        // not JSON: nothing to learn from it
      }
      continue;
    }
    if (name.startsWith('drizzle.config')) {
      const out = /\bout\s*:\s*['"`]([^'"`]+)['"`]/.exec(text)?.[1] ?? /"out"\s*:\s*"([^"]+)"/.exec(text)?.[1] ?? './drizzle';
      push(resolve(base, out), `${rel} out`);
      continue;
    }
    if (name.startsWith('knexfile.')) {
      // migrations: { directory: './db/migrations' } (or a list); Knex's default is ./migrations
      const block = /\bmigrations\s*:\s*\{([^}]*)\}/.exec(text)?.[1] ?? '';
      const dirs = [...(/\bdirectory\s*:\s*(\[[^\]]*\]|['"`][^'"`]+['"`])/.exec(block)?.[1] ?? "'./migrations'").matchAll(/['"`]([^'"`]+)['"`]/g)].map((m) => m[1] ?? '');
      for (const dir of dirs) if (dir) push(resolve(base, dir), `${rel} migrations.directory`);
      continue;
    }
    if (name === 'alembic.ini') {
      const location = /^\s*script_location\s*=\s*(.+?)\s*$/m.exec(text)?.[1];
      if (location && !location.includes(':')) push(join(resolve(base, location.replace(/%\(here\)s/g, '.')), 'versions'), `${rel} script_location`);
      continue;
    }
    if (name.startsWith('flyway.')) {
      const locations = /locations\s*=\s*\[?([^\n\]]+)/.exec(text)?.[1] ?? '';
      for (const loc of locations.split(',')) {
        const m = /filesystem:([^"',\s]+)/.exec(loc);
        if (m?.[1]) push(resolve(base, m[1]), `${rel} locations`);
      }
      continue;
    }
    // render.yaml, fly.toml, Procfile, Dockerfile, compose files: prisma migrate deploy --schema path
    for (const schema of schemaFlags(text)) push(prismaDir(schema.startsWith('/') ? schema.slice(1) : schema), `${rel} --schema`);
  }
  return hints;
}

function schemaFlags(text: string): string[] {
  return [...text.matchAll(/--schema[=\s]+['"]?([^\s'"&;|]+)/g)].map((m) => m[1] ?? '').filter((s) => s && !s.includes('..'));
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

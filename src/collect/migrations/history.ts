// Which migrations the database behind --database-url has already applied, read from the migration tool's own history
// table in a read-only session. An applied migration has already taken its locks: only the pending ones are judged.
import { basename, dirname } from 'node:path';
import type { MigrationTool } from '../../facts/migrations.js';
import { runGit } from '../git.js';
import { withReadOnlySession } from './read-only-session.js';

/** The history table each tool keeps, and the column that names an applied migration. */
const HISTORY: Partial<Record<MigrationTool, { table: string; sql: string }>> = {
  prisma: { table: '_prisma_migrations', sql: 'SELECT migration_name AS id FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL' },
  rails: { table: 'schema_migrations', sql: 'SELECT version::text AS id FROM schema_migrations' },
  dbmate: { table: 'schema_migrations', sql: 'SELECT version::text AS id FROM schema_migrations' },
  supabase: { table: 'supabase_migrations.schema_migrations', sql: 'SELECT version::text AS id FROM supabase_migrations.schema_migrations' },
  'golang-migrate': { table: 'schema_migrations', sql: 'SELECT version::text AS id FROM schema_migrations WHERE NOT dirty' },
  django: { table: 'django_migrations', sql: "SELECT app || ':' || name AS id FROM django_migrations" },
  alembic: { table: 'alembic_version', sql: 'SELECT version_num AS id FROM alembic_version' },
  knex: { table: 'knex_migrations', sql: 'SELECT name AS id FROM knex_migrations' },
  flyway: { table: 'flyway_schema_history', sql: 'SELECT script AS id FROM flyway_schema_history WHERE success' },
};

/** The most history rows read (a bound on a hostile or huge table). */
const MAX_ROWS = 100_000;

export interface AppliedMigrations {
  table: string;
  ids: Set<string>;
}

/**
 * The applied migrations of one tool, or null when the tool keeps no history we read, or the table does not exist
 * (a database this tool never migrated). Throws on connection or query errors: the caller records the reason.
 */
export async function readAppliedMigrations(databaseUrl: string, tool: MigrationTool, timeoutMs: number): Promise<AppliedMigrations | null> {
  const history = HISTORY[tool];
  if (!history) return null;
  return withReadOnlySession(databaseUrl, timeoutMs, async (client) => {
    const exists = await client.query<{ t: string | null }>('SELECT to_regclass($1)::text AS t', [history.table]);
    if (!exists.rows[0]?.t) return null;
    const { rows } = await client.query<{ id: string }>(`${history.sql} LIMIT ${MAX_ROWS}`);
    return { table: history.table, ids: new Set(rows.map((r) => String(r.id))) };
  });
}

/** Leading digits of a file name: Rails, dbmate, Supabase and golang-migrate versions. */
function versionOf(path: string): string | null {
  return /^(\d+)/.exec(basename(path))?.[1] ?? null;
}

/**
 * Whether the file at `path` (absolute, in apply order within its set) is applied. `order` is the set's files in
 * apply order: Alembic and golang-migrate record only the latest version, so everything up to it counts as applied.
 */
export function isApplied(tool: MigrationTool, path: string, applied: AppliedMigrations, order: { path: string; revision?: string | null }[]): boolean {
  switch (tool) {
    case 'prisma':
      return applied.ids.has(basename(dirname(path)));
    case 'rails':
    case 'dbmate':
    case 'supabase': {
      const version = versionOf(path);
      return version !== null && applied.ids.has(version);
    }
    case 'golang-migrate': {
      const version = versionOf(path);
      const latest = Math.max(-1, ...[...applied.ids].map(Number).filter(Number.isFinite));
      return version !== null && Number(version) <= latest;
    }
    case 'django':
      return applied.ids.has(`${basename(dirname(dirname(path)))}:${basename(path).replace(/\.py$/, '')}`);
    case 'alembic': {
      const head = order.findIndex((f) => f.revision && applied.ids.has(f.revision));
      const at = order.findIndex((f) => f.path === path);
      return head >= 0 && at >= 0 && at <= head;
    }
    case 'knex':
    case 'flyway':
      return applied.ids.has(basename(path));
    default:
      return false;
  }
}

/** Blob id per path (relative to `dir`) of the tree at `ref`, limited to `dir`; null when git cannot read it. */
async function blobsAt(dir: string, ref: string, timeoutMs: number): Promise<Map<string, string> | null> {
  const listed = await runGit(dir, ['ls-tree', '-r', '-z', ref, '--', '.'], { timeoutMs, maxBytes: 64 * 1024 * 1024 });
  if (listed.code !== 0) return null;
  const blobs = new Map<string, string>();
  for (const entry of listed.stdout.toString('utf8').split('\0')) {
    // "<mode> blob <id>\t<path>"
    const m = /^\d+ blob ([0-9a-f]+)\t(.+)$/s.exec(entry);
    if (m) blobs.set(m[2] as string, m[1] as string);
  }
  return blobs;
}

const PRE_RELEASE_TAGS = ['*-rc*', '*-alpha*', '*-beta*', '*-pre*', '*-canary*', '*-next*', '*-dev*', '*-snapshot*', '*.rc*', '*rc[0-9]*'];

export interface ReleasedMigrations {
  tag: string;
  /** Paths relative to the set's directory that are in the tag with the same content as at HEAD. */
  paths: Set<string>;
  /** Paths relative to the set's directory that are in the tag with other content than at HEAD, and the tag's blob id. */
  edited: Map<string, string>;
}

/**
 * Without a database, the latest release tag reachable from HEAD stands in for the deployed version: a migration that
 * shipped unchanged in it has already run wherever that release runs. Null when the directory is not in a git work
 * tree, HEAD has no tag behind it, or git fails: then every file is judged.
 */
export async function releasedMigrations(dir: string, timeoutMs: number): Promise<ReleasedMigrations | null> {
  // a pre-release (1.2.0-rc.1, v2-beta) may run on staging only: the release that production runs is a final one
  const preReleases = PRE_RELEASE_TAGS.flatMap((glob) => ['--exclude', glob]);
  const described = await runGit(dir, ['describe', '--tags', '--abbrev=0', ...preReleases, 'HEAD'], { timeoutMs, maxBytes: 64 * 1024 });
  const tag = described.code === 0 ? described.stdout.toString('utf8').trim() : '';
  if (!tag || tag.startsWith('-') || /[\s\0]/.test(tag)) return null;
  const [atTag, atHead] = await Promise.all([blobsAt(dir, `refs/tags/${tag}`, timeoutMs), blobsAt(dir, 'HEAD', timeoutMs)]);
  if (!atTag || !atHead) return null;
  const paths = new Set([...atTag].filter(([path, blob]) => atHead.get(path) === blob).map(([path]) => path));
  const edited = new Map([...atTag].filter(([path, blob]) => atHead.has(path) && atHead.get(path) !== blob));
  return { tag, paths, edited };
}

/** The text of one blob (a migration as it shipped in a release), or null when git cannot read it or it is larger than maxBytes. */
export async function readBlob(dir: string, blob: string, timeoutMs: number, maxBytes: number): Promise<string | null> {
  if (!/^[0-9a-f]{40,64}$/.test(blob)) return null;
  const read = await runGit(dir, ['cat-file', 'blob', blob], { timeoutMs, maxBytes });
  return read.code === 0 ? read.stdout.toString('utf8') : null;
}

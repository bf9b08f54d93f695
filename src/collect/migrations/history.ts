// Which migrations the database behind --database-url has already applied, read from the migration tool's own history
// table in a read-only session. An applied migration has already taken its locks: only the pending ones are judged.
import { basename, dirname } from 'node:path';
import type { MigrationTool } from '../../facts/migrations.js';
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

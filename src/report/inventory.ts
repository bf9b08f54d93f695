// Inventory tables for the report (env vars, migrations with lock modes, dependencies with advisories), built here
// from the facts: collectors record what they saw, the report decides how to tabulate it. Evidence and protection
// still arrive as ready-made tables in their facts (`inventory`/`inventories`) and are shown as they are.

import { otherDatabaseName } from '../analyze/sql/migration-findings.js';
import { LOCK_MODES } from '../analyze/sql/types.js';
import type { DeployFacts } from '../facts/deploy.js';
import type { DepsFacts } from '../facts/deps.js';
import type { EnvFacts } from '../facts/env.js';
import { type Facts, isCollectorFailure } from '../facts/index.js';
import type { MigrationStatement, MigrationsFacts } from '../facts/migrations.js';

export interface InventoryTable {
  title: string;
  columns: string[];
  rows: string[][];
  /** Rows left out for size (the facts keep the full list). */
  omitted?: number;
}

const MAX_ROWS = 500;

/** A table a facts file saved before the report built them (it carried `inventory`/`inventories`). */
function savedTables(value: unknown): InventoryTable[] {
  const { inventory, inventories } = value as { inventory?: InventoryTable; inventories?: InventoryTable[] };
  return Array.isArray(inventories) && inventories.length > 0 ? inventories : inventory ? [inventory] : [];
}

const place = (list: string[]) => (list.length === 0 ? '-' : list.slice(0, 3).join(', ') + (list.length > 3 ? ` (+${list.length - 3})` : ''));

export function envInventory(env: EnvFacts): InventoryTable {
  return {
    title: 'Environment variables',
    columns: ['Variable', 'Read at', 'Documented at'],
    // a variable only dev tooling or an operator script reads says so, rather than looking unread
    rows: env.vars.map((v) => [
      v.name,
      v.readAt.length > 0 || !v.toolingReadAt?.length ? place(v.readAt) : `${place(v.toolingReadAt)} (tooling or script only)`,
      v.wellKnown && v.documentedAt.length === 0 ? 'set by the runtime' : place(v.documentedAt),
    ]),
  };
}

function migrationsTable(statements: MigrationStatement[]): InventoryTable {
  const rows = statements.map((s) => {
    const measuredTables = s.measured?.locks.filter((l) => l.kind === 'table') ?? [];
    const strongest = (measuredTables.length > 0 ? measuredTables : s.locks).reduce<{ name: string; mode: string } | null>((best, l) => {
      const name = 'relation' in l ? l.relation : l.table;
      return !best || LOCK_MODES.indexOf(l.mode) > LOCK_MODES.indexOf(best.mode as (typeof LOCK_MODES)[number]) ? { name, mode: l.mode } : best;
    }, null);
    const ms = s.measured && !s.measured.skipped ? String(s.measured.ms) : '';
    return [s.file, String(s.line), s.sql.length > 80 ? `${s.sql.slice(0, 79)}…` : s.sql, strongest?.mode ?? '', strongest?.name ?? '', ms];
  });
  return { title: 'Migrations', columns: ['file', 'line', 'statement', 'lock mode', 'table', 'measured ms'], rows };
}

/** One table per migration set (a monorepo can hold several); one empty table when there is no set. */
export function migrationsInventories(migrations: MigrationsFacts): InventoryTable[] {
  const { sets, files, statements } = migrations;
  const tables = sets.map((set) => {
    const paths = new Set(files.filter((f) => f.path.startsWith(set.dir === '.' ? '' : `${set.dir}/`)).map((f) => f.path));
    const table = migrationsTable(statements.filter((s) => paths.has(s.file)));
    // with --database-url (or a release tag) the statements are the pending files' only: the title says how many are already applied
    const entry = migrations.history?.find((h) => h.dir === set.dir && (h.table || h.release));
    const applied = entry?.applied ?? 0;
    const where = entry?.release ? `in release ${entry.release}; --database-url reads the real history` : 'on the database';
    const title = sets.length > 1 ? `Migrations: ${set.dir} (${set.tool})` : table.title;
    if (set.otherDatabase) return { ...table, title: `${title}: ${set.files} files on ${otherDatabaseName(set)}, not judged (the lock rules model PostgreSQL)` };
    return { ...table, title: applied > 0 ? `${title}, pending only (${applied} already applied ${where})` : title };
  });
  return tables.length > 0 ? tables : [migrationsTable([])];
}

/** Locked packages with their advisories, vulnerable first; null when the facts predate `packages`. */
export function depsInventory(deps: DepsFacts): InventoryTable | null {
  if (!Array.isArray(deps.packages)) return null;
  const advisoriesOf = new Map<string, string[]>();
  for (const v of deps.vulnerable) {
    const k = `${v.lockfile}\0${v.package}\0${v.version}`;
    advisoriesOf.set(k, [...(advisoriesOf.get(k) ?? []), v.advisory]);
  }
  const rows = deps.packages
    .map((p) => [p.name, p.version, p.ecosystem, p.lockfile, (advisoriesOf.get(`${p.lockfile}\0${p.name}\0${p.version}`) ?? []).join(', ')])
    .sort((a, b) => Number(b[4] !== '') - Number(a[4] !== '') || (a[0] ?? '').localeCompare(b[0] ?? ''));
  return { title: 'Dependencies', columns: ['package', 'version', 'ecosystem', 'lockfile', 'advisories'], rows, omitted: deps.packagesOmitted ?? 0 };
}

/** Deploy steps, rollback paths and health checks with file and line: the handover document's "how do we ship and undo". */
function deployInventory(facts: Pick<DeployFacts, 'deploys' | 'rollback' | 'healthChecks'>): InventoryTable {
  const rows: string[][] = [
    ...facts.deploys.map((d) => ['deploy', `${d.kind}: ${d.name}`, d.text, d.file, String(d.line)]),
    ...facts.rollback.map((r) => ['rollback', r.kind, r.detail, r.file, String(r.line)]),
    ...facts.healthChecks.map((h) => ['health check', h.kind, h.text, h.file, String(h.line)]),
  ];
  return { title: 'Deploy steps and rollback notes', columns: ['step', 'kind', 'what', 'file', 'line'], rows };
}

export function buildInventory(facts: Facts): Record<string, InventoryTable> {
  const out: Record<string, InventoryTable> = {};
  const tablesOf = {
    evidence: savedTables,
    protection: savedTables,
    deploySteps: (v: unknown) => (Array.isArray((v as DeployFacts).deploys) ? [deployInventory(v as DeployFacts)] : savedTables(v)),
    envVars: (v: unknown) => (Array.isArray((v as EnvFacts).vars) ? [envInventory(v as EnvFacts)] : savedTables(v)),
    migrations: (v: unknown) => (Array.isArray((v as MigrationsFacts).sets) ? migrationsInventories(v as MigrationsFacts) : savedTables(v)),
    dependencies: (v: unknown) => {
      const table = depsInventory(v as DepsFacts);
      return table ? [table] : savedTables(v);
    },
  };
  const sources = [
    ['env', 'envVars'],
    ['migrations', 'migrations'],
    ['deps', 'dependencies'],
    ['evidence', 'evidence'],
    ['protection', 'protection'],
    ['deploy', 'deploySteps'],
  ] as const;
  for (const [source, key] of sources) {
    const value = facts.sources[source];
    if (!value || isCollectorFailure(value)) continue;
    // a source with several tables (one per migration set) lists each under key, key-2, key-3...
    tablesOf[key](value).forEach((table, i) => {
      if (!table || !Array.isArray(table.rows)) return;
      out[i === 0 ? key : `${key}-${i + 1}`] = { ...table, rows: table.rows.slice(0, MAX_ROWS), omitted: Math.max(0, table.rows.length - MAX_ROWS) + (table.omitted ?? 0) };
    });
  }
  return out;
}

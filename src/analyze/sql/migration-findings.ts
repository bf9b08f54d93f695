// Shared by the migrations checks: one finding per statement hazard of a given check, and the reason when there is nothing to judge.

import type { MigrationSet, MigrationStatement, MigrationsFacts } from '../../facts/migrations.js';
import type { FindingDraft } from '../../types.js';
import { statementTarget } from './evidence.js';
import type { Hazard, HazardCheck } from './types.js';

const ENGINE_TITLE = { mysql: 'MySQL', sqlite: 'SQLite', sqlserver: 'SQL Server' } as const;

/** "SQLite (Gemfile: gem "sqlite3")": the database a set runs on when it is not PostgreSQL, and what says so. */
export function otherDatabaseName(set: MigrationSet): string {
  return set.otherDatabase ? `${ENGINE_TITLE[set.otherDatabase.engine]} (${set.otherDatabase.evidence})` : 'PostgreSQL';
}

/** Why a migrations check has nothing to judge, or null when there are migration files. */
export function noMigrationsReason(migrations: MigrationsFacts): string | null {
  const applied = migrations.files.filter((f) => f.applied).length;
  if (applied > 0 && applied === migrations.files.length) {
    const releases = [...new Set((migrations.history ?? []).map((h) => h.release).filter(Boolean))].join(', ');
    if (releases)
      return `all ${applied} migration files shipped unchanged in release ${releases} (the latest tag behind HEAD), so they already ran where it is deployed; pass --database-url to judge by the database's migration history instead`;
    const tables = [...new Set((migrations.history ?? []).map((h) => h.table).filter(Boolean))].join(', ');
    return `all ${applied} migration files are already applied on the database (read from ${tables}): nothing left to run`;
  }
  if (migrations.files.length > 0) return null;
  const other = migrations.sets.flatMap((set) => (set.otherDatabase ? [`${set.dir} runs on ${otherDatabaseName(set)}`] : []));
  if (other.length > 0) return `${other.join('; ')}: the lock rules model PostgreSQL, so these migrations are listed, not judged`;
  return 'no migrations found in the repository (searched the ORM configuration, the usual places and the tree); set migrations.dir if they live elsewhere';
}

/** "while ACCESS EXCLUSIVE on orders (taken on line 2) is held": the transaction keeps an earlier lock through this statement. */
export function heldNote(s: MigrationStatement): string {
  if (!s.held) return '';
  return ` while ${s.held.mode} on ${s.held.table} from line ${s.held.line} is held (same transaction)`;
}

export function hazardFindings(
  migrations: MigrationsFacts,
  check: HazardCheck,
  title: (s: MigrationStatement, h: Hazard) => string,
  extra: (s: MigrationStatement, h: Hazard) => Record<string, unknown> = () => ({}),
): FindingDraft[] {
  return migrations.statements.flatMap((s) =>
    s.hazards
      .filter((h) => h.check === check)
      .map((h, i) => ({
        target: statementTarget(s),
        // one statement can break a rule twice (two int key columns): the position keeps them apart
        key: `${h.rule}:${h.table}${i > 0 ? `:${i}` : ''}`,
        title: title(s, h),
        evidence: {
          file: s.file,
          line: s.line,
          statement: s.sql,
          rule: h.rule,
          table: h.table,
          problem: h.message,
          ...(s.held ? { heldLock: `${s.held.mode} on ${s.held.table} from line ${s.held.line}` } : {}),
          ...extra(s, h),
        },
        fix: h.fix,
      })),
  );
}

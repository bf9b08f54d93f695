import { noMigrationsReason } from '../../analyze/sql/migration-findings.js';
import { lockTimeoutHow } from '../../analyze/sql/runner-fixes.js';
import type { MigrationStatement } from '../../facts/migrations.js';
import { defineCheck, notApplicable } from '../define.js';

export default defineCheck(
  {
    id: 'migrations.no-lock-timeout',
    title: 'Migrations that take ACCESS EXCLUSIVE locks set lock_timeout',
    failureTitle: 'A migration takes ACCESS EXCLUSIVE locks without lock_timeout',
    requires: ['migrations'],
    fix: "Start the migration with SET lock_timeout = '2s'; (SET LOCAL inside its transaction) and retry it when it times out.",
    docs: {
      why: 'Even an instant ALTER TABLE needs ACCESS EXCLUSIVE, and it waits behind any long-running query on the table; while it waits, every new query on the table queues behind it. Without lock_timeout a migration that hits one slow report query takes the whole app down until that query ends. With lock_timeout it fails fast and can be retried. statement_timeout also bounds the wait. The check looks at each migration file on its own: the setting must be in effect before the first statement that takes ACCESS EXCLUSIVE on an existing table, as the parse tree shows or as pg_locks showed in the migrations sandbox (which also covers DO blocks and functions).',
      fix: "Add at the top of the migration: `SET lock_timeout = '2s';` (or `SET LOCAL lock_timeout = '2s';` inside the migration's transaction), optionally `SET statement_timeout = '5min';`, and let the deploy retry the migration a few times on `lock_timeout` errors.",
      references: ['https://www.postgresql.org/docs/current/runtime-config-client.html#GUC-LOCK-TIMEOUT', 'https://squawkhq.com/docs/require-timeout-settings'],
    },
  },
  ({ migrations }) => {
    const none = noMigrationsReason(migrations);
    if (none) return notApplicable(none);
    // tables a statement holds ACCESS EXCLUSIVE on that existed before its file: from the parse tree, or seen in pg_locks (DO blocks, functions)
    const exclusiveTables = (s: MigrationStatement): string[] => [
      ...new Set([
        ...s.locks.filter((l) => l.mode === 'ACCESS EXCLUSIVE' && !l.newTable).map((l) => l.table),
        ...(s.measured?.locks ?? []).filter((l) => l.mode === 'ACCESS EXCLUSIVE' && l.existing === true).map((l) => l.relation),
      ]),
    ];
    const drafts = [];
    for (const file of migrations.files) {
      const unprotected = migrations.statements.filter((s) => s.file === file.path && !s.lockTimeout && exclusiveTables(s).length > 0);
      const first = unprotected[0];
      if (!first) continue;
      const tables = [...new Set(unprotected.flatMap(exclusiveTables))];
      drafts.push({
        target: file.path,
        title: `${file.path} takes ACCESS EXCLUSIVE on ${tables.join(', ')} without lock_timeout`,
        evidence: { file: file.path, line: first.line, statement: first.sql, tables, statements: unprotected.length },
        fix: `${lockTimeoutHow(file.tool, first.inTransaction).replace(/^start/, 'Start')} (before line ${first.line} of ${file.path}) and retry the migration when it times out.`,
      });
    }
    return drafts;
  },
);

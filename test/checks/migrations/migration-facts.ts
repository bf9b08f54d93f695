// Fact builder for migrations check tests: real SQL through the real parser and rules, as the collector does it.
import { analyzeMigrationFile, newMigrationSetState } from '../../../src/analyze/sql/locks.ts';
import { loadSqlParser, parseSqlScript } from '../../../src/analyze/sql/parse.ts';
import type { TransactionWrap } from '../../../src/analyze/sql/types.ts';
import { statementFact } from '../../../src/collect/migrations/index.ts';
import type { Facts } from '../../../src/facts/index.ts';
import type { MeasuredStatement, MigrationFile, MigrationStatement, MigrationsFacts, MigrationTool } from '../../../src/facts/migrations.ts';
import { factsWith } from '../../support/facts.ts';

await loadSqlParser();

export const CREATE_ORDERS = 'CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint, total int, note text);';

/** Files in apply order; wrap says how the tool runs them. measured adds scratch results by statement text. */
export function migrationFacts(
  files: Record<string, string>,
  options: { wrap?: TransactionWrap; measured?: Record<string, MeasuredStatement>; tool?: MigrationTool; pgVersion?: number } = {},
): MigrationsFacts {
  const tool = options.tool ?? 'plain';
  const set = newMigrationSetState({ tool, pgVersion: options.pgVersion });
  const outFiles: MigrationFile[] = [];
  const statements: MigrationStatement[] = [];
  const wrap = options.wrap ?? 'none';
  for (const [path, sql] of Object.entries(files)) {
    const parsed = parseSqlScript(sql);
    if ('error' in parsed) {
      outFiles.push({ path, bytes: sql.length, tool, wrap, wrapReason: 'test', statements: 0, error: { message: parsed.error.message, line: parsed.error.line } });
      continue;
    }
    outFiles.push({
      path,
      bytes: sql.length,
      tool,
      wrap,
      wrapReason: wrap === 'none' ? 'test runner' : 'dbmate wraps each migration in a transaction',
      statements: parsed.statements.length,
      error: null,
    });
    for (const a of analyzeMigrationFile(parsed.statements, wrap, set)) {
      if (a.dml && a.hazards.length === 0) continue;
      const measured = Object.entries(options.measured ?? {}).find(([text]) => a.sql.includes(text))?.[1] ?? null;
      statements.push(statementFact(path, a, measured));
    }
  }
  return {
    tool,
    dir: 'db/migrations',
    sets: [{ tool, dir: 'db/migrations', foundBy: 'test', files: outFiles.length, statements: statements.length }],
    files: outFiles,
    statements,
    omittedStatements: 0,
    dynamic: null,
    pgVersion: set.pgVersion,
  };
}

export function migrationsCase(files: Record<string, string>, options?: Parameters<typeof migrationFacts>[1]): Facts {
  return factsWith({ migrations: migrationFacts(files, options) });
}

export function noMigrations(): Facts {
  return factsWith({ migrations: { ...migrationFacts({}), files: [] } });
}

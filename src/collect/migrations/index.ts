// The migrations collector: finds the SQL migrations, parses every statement with the PostgreSQL parser, applies the
// static lock rules, and, when a database URL is given, measures the real locks on a scratch database.
import { existsSync } from 'node:fs';
import { lstat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { analyzeMigrationFile, isNonTransactional, newMigrationSetState } from '../../analyze/sql/locks.js';
import { loadSqlParser, type ParsedStatement, parseSqlScript } from '../../analyze/sql/parse.js';
import { LOCK_MODES, type StatementAnalysis, type TransactionWrap } from '../../analyze/sql/types.js';
import type { AuditPlan } from '../../plan.js';
import { readRegularFile } from '../../safe-file.js';
import { defineCollector } from '../collector.js';
import { CANDIDATE_DIRS, dbmateUpSection, findMigrations, flywayScriptTransaction } from './layout.js';
import { measureOnScratch, type ScratchStep } from './scratch.js';
import type { MeasuredStatement, MigrationFile, MigrationStatement, MigrationsFacts } from './types.js';

/** Files parsed at most (a bigger set is listed as omitted). */
const MAX_FILES = 2000;
/** A larger file is not parsed: the parser needs ~150x its size in memory for one huge statement. */
export const MAX_FILE_BYTES = 2_000_000;

/** The facts kept for one analysed statement (the analysis minus parser-only fields), with its measurement if any. */
export function statementFact(file: string, a: StatementAnalysis, measured: MeasuredStatement | null): MigrationStatement {
  return {
    file,
    line: a.line,
    kind: a.kind,
    sql: a.sql,
    locks: a.locks,
    rewrites: a.rewrites,
    inTransaction: a.inTransaction,
    lockTimeout: a.lockTimeout,
    hazards: a.hazards,
    measured,
  };
}
/** All files together: past this, the remaining files are listed but not parsed. */
const MAX_TOTAL_BYTES = 50_000_000;
/** Statements kept in the facts. */
const MAX_STATEMENTS = 5000;
/** Whole scratch-database run. */
const SCRATCH_BUDGET_MS = 10 * 60_000;

/** What a repository with migrations shows: a sqitch plan or one of the directories the layout finder tries. */
const LAYOUT_HINTS = ['sqitch.plan', ...CANDIDATE_DIRS];

function rootOf(plan: AuditPlan): string {
  return resolve(plan.repo ?? process.cwd());
}

function missingInput(plan: AuditPlan): string | null {
  if (!plan.repo && !plan.migrationsDir) return 'no migrations found: set migrations.dir or pass --repo';
  const root = rootOf(plan);
  if (plan.migrationsDir) return existsSync(resolve(root, plan.migrationsDir)) ? null : `migrations.dir ${plan.migrationsDir} does not exist`;
  return LAYOUT_HINTS.some((p) => existsSync(join(root, p))) ? null : 'no migrations found: set migrations.dir or pass --repo';
}

function displayPath(root: string, path: string): string {
  return relative(root, path).split(sep).join('/');
}

export const migrationsCollector = defineCollector({
  source: 'migrations',
  title: 'Database migrations',
  readsRepo: true,
  stages: ['migrations'],
  missingInput,
  async collect(run) {
    const root = rootOf(run.plan);
    const layout = await findMigrations(root, run.plan.migrationsDir);
    if (!layout) {
      // an empty migrations directory is a project without migrations yet, not a failure
      const dir = run.plan.migrationsDir ?? '.';
      return { tool: 'plain', dir, files: [], statements: [], omittedStatements: 0, dynamic: null, inventory: inventoryOf([]) } satisfies MigrationsFacts;
    }
    await loadSqlParser();
    const set = newMigrationSetState();
    const files: MigrationFile[] = [];
    const statements: MigrationStatement[] = [];
    const steps: ScratchStep[] = [];
    let omitted = 0;
    let totalBytes = 0;
    for (const found of layout.files.slice(0, MAX_FILES)) {
      const path = displayPath(root, found.path);
      const file: MigrationFile = { path, bytes: 0, wrap: found.wrap, wrapReason: found.wrapReason, statements: 0, error: null };
      files.push(file);
      let text: string;
      try {
        const info = await lstat(found.path);
        file.bytes = info.size;
        if (!info.isFile()) throw new Error('not a regular file');
        if (info.size > MAX_FILE_BYTES) {
          file.error = { message: `${info.size} bytes: over the ${MAX_FILE_BYTES}-byte limit, not analysed; review it by hand`, line: null };
          continue;
        }
        if (totalBytes + info.size > MAX_TOTAL_BYTES) {
          file.error = { message: `the migrations together exceed ${MAX_TOTAL_BYTES} bytes: this file was not analysed`, line: null };
          continue;
        }
        totalBytes += info.size;
        text = (await readRegularFile(found.path, { maxBytes: MAX_FILE_BYTES, follow: false })).toString('utf8');
      } catch (error) {
        file.error = { message: `cannot read: ${(error as Error).message}`, line: null };
        continue;
      }
      let script = text;
      let firstLine = 1;
      if (layout.tool === 'dbmate') {
        const up = dbmateUpSection(text);
        if (up) {
          script = up.script;
          firstLine = up.firstLine;
          if (!up.transaction) {
            file.wrap = 'none';
            file.wrapReason = 'dbmate "transaction:false": no transaction';
          }
        }
      }
      const parsed = parseSqlScript(script, firstLine);
      if ('error' in parsed) {
        file.error = { message: parsed.error.message, line: parsed.error.line };
        continue;
      }
      file.statements = parsed.statements.length;
      if (layout.tool === 'flyway') file.wrap = await flywayWrap(found.path, parsed.statements, file);
      const analyses = analyzeMigrationFile(parsed.statements, file.wrap as TransactionWrap, set);
      analyses.forEach((a, i) => {
        const statement = parsed.statements[i] as ParsedStatement;
        const key = a.dml || statements.length >= MAX_STATEMENTS ? -1 : statements.length;
        if (key < 0) omitted++;
        else statements.push(statementFact(path, a, null));
        steps.push({ key, kind: a.kind, text: statement.text, nonTransactional: a.nonTransactional, tables: a.locks.filter((l) => !l.newTable).map((l) => l.table), file: path });
      });
    }
    run.progress(`${files.length} files, ${statements.length} statements parsed`);
    let dynamic: MigrationsFacts['dynamic'] = null;
    if (run.plan.databaseConfigured && run.secrets.databaseUrl) {
      run.progress('applying migrations to a scratch database');
      const timeout = Math.max(1000, run.net.timeoutMs * 3);
      const { run: scratch, measured } = await measureOnScratch(steps, {
        databaseUrl: run.secrets.databaseUrl,
        seedRows: run.plan.seedRows,
        statementTimeoutMs: timeout,
        budgetMs: SCRATCH_BUDGET_MS,
        progress: run.progress,
      });
      dynamic = scratch;
      for (const [key, m] of measured) {
        const statement = key >= 0 ? statements[key] : undefined;
        if (statement) statement.measured = m;
      }
    }
    return {
      tool: layout.tool,
      dir: displayPath(root, layout.dir) || '.',
      files,
      statements,
      omittedStatements: omitted + Math.max(0, layout.files.length - MAX_FILES),
      dynamic,
      inventory: inventoryOf(statements),
    } satisfies MigrationsFacts;
  },
});

// Flyway runs a script without a transaction when its .conf says so, or when every statement cannot run in one.
async function flywayWrap(path: string, parsed: ParsedStatement[], file: MigrationFile): Promise<TransactionWrap> {
  const configured = await flywayScriptTransaction(path);
  if (configured === false) {
    file.wrapReason = 'Flyway executeInTransaction=false in the script config';
    return 'none';
  }
  if (configured === null && parsed.length > 0 && parsed.every((s) => isNonTransactional(s))) {
    file.wrapReason = 'Flyway runs a script of only non-transactional statements outside a transaction';
    return 'none';
  }
  return 'transaction';
}

function inventoryOf(statements: MigrationStatement[]): MigrationsFacts['inventory'] {
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

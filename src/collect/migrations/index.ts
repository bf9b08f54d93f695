// The migrations collector: finds the SQL migrations, parses every statement with the PostgreSQL parser, applies the
// static lock rules, and measures the real locks by applying the migrations in a sandbox (PGlite, see sandbox.ts).
// SQL text kept in the facts has its credentials masked.
import { existsSync } from 'node:fs';
import { lstat } from 'node:fs/promises';
import { relative, resolve, sep } from 'node:path';
import { analyzeCodeMigration, type CodeTool } from '../../analyze/sql/code-migrations.js';
import { analyzeMigrationFile, DEFAULT_PG_VERSION, isNonTransactional, newMigrationSetState } from '../../analyze/sql/locks.js';
import { maskSqlSecrets } from '../../analyze/sql/mask-sql.js';
import { loadSqlParser, type ParsedStatement, parseSqlScript } from '../../analyze/sql/parse.js';
import type { StatementAnalysis, TransactionWrap } from '../../analyze/sql/types.js';
import type { MeasuredStatement, MigrationFile, MigrationHistory, MigrationSet, MigrationStatement, MigrationsFacts, MigrationTool } from '../../facts/migrations.js';
import type { Redactor } from '../../mask.js';
import type { AuditPlan } from '../../plan.js';
import { readRegularFile } from '../../safe-file.js';
import { type CollectRun, defineCollector } from '../collector.js';
import { nonPostgresEngine } from './engine.js';
import { isApplied, readAppliedMigrations, readBlob, releasedMigrations } from './history.js';
import { alembicRevision, dbmateUpSection, findMigrationSets, flywayScriptTransaction, type MigrationLayout } from './layout.js';
import { serverMajorVersion } from './pg-version.js';
import { measureInSandbox, type SandboxStepInput } from './sandbox.js';

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
    held: a.held,
    hazards: a.hazards,
    measured,
  };
}
/** All files together: past this, the remaining files are listed but not parsed. */
const MAX_TOTAL_BYTES = 50_000_000;
/** Statements kept in the facts. */
const MAX_STATEMENTS = 5000;
/** Whole sandbox run. */
const SANDBOX_BUDGET_MS = 10 * 60_000;

/** SQL (or a message quoting it) with its credentials masked; the raw values go to the run's redactor for every other sink. */
function maskedSql(text: string, redactor: Redactor): string {
  const { text: masked, secrets } = maskSqlSecrets(text);
  // short or word-like values would mask ordinary words everywhere (a password "postgres"): the facts are masked anyway
  for (const secret of secrets) if (secret.length >= 8 && !/^[A-Za-z]+$/.test(secret)) redactor.add(secret);
  return masked;
}

const CODE_TOOLS = new Set(['rails', 'django', 'alembic', 'knex']);

function rootOf(plan: AuditPlan): string {
  return resolve(plan.repo ?? process.cwd());
}

function missingInput(plan: AuditPlan): string | null {
  if (!plan.repo && !plan.migrationsDir) return 'no migrations found: set migrations.dir or pass --repo';
  const root = rootOf(plan);
  if (plan.migrationsDir) return existsSync(resolve(root, plan.migrationsDir)) ? null : `migrations.dir ${plan.migrationsDir} does not exist`;
  // with a repository the collector searches it (ORM configuration, then the tree) and reports what it searched
  return null;
}

/**
 * Reads which migrations of this set the database has applied (read-only) and returns the test for one file; records
 * the set's history (or why it could not be read) either way. Null: judge every file.
 */
async function appliedIn(layout: MigrationLayout, root: string, run: CollectRun, history: MigrationHistory[]): Promise<((path: string) => boolean) | null> {
  const dir = displayPath(root, layout.dir) || '.';
  const entry: MigrationHistory = { dir, table: null, applied: 0, pending: layout.files.length, error: null };
  history.push(entry);
  try {
    const applied = await readAppliedMigrations(run.secrets.databaseUrl as string, layout.tool, Math.max(1000, run.net.timeoutMs));
    if (!applied) return null;
    const order = layout.tool === 'alembic' ? await Promise.all(layout.files.map(async (f) => ({ path: f.path, revision: await alembicRevision(f.path) }))) : [];
    const test = (path: string) => isApplied(layout.tool, path, applied, order);
    entry.table = applied.table;
    entry.applied = layout.files.filter((f) => test(f.path)).length;
    entry.pending = layout.files.length - entry.applied;
    return test;
  } catch (error) {
    entry.error = maskedSql(`could not read the migration history: ${(error as Error).message}`, run.redactor);
    return null;
  }
}

/**
 * Without a database: the files that shipped unchanged in the latest release tag count as applied (recorded with the
 * tag). Null, and no entry, when there is no tag behind HEAD: every file is judged.
 */
async function releasedIn(layout: MigrationLayout, root: string, run: CollectRun, history: MigrationHistory[]): Promise<((path: string) => boolean) | null> {
  const timeoutMs = Math.max(5000, run.net.timeoutMs);
  const released = await releasedMigrations(layout.dir, timeoutMs);
  if (!released) return null;
  // a file edited since the tag without changing what it does (imports sorted, reformatted) shipped all the same
  for (const found of layout.files.slice(0, MAX_FILES)) {
    const rel = relative(layout.dir, found.path).split(sep).join('/');
    const blob = released.edited.get(rel);
    if (!blob) continue;
    const [shipped, now] = await Promise.all([
      readBlob(layout.dir, blob, timeoutMs, MAX_FILE_BYTES),
      readRegularFile(found.path, { maxBytes: MAX_FILE_BYTES, follow: false }).then(
        (b) => b.toString('utf8'),
        () => null,
      ),
    ]);
    const before = shipped === null ? null : migrationSubstance(layout.tool, shipped);
    if (before !== null && now !== null && before === migrationSubstance(layout.tool, now)) released.paths.add(rel);
  }
  const test = (path: string) => released.paths.has(relative(layout.dir, path).split(sep).join('/'));
  const applied = layout.files.filter((f) => test(f.path)).length;
  history.push({ dir: displayPath(root, layout.dir) || '.', table: null, release: released.tag, applied, pending: layout.files.length - applied, error: null });
  return test;
}

/** Parse-tree fields that say where a statement sits, not what it does. */
const POSITION_FIELDS = new Set(['location', 'stmt_location', 'stmt_len']);

/**
 * What a migration does, independent of its formatting: the parse trees of its statements without positions (SQL), or
 * the framework operations it runs with whitespace and quote style evened out (Rails, Django, Alembic, Knex). Null when
 * the SQL does not parse.
 */
function migrationSubstance(tool: MigrationTool, text: string): string | null {
  if (CODE_TOOLS.has(tool)) {
    const code = analyzeCodeMigration(tool as CodeTool, text);
    const even = (sql: string) =>
      sql
        .replace(/'/g, '"')
        .replace(/\s*([()[\]{},=:])\s*/g, '$1')
        .replace(/,([)\]}])/g, '$1');
    return JSON.stringify([code.wrap, code.statements.map((a) => [a.kind, even(a.sql)])]);
  }
  const parsed = parseSqlScript(tool === 'dbmate' ? (dbmateUpSection(text)?.script ?? text) : text);
  if ('error' in parsed) return null;
  return JSON.stringify(
    parsed.statements.map((p) => [p.kind, p.node]),
    (key, value) => (POSITION_FIELDS.has(key) ? undefined : value),
  );
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
  collect: (run) => collectMigrations(run),
});

/**
 * Finds and analyses every migration set; with `measure` (the collector's default) it also applies them in the sandbox.
 * Without it the pass is static only (the benchmark's comparison with squawk, and discovery-only callers).
 */
export async function collectMigrations(run: CollectRun, options: { measure: boolean } = { measure: true }): Promise<MigrationsFacts> {
  const root = rootOf(run.plan);
  const layouts = await findMigrationSets(root, run.plan.migrationsDir, run.plan.repo ? run.repoIndex?.() : undefined);
  if (layouts.length === 0) {
    // an empty migrations directory is a project without migrations yet, not a failure
    const dir = run.plan.migrationsDir ?? '.';
    return {
      tool: 'plain',
      dir,
      sets: [],
      files: [],
      statements: [],
      omittedStatements: 0,
      dynamic: null,
      pgVersion: DEFAULT_PG_VERSION,
    } satisfies MigrationsFacts;
  }
  const pgVersion =
    run.plan.migrationsPgVersion ??
    (run.plan.databaseConfigured && run.secrets.databaseUrl ? await serverMajorVersion(run.secrets.databaseUrl, Math.max(1000, run.net.timeoutMs)) : null) ??
    DEFAULT_PG_VERSION;
  await loadSqlParser();
  const files: MigrationFile[] = [];
  const statements: MigrationStatement[] = [];
  const sets: MigrationSet[] = [];
  const steps: SandboxStepInput[] = [];
  let omitted = 0;
  let totalBytes = 0;
  const fromDatabase = Boolean(run.plan.databaseConfigured && run.secrets.databaseUrl);
  // without a database, a repository's latest release tag says which migrations already ran where it is deployed
  const history: MigrationHistory[] | null = fromDatabase || run.plan.repo ? [] : null;
  for (const [setIndex, layout] of layouts.entries()) {
    const set = newMigrationSetState({ pgVersion, tool: layout.tool });
    const firstStatement = statements.length;
    const firstFile = files.length;
    const other = await nonPostgresEngine(layout, root);
    if (other && other.engine !== 'postgresql') {
      // PostgreSQL's lock modes say nothing about MySQL or SQLite DDL: list the set, judge none of it
      sets.push({
        tool: layout.tool,
        dir: displayPath(root, layout.dir) || '.',
        foundBy: layout.foundBy ?? 'migrations.dir',
        files: layout.files.length,
        statements: 0,
        otherDatabase: { engine: other.engine, evidence: other.evidence },
      });
      continue;
    }
    const applied = !history ? null : fromDatabase ? await appliedIn(layout, root, run, history) : await releasedIn(layout, root, run, history);
    for (const found of layout.files.slice(0, Math.max(0, MAX_FILES - firstFile))) {
      const path = displayPath(root, found.path);
      const file: MigrationFile = { path, bytes: 0, tool: layout.tool, wrap: found.wrap, wrapReason: found.wrapReason, statements: 0, error: null };
      // applied migrations are still replayed in the sandbox (the pending ones need their schema), never judged
      const done = applied?.(found.path) ?? false;
      if (done) file.applied = true;
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
      if (CODE_TOOLS.has(layout.tool)) {
        // Rails, Django and Alembic migrations are read as text, never run: only their hazards are kept
        const code = analyzeCodeMigration(layout.tool as CodeTool, text);
        file.wrap = code.wrap;
        file.wrapReason = code.wrapReason;
        file.statements = code.statements.length;
        if (done) continue;
        for (const a of code.statements) {
          if (statements.length >= MAX_STATEMENTS) omitted++;
          else statements.push(statementFact(path, { ...a, sql: maskedSql(a.sql, run.redactor) }, null));
        }
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
        file.error = { message: maskedSql(parsed.error.message, run.redactor), line: parsed.error.line };
        continue;
      }
      file.statements = parsed.statements.length;
      if (layout.tool === 'flyway') file.wrap = await flywayWrap(found.path, parsed.statements, file);
      const analyses = analyzeMigrationFile(parsed.statements, file.wrap as TransactionWrap, set);
      analyses.forEach((a, i) => {
        const statement = parsed.statements[i] as ParsedStatement;
        // data statements are counted, not listed, unless they are a finding (a backfill)
        const key = done || (a.dml && a.hazards.length === 0) || statements.length >= MAX_STATEMENTS ? -1 : statements.length;
        if (key < 0) omitted += done ? 0 : 1;
        else statements.push(statementFact(path, { ...a, sql: maskedSql(a.sql, run.redactor) }, null));
        // only the first set is applied to the sandbox: two sets are two schemas that may share table names
        if (setIndex === 0)
          steps.push({
            key,
            kind: a.kind,
            text: statement.text,
            nonTransactional: a.nonTransactional,
            tables: a.locks.filter((l) => !l.newTable).map((l) => l.table),
            seed: false,
            file: path,
          });
      });
    }
    omitted += Math.max(0, layout.files.length - (files.length - firstFile));
    sets.push({
      tool: layout.tool,
      dir: displayPath(root, layout.dir) || '.',
      foundBy: layout.foundBy ?? 'migrations.dir',
      files: files.length - firstFile,
      statements: statements.length - firstStatement,
    });
  }
  run.progress(`${files.length} files, ${statements.length} statements parsed`);
  let dynamic: MigrationsFacts['dynamic'] = null;
  // nothing left to judge (every file applied or released): replaying them in the sandbox would measure nothing
  if (options.measure && steps.some((step) => step.key >= 0)) {
    // parsing is over: what is left runs in the sandbox's own process, so a load test may start alongside
    run.inProcessWorkDone?.();
    const { run: sandbox, measured } = await measureInSandbox(steps, {
      seedRows: run.plan.seedRows,
      // read-only: the real tables' row counts, to seed in proportion
      databaseUrl: run.plan.databaseConfigured ? run.secrets.databaseUrl : null,
      statementTimeoutMs: Math.max(1000, run.net.timeoutMs * 3),
      budgetMs: SANDBOX_BUDGET_MS,
      progress: run.progress,
      redactor: run.redactor,
    });
    dynamic = sandbox;
    for (const [key, m] of measured) {
      const statement = key >= 0 ? statements[key] : undefined;
      if (statement) statement.measured = m;
    }
  }
  return {
    tool: layouts[0]?.tool ?? 'plain',
    dir: sets[0]?.dir ?? '.',
    sets,
    files,
    statements,
    omittedStatements: omitted,
    dynamic,
    history: history && (fromDatabase || history.length > 0) ? history : null,
    pgVersion,
  } satisfies MigrationsFacts;
}

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

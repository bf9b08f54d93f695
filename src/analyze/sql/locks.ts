// Static lock analysis of migration statements, modelled on squawk's rules: which lock each statement takes, on which
// table, whether it rewrites or scans the table, and which rule it breaks. Tables created in the same file are new (no rows).
import type { MigrationTool } from '../../facts/migrations.js';
import { embeddedStatements, type ParsedStatement } from './parse.js';
import { batchedBackfill, outsideTransaction } from './runner-fixes.js';
import { blocksWrites, type Hazard, type HeldLock, LOCK_MODES, type LockMode, type StatementAnalysis, strongerLock, type TableLock, type TransactionWrap } from './types.js';

type Node = Record<string, unknown>;

const SQL_PREVIEW_CHARS = 240;

// Functions whose default is computed once for ADD COLUMN (stable or immutable): no table rewrite on PostgreSQL 11+.
const NON_VOLATILE_FUNCTIONS = new Set([
  'now',
  'transaction_timestamp',
  'statement_timestamp',
  'current_timestamp',
  'localtimestamp',
  'current_date',
  'to_timestamp',
  'to_date',
  'make_date',
  'make_timestamp',
  'make_timestamptz',
  'make_interval',
  'lower',
  'upper',
  'concat',
  'jsonb_build_object',
  'json_build_object',
  'jsonb_build_array',
  'json_build_array',
  'array',
  'coalesce',
]);

const ZERO_ARG_FUNCTIONS = new Set(['now', 'transaction_timestamp', 'statement_timestamp', 'current_timestamp', 'localtimestamp', 'current_date']);

// Column types whose implicit default is nextval(): adding one rewrites the table.
const SERIAL_TYPES = new Set(['serial', 'serial4', 'bigserial', 'serial8', 'smallserial', 'serial2']);

const PG_LOCK_BY_NUMBER: Record<number, LockMode> = {
  1: 'ACCESS SHARE',
  2: 'ROW SHARE',
  3: 'ROW EXCLUSIVE',
  4: 'SHARE UPDATE EXCLUSIVE',
  5: 'SHARE',
  6: 'SHARE ROW EXCLUSIVE',
  7: 'EXCLUSIVE',
  8: 'ACCESS EXCLUSIVE',
};

const DML_KINDS = new Set(['InsertStmt', 'UpdateStmt', 'DeleteStmt', 'SelectStmt', 'MergeStmt', 'CopyStmt']);

/** State carried from one migration file to the next (in apply order). */
export interface MigrationSetState {
  /** index name → table, from CREATE INDEX seen so far (DROP INDEX names only the index). */
  indexTables: Map<string, string>;
  /** "table.column" with a validated CHECK (column IS NOT NULL): SET NOT NULL then skips the scan. */
  validatedNotNull: Set<string>;
  /** constraint name → "table.column" of CHECK (column IS NOT NULL) added NOT VALID, awaiting VALIDATE. */
  pendingNotNull: Map<string, string[]>;
  /** Tables created by earlier files: CREATE TABLE IF NOT EXISTS on one of them creates nothing new. */
  createdTables: Set<string>;
  /** "table.constraint" validated without knowing its expression (added in a migration not seen). */
  validatedUnknown: Set<string>;
  /** PostgreSQL major version the migrations run on: decides the version-dependent rules. */
  pgVersion: number;
  /** The tool that runs the migrations: decides how each fix leaves the transaction. */
  tool: MigrationTool;
}

/** The PostgreSQL major version assumed when neither the config nor a database says otherwise (the sandbox's). */
export const DEFAULT_PG_VERSION = 17;

export function newMigrationSetState(options: { pgVersion?: number; tool?: MigrationTool } = {}): MigrationSetState {
  return {
    indexTables: new Map(),
    validatedNotNull: new Set(),
    pendingNotNull: new Map(),
    createdTables: new Set(),
    validatedUnknown: new Set(),
    pgVersion: options.pgVersion ?? DEFAULT_PG_VERSION,
    tool: options.tool ?? 'plain',
  };
}

function obj(value: unknown): Node | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Node) : undefined;
}

function list(value: unknown): Node[] {
  return Array.isArray(value) ? (value.filter((v) => typeof v === 'object' && v !== null) as Node[]) : [];
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** The table name as written, lower-cased, without the default "public." schema. */
function relationName(relation: unknown): string {
  const r = obj(relation);
  if (!r) return '?';
  const name = str(r.relname) ?? '?';
  const schema = str(r.schemaname);
  return schema && schema !== 'public' ? `${schema}.${name}` : name;
}

function namesOf(items: unknown): string[] {
  return list(items).map((i) => str(obj(i.String)?.sval) ?? '');
}

function typeName(columnDef: Node): string {
  const names = namesOf(obj(columnDef.typeName)?.names);
  return (names[names.length - 1] ?? '').toLowerCase();
}

/** Is option `name` on in a parenthesised option list ("(FULL)", "(FULL true)"; "(FULL false)" is off)? */
function optionOn(params: unknown, name: string): boolean {
  const def = list(params)
    .map((p) => obj(p.DefElem) ?? {})
    .find((d) => (str(d.defname) ?? '').toLowerCase() === name);
  if (!def) return false;
  const arg = obj(def.arg);
  if (!arg) return true;
  const sval = str(obj(arg.String)?.sval);
  if (sval !== undefined) return !/^(false|off|0)$/i.test(sval);
  const bool = obj(arg.Boolean);
  if (bool) return bool.boolval === true;
  const int = obj(arg.Integer);
  return int ? (int.ival ?? 0) !== 0 : true;
}

// 32-bit (or smaller) integer types: a key of one overflows at 2,147,483,647 rows (32,767 for smallint).
const SMALL_INT_TYPES = new Set(['int4', 'int2', 'int', 'integer', 'smallint', 'serial', 'serial4', 'smallserial', 'serial2']);

function isArrayType(columnDef: Node): boolean {
  return list(obj(columnDef.typeName)?.arrayBounds).length > 0;
}

/** Does evaluating this default expression call a volatile (or unknown) function? */
export function isVolatileExpression(expr: unknown): boolean {
  if (Array.isArray(expr)) return expr.some(isVolatileExpression);
  const n = obj(expr);
  if (!n) return false;
  for (const [key, value] of Object.entries(n)) {
    if (key === 'FuncCall') {
      const call = obj(value) ?? {};
      const names = namesOf(call.funcname);
      const fn = (names[names.length - 1] ?? '').toLowerCase();
      if (!NON_VOLATILE_FUNCTIONS.has(fn)) return true;
      // now(123) is no known function: unknown means volatile
      if (ZERO_ARG_FUNCTIONS.has(fn) && list(call.args).length > 0) return true;
      if (isVolatileExpression(call.args)) return true;
      continue;
    }
    if (key === 'SubLink') return true;
    if (typeof value === 'object' && isVolatileExpression(value)) return true;
  }
  return false;
}

// Columns a CHECK expression requires to be NOT NULL ("col IS NOT NULL", possibly AND-ed).
function notNullColumns(expr: unknown): string[] {
  const n = obj(expr);
  if (!n) return [];
  const test = obj(n.NullTest);
  if (test && test.nulltesttype === 'IS_NOT_NULL') {
    const fields = namesOf(obj(obj(test.arg)?.ColumnRef)?.fields);
    const col = fields[fields.length - 1];
    return col ? [col] : [];
  }
  const bool = obj(n.BoolExpr);
  if (bool && bool.boolop === 'AND_EXPR') return list(bool.args).flatMap(notNullColumns);
  return [];
}

/** Statements PostgreSQL refuses to run inside a transaction block. */
export function isNonTransactional(statement: Pick<ParsedStatement, 'kind' | 'node'>): boolean {
  const n = statement.node;
  switch (statement.kind) {
    case 'IndexStmt':
      return n.concurrent === true;
    case 'DropStmt':
      return n.concurrent === true;
    case 'ReindexStmt':
      return optionOn(n.params, 'concurrently') || ['REINDEX_OBJECT_SCHEMA', 'REINDEX_OBJECT_DATABASE', 'REINDEX_OBJECT_SYSTEM'].includes(String(n.kind));
    case 'VacuumStmt':
      return n.is_vacuumcmd === true;
    case 'CreatedbStmt':
    case 'DropdbStmt':
    case 'AlterSystemStmt':
    case 'CreateTableSpaceStmt':
    case 'DropTableSpaceStmt':
      return true;
    default:
      return false;
  }
}

function preview(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > SQL_PREVIEW_CHARS ? `${flat.slice(0, SQL_PREVIEW_CHARS - 1)}…` : flat;
}

function withoutSemicolon(text: string): string {
  return text.replace(/;\s*$/, '').trim();
}

function isOff(args: unknown): boolean {
  const first = obj(list(args)[0]?.A_Const);
  if (!first) return false;
  const ival = obj(first.ival);
  if (ival) return (ival.ival ?? 0) === 0;
  const sval = str(obj(first.sval)?.sval);
  return sval !== undefined && /^\s*0+\s*(ms|s|min)?\s*$/i.test(sval);
}

interface FileState {
  created: Set<string>;
  /** An explicit BEGIN is open, and on which line. */
  explicitTx: boolean;
  beginLine: number;
  /** The transaction the tool opened around the file is still open. */
  toolTx: boolean;
  sessionTimeout: boolean;
  localTimeout: boolean;
  /** The strongest write-blocking lock on an existing table taken in the open transaction. */
  held: HeldLock | null;
  /** Constraints added NOT VALID in the open transaction: validating them there keeps the ADD's lock through the scan. */
  notValidInTx: Set<string>;
  /** Constraint names dropped IF EXISTS earlier in the file: re-adding one is retry-safe (once). */
  droppedIfExists: Set<string>;
  /** The file runs outside a transaction with more than one statement: a retry after a partial failure re-runs the first ones. */
  retried: boolean;
}

const BEGIN_KINDS = new Set(['TRANS_STMT_BEGIN', 'TRANS_STMT_START']);
const END_KINDS = new Set(['TRANS_STMT_COMMIT', 'TRANS_STMT_ROLLBACK', 'TRANS_STMT_COMMIT_PREPARED', 'TRANS_STMT_ROLLBACK_PREPARED', 'TRANS_STMT_PREPARE']);

/**
 * Analyse one migration file's statements in order.
 * wrap says how the tool runs the file: inside its own transaction, as one multi-statement query, or statement by statement.
 * Statements of one transaction are judged together: a lock taken early is held until the transaction ends.
 */
export function analyzeMigrationFile(statements: ParsedStatement[], wrap: TransactionWrap, set: MigrationSetState): StatementAnalysis[] {
  const toolTx = wrap === 'transaction' || (wrap === 'implicit' && statements.length > 1);
  const file: FileState = {
    created: new Set(),
    explicitTx: false,
    beginLine: 0,
    toolTx,
    sessionTimeout: false,
    localTimeout: false,
    held: null,
    notValidInTx: new Set(),
    droppedIfExists: new Set(),
    retried: false,
  };
  const analyses = statements.map((s) => {
    const inTransaction = file.toolTx || file.explicitTx;
    file.retried = !inTransaction && (statements.length > 1 || isNonTransactional(s));
    const lockTimeout = file.sessionTimeout || (file.localTimeout && inTransaction);
    const analysis: StatementAnalysis = {
      line: s.line,
      kind: s.kind,
      sql: preview(s.text),
      locks: [],
      rewrites: false,
      inTransaction,
      lockTimeout,
      held: inTransaction ? file.held : null,
      nonTransactional: isNonTransactional(s),
      dml: DML_KINDS.has(s.kind),
      hazards: [],
    };
    analyzeStatement(s, analysis, file, set);
    identifierHazards(s.text, analysis);
    if (analysis.nonTransactional && inTransaction) {
      analysis.hazards.push({
        check: 'concurrent-in-transaction',
        rule: 'ban-concurrent-index-creation-in-transaction',
        table: analysis.locks[0]?.table ?? '?',
        lockMode: null,
        message: `${s.kind === 'VacuumStmt' ? 'VACUUM' : 'this CONCURRENTLY statement'} cannot run inside a transaction block: the migration fails when it runs`,
        fix: `${outsideTransaction(set.tool)}.`,
      });
    }
    if (s.kind === 'TransactionStmt') transactionControl(String(s.node.kind), analysis, file, wrap, set);
    else if (inTransaction) holdLocks(analysis, file);
    return analysis;
  });
  if (file.explicitTx && wrap !== 'transaction') {
    const begin = analyses.find((a) => a.line === file.beginLine && a.kind === 'TransactionStmt');
    begin?.hazards.push({
      check: 'transaction-control',
      rule: 'ban-uncommitted-transaction',
      table: '?',
      lockMode: null,
      message: `BEGIN on line ${file.beginLine} has no COMMIT before the end of the file: the migration's changes and locks stay in an open transaction that the runner may roll back or keep open`,
      fix: 'Add COMMIT; at the end of the file (or remove the BEGIN and let the migration tool manage the transaction)',
    });
  }
  return analyses;
}

// Remember the strongest write-blocking lock on an existing table: it stays held until COMMIT.
function holdLocks(analysis: StatementAnalysis, file: FileState): void {
  for (const l of analysis.locks) {
    if (l.newTable || !blocksWrites(l.mode)) continue;
    if (!file.held || LOCK_MODES.indexOf(l.mode) > LOCK_MODES.indexOf(file.held.mode)) file.held = { table: l.table, mode: l.mode, line: analysis.line };
  }
}

function transactionControl(kind: string, a: StatementAnalysis, file: FileState, wrap: TransactionWrap, set: MigrationSetState): void {
  const tool = set.tool === 'plain' ? 'the migration runner' : set.tool;
  if (BEGIN_KINDS.has(kind)) {
    if (file.explicitTx || (wrap === 'transaction' && file.toolTx)) {
      a.hazards.push({
        check: 'transaction-control',
        rule: 'transaction-nesting',
        table: '?',
        lockMode: null,
        message: file.explicitTx
          ? `BEGIN inside the transaction opened on line ${file.beginLine}: PostgreSQL ignores it with a warning, and the first COMMIT ends both`
          : `BEGIN inside the transaction ${tool} already runs this file in: PostgreSQL ignores it with a warning, and the COMMIT that follows commits ${tool}'s transaction early`,
        fix: file.explicitTx ? 'Remove the inner BEGIN' : `Remove BEGIN/COMMIT from the file: ${tool} already runs it in one transaction`,
      });
    }
    if (!file.explicitTx) file.beginLine = a.line;
    file.explicitTx = true;
    return;
  }
  if (!END_KINDS.has(kind)) return;
  if (!file.explicitTx && file.toolTx) {
    a.hazards.push({
      check: 'transaction-control',
      rule: 'transaction-nesting',
      table: '?',
      lockMode: null,
      message: `${a.sql.replace(/;$/, '')} ends the transaction ${tool} runs this file in: the statements before it are committed even if a later one fails, so a retry re-runs them`,
      fix: `Remove it and let ${tool} commit; split the file into two migrations if the statements must commit separately`,
    });
  } else if (!file.explicitTx && !file.toolTx) {
    a.hazards.push({
      check: 'transaction-control',
      rule: 'transaction-nesting',
      table: '?',
      lockMode: null,
      message: `${a.sql.replace(/;$/, '')} without an open transaction: PostgreSQL only warns, and the statements before it were already committed one by one`,
      fix: 'Remove it, or put BEGIN before the statements it should commit together',
    });
  }
  file.explicitTx = false;
  // a multi-statement query (Prisma, golang-migrate) runs what follows in a new implicit transaction
  file.toolTx = wrap === 'implicit' && file.toolTx;
  file.held = null;
  file.notValidInTx.clear();
  if (!file.toolTx) file.localTimeout = false;
}

// PostgreSQL truncates identifiers to 63 bytes without an error: two long names can become one.
const MAX_IDENTIFIER_BYTES = 63;

function identifierHazards(text: string, a: StatementAnalysis): void {
  const seen = new Set<string>();
  for (const name of identifiersIn(text)) {
    if (Buffer.byteLength(name, 'utf8') <= MAX_IDENTIFIER_BYTES || seen.has(name)) continue;
    seen.add(name);
    a.hazards.push({
      check: 'identifier-too-long',
      rule: 'identifier-too-long',
      table: name,
      lockMode: null,
      message: `the identifier ${name.slice(0, 40)}… is ${Buffer.byteLength(name, 'utf8')} bytes: PostgreSQL silently truncates it to ${MAX_IDENTIFIER_BYTES}, so it may collide with another name and later migrations that use the full name miss it`,
      fix: `Shorten it to ${MAX_IDENTIFIER_BYTES} bytes or fewer`,
    });
  }
}

/** Identifiers of a statement's text (quoted or bare words), skipping strings, comments and dollar-quoted bodies. */
function identifiersIn(text: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (c === "'") {
      i++;
      while (i < text.length && !(text[i] === "'" && text[i + 1] !== "'")) i += text[i] === "'" ? 2 : 1;
      i++;
    } else if (c === '-' && text[i + 1] === '-') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? text.length : close + 2;
    } else if (c === '$' && /^\$[A-Za-z_]*\$/.test(text.slice(i, i + 64))) {
      const tag = /^\$[A-Za-z_]*\$/.exec(text.slice(i, i + 64))?.[0] ?? '$$';
      const close = text.indexOf(tag, i + tag.length);
      i = close < 0 ? text.length : close + tag.length;
    } else if (c === '"') {
      let j = i + 1;
      let name = '';
      while (j < text.length && !(text[j] === '"' && text[j + 1] !== '"')) {
        name += text[j];
        j += text[j] === '"' ? 2 : 1;
      }
      out.push(name);
      i = j + 1;
    } else if (/[A-Za-z_\u0080-\uffff]/.test(c)) {
      let j = i + 1;
      while (j < text.length && /[\w$\u0080-\uffff]/.test(text[j] as string)) j++;
      out.push(text.slice(i, j).toLowerCase());
      i = j;
    } else i++;
  }
  return out;
}

function lock(analysis: StatementAnalysis, file: FileState, table: string, mode: LockMode): TableLock {
  const existing = analysis.locks.find((l) => l.table === table);
  if (existing) {
    existing.mode = strongerLock(existing.mode, mode) ?? mode;
    return existing;
  }
  const entry: TableLock = { table, mode, newTable: file.created.has(table) };
  analysis.locks.push(entry);
  return entry;
}

function hazard(analysis: StatementAnalysis, file: FileState, h: Hazard): void {
  // a table created earlier in this file has no rows and no readers yet: nothing to block or break
  if (file.created.has(h.table)) return;
  analysis.hazards.push(h);
}

function analyzeStatement(s: ParsedStatement, a: StatementAnalysis, file: FileState, set: MigrationSetState): void {
  const n = s.node;
  const sql = withoutSemicolon(s.text);
  switch (s.kind) {
    case 'CreateStmt':
    case 'CreateTableAsStmt': {
      const rel = s.kind === 'CreateStmt' ? n.relation : obj(n.into)?.rel;
      const table = relationName(rel);
      const noOp = n.if_not_exists === true && set.createdTables.has(table) && !file.created.has(table);
      if (!noOp) file.created.add(table);
      set.createdTables.add(table);
      const dropsOnCommit = n.oncommit === 'ONCOMMIT_DROP' && obj(rel)?.relpersistence === 't';
      if (n.if_not_exists !== true && !dropsOnCommit) notIdempotent(a, file, table, `CREATE TABLE ${table}`, 'CREATE TABLE IF NOT EXISTS');
      if (s.kind === 'CreateStmt') newColumnHazards(n.tableElts, table, a, set);
      for (const elt of list(n.tableElts)) {
        const constraints = [...list(obj(elt.ColumnDef)?.constraints), ...(elt.Constraint ? [elt] : [])];
        for (const c of constraints) {
          const pk = obj(obj(c.Constraint)?.pktable);
          if (pk) lock(a, file, relationName(pk), 'SHARE ROW EXCLUSIVE');
        }
      }
      return;
    }
    case 'IndexStmt': {
      const table = relationName(n.relation);
      const index = str(n.idxname);
      if (index) set.indexTables.set(index, table);
      const concurrent = n.concurrent === true;
      const l = lock(a, file, table, concurrent ? 'SHARE UPDATE EXCLUSIVE' : 'SHARE');
      if (index && n.if_not_exists !== true) notIdempotent(a, file, table, `CREATE INDEX ${index}`, 'CREATE INDEX ... IF NOT EXISTS');
      if (!concurrent) {
        a.rewrites = true;
        hazard(a, file, {
          check: 'blocking-lock',
          rule: 'require-concurrent-index-creation',
          table,
          lockMode: l.mode,
          message: `CREATE INDEX without CONCURRENTLY holds a SHARE lock on ${table}: every INSERT, UPDATE and DELETE waits for the whole index build`,
          fix: `${concurrentIndexSql(sql)}; ${outsideTransaction(set.tool)}`,
        });
      }
      return;
    }
    case 'DropStmt': {
      const removeType = String(n.removeType);
      const objects = list(n.objects).map((o) => {
        const names = namesOf(obj(o.List)?.items);
        return names.filter((x) => x !== 'public').join('.');
      });
      if (n.missing_ok !== true) notIdempotent(a, file, objects[0] ?? '?', `DROP ${removeType.replace(/^OBJECT_/, '')} ${objects.join(', ')}`, 'DROP ... IF EXISTS');
      if (removeType === 'OBJECT_TABLE') {
        for (const table of objects) {
          lock(a, file, table, 'ACCESS EXCLUSIVE');
          hazard(a, file, {
            check: 'breaking-change',
            rule: 'ban-drop-table',
            table,
            lockMode: 'ACCESS EXCLUSIVE',
            message: `DROP TABLE ${table}: the running version still reads and writes it during a rolling deploy`,
            fix: `Deploy code that no longer uses ${table} first, then drop it in a later migration`,
          });
        }
      }
      if (removeType === 'OBJECT_POLICY' || removeType === 'OBJECT_TRIGGER' || removeType === 'OBJECT_RULE') {
        // objects are [table..., name]: the table is everything but the last part
        for (const o of list(n.objects)) {
          const names = namesOf(obj(o.List)?.items).filter((x) => x !== 'public');
          if (names.length >= 2) lock(a, file, names.slice(0, -1).join('.'), 'ACCESS EXCLUSIVE');
        }
      }
      if (removeType === 'OBJECT_INDEX') {
        const concurrent = n.concurrent === true;
        for (const index of objects) {
          const table = set.indexTables.get(index) ?? index;
          const createdHere = file.created.has(table);
          lock(a, file, table, concurrent ? 'SHARE UPDATE EXCLUSIVE' : 'ACCESS EXCLUSIVE');
          if (!concurrent && !createdHere) {
            a.hazards.push({
              check: 'blocking-lock',
              rule: 'require-concurrent-index-deletion',
              table,
              lockMode: 'ACCESS EXCLUSIVE',
              message: `DROP INDEX without CONCURRENTLY takes an ACCESS EXCLUSIVE lock on ${table}: it is quick itself, but it waits behind every running query on ${table} and every read and write queues behind it`,
              fix: `${sql.replace(/\bINDEX\s+(IF\s+EXISTS\s+)?/i, 'INDEX CONCURRENTLY IF EXISTS ')}; ${outsideTransaction(set.tool)}`,
              brief: true,
            });
          }
        }
      }
      return;
    }
    case 'AlterTableStmt': {
      if (n.objtype !== undefined && n.objtype !== 'OBJECT_TABLE') return;
      const table = relationName(n.relation);
      for (const cmdWrapper of list(n.cmds)) alterTableCommand(obj(cmdWrapper.AlterTableCmd) ?? {}, table, sql, a, file, set);
      return;
    }
    case 'RenameStmt': {
      const type = String(n.renameType);
      if (type !== 'OBJECT_COLUMN' && type !== 'OBJECT_TABLE') return;
      const table = relationName(n.relation);
      lock(a, file, table, 'ACCESS EXCLUSIVE');
      if (type === 'OBJECT_COLUMN') {
        hazard(a, file, {
          check: 'breaking-change',
          rule: 'renaming-column',
          table,
          lockMode: 'ACCESS EXCLUSIVE',
          message: `RENAME COLUMN ${table}.${str(n.subname)} → ${str(n.newname)}: the running version still uses the old name during a rolling deploy`,
          fix: `Expand and contract: add ${str(n.newname)}, write both columns, backfill, switch reads, then drop ${str(n.subname)} in a later release`,
        });
      } else {
        hazard(a, file, {
          check: 'breaking-change',
          rule: 'renaming-table',
          table,
          lockMode: 'ACCESS EXCLUSIVE',
          message: `RENAME TABLE ${table} → ${str(n.newname)}: the running version still uses the old name during a rolling deploy`,
          fix: `Rename, then CREATE VIEW ${table} AS SELECT * FROM ${str(n.newname)} until the old version is gone; or expand and contract`,
        });
        const newName = str(n.newname);
        if (file.created.has(table) && newName) file.created.add(newName);
      }
      return;
    }
    case 'VacuumStmt': {
      if (n.is_vacuumcmd !== true || !optionOn(n.options, 'full')) return;
      const tables = list(n.rels).map((r) => relationName(obj(r.VacuumRelation)?.relation));
      for (const table of tables.length > 0 ? tables : ['(every table)']) {
        lock(a, file, table, 'ACCESS EXCLUSIVE');
        a.rewrites = true;
        hazard(a, file, {
          check: 'blocking-lock',
          rule: 'ban-vacuum-full',
          table,
          lockMode: 'ACCESS EXCLUSIVE',
          message: `VACUUM FULL rewrites ${table} under an ACCESS EXCLUSIVE lock: reads and writes wait until it ends`,
          fix:
            set.pgVersion >= 19
              ? 'Use plain VACUUM, or REPACK (PostgreSQL 19+) / pg_repack to compact the table online'
              : 'Use plain VACUUM, or pg_repack to compact the table online',
        });
      }
      return;
    }
    case 'ClusterStmt': {
      const table = n.relation ? relationName(n.relation) : '(every clustered table)';
      lock(a, file, table, 'ACCESS EXCLUSIVE');
      a.rewrites = true;
      hazard(a, file, {
        check: 'blocking-lock',
        rule: 'ban-cluster',
        table,
        lockMode: 'ACCESS EXCLUSIVE',
        message: `CLUSTER rewrites ${table} under an ACCESS EXCLUSIVE lock: reads and writes wait until it ends`,
        fix: set.pgVersion >= 19 ? 'Use REPACK (PostgreSQL 19+) or pg_repack --order-by to re-order the table online' : 'Use pg_repack --order-by to re-order the table online',
      });
      return;
    }
    case 'ReindexStmt': {
      const concurrent = optionOn(n.params, 'concurrently');
      const kind = String(n.kind);
      // system catalogs cannot be reindexed concurrently: nothing better to suggest
      if (kind === 'REINDEX_OBJECT_SYSTEM') return;
      const target =
        kind === 'REINDEX_OBJECT_INDEX'
          ? (set.indexTables.get(relationName(n.relation)) ?? relationName(n.relation))
          : n.relation
            ? relationName(n.relation)
            : `(${str(n.name) ?? 'every table'})`;
      const mode: LockMode = concurrent ? 'SHARE UPDATE EXCLUSIVE' : kind === 'REINDEX_OBJECT_INDEX' ? 'ACCESS EXCLUSIVE' : 'SHARE';
      lock(a, file, target, mode);
      if (!concurrent) {
        a.rewrites = true;
        hazard(a, file, {
          check: 'blocking-lock',
          rule: 'require-concurrent-reindex',
          table: target,
          lockMode: mode,
          message: `REINDEX without CONCURRENTLY locks ${target} (${mode}) for the whole rebuild: writes${mode === 'ACCESS EXCLUSIVE' ? ' and reads' : ''} wait`,
          fix: `${sql.replace(/^REINDEX\s+(?:\([^)]*\)\s*)?(\w+)/i, 'REINDEX $1 CONCURRENTLY')}; (PostgreSQL 12+) ${outsideTransaction(set.tool)}`,
        });
      }
      return;
    }
    case 'CreatePolicyStmt':
    case 'AlterPolicyStmt':
      lock(a, file, relationName(n.table), 'ACCESS EXCLUSIVE');
      return;
    case 'CreateTrigStmt':
      lock(a, file, relationName(n.relation), 'SHARE ROW EXCLUSIVE');
      return;
    case 'LockStmt': {
      const mode = PG_LOCK_BY_NUMBER[Number(n.mode ?? 8)] ?? 'ACCESS EXCLUSIVE';
      for (const r of list(n.relations)) lock(a, file, relationName(r.RangeVar), mode);
      return;
    }
    case 'TruncateStmt': {
      const tables = list(n.relations).map((r) => relationName(r.RangeVar));
      for (const table of tables) lock(a, file, table, 'ACCESS EXCLUSIVE');
      if (n.behavior === 'DROP_CASCADE') {
        a.hazards.push({
          check: 'breaking-change',
          rule: 'ban-truncate-cascade',
          table: tables.join(', '),
          lockMode: 'ACCESS EXCLUSIVE',
          message: `TRUNCATE ${tables.join(', ')} CASCADE also empties every table with a foreign key to ${tables.length > 1 ? 'them' : 'it'}, recursively: data loss beyond the tables named`,
          fix: 'Name every table to empty explicitly (TRUNCATE a, b) without CASCADE, or delete the rows you mean in batches',
        });
      }
      return;
    }
    case 'DropdbStmt': {
      const name = str(n.dbname) ?? '?';
      a.hazards.push({
        check: 'breaking-change',
        rule: 'ban-drop-database',
        table: name,
        lockMode: null,
        message: `DROP DATABASE ${name} in a migration deletes a whole database: every application and job using it fails and its data is gone`,
        fix: 'Drop databases by hand after a backup, never from an application migration',
      });
      return;
    }
    case 'UpdateStmt':
    case 'DeleteStmt': {
      const table = relationName(n.relation);
      if (file.created.has(table) || TOOL_TABLES.has(table)) return;
      lock(a, file, table, 'ROW EXCLUSIVE');
      if (boundedWhere(n.whereClause)) return;
      const verb = s.kind === 'UpdateStmt' ? 'UPDATE' : 'DELETE';
      a.hazards.push({
        check: 'backfill-in-migration',
        rule: 'backfill-in-migration',
        table,
        lockMode: 'ROW EXCLUSIVE',
        message: `${verb} of ${n.whereClause ? 'most or all' : 'every'} row of ${table} inside the migration: it locks each row it touches until the migration ends, and its time grows with the table`,
        fix: batchedBackfill(set.tool, table, verb === 'UPDATE' ? 'the same UPDATE, one id range at a time' : 'DELETE ... WHERE id IN (SELECT id ... LIMIT 10000), repeated'),
      });
      return;
    }
    case 'CreateSeqStmt':
    case 'CreateSchemaStmt':
    case 'CreateExtensionStmt': {
      if (n.if_not_exists === true) return;
      const name = s.kind === 'CreateSeqStmt' ? relationName(n.sequence) : (str(n.schemaname) ?? str(n.extname) ?? '?');
      notIdempotent(a, file, name, `${s.kind.replace(/^Create|Stmt$/g, '').toUpperCase()} ${name}`, 'CREATE ... IF NOT EXISTS');
      return;
    }
    case 'VariableSetStmt': {
      const name = str(n.name)?.toLowerCase();
      if (name !== 'lock_timeout' && name !== 'statement_timeout') return;
      const on = n.kind === 'VAR_SET_VALUE' && !isOff(n.args);
      // SET LOCAL outside a transaction block has no effect
      if (n.is_local === true) file.localTimeout = on && a.inTransaction;
      else file.sessionTimeout = on;
      return;
    }
    case 'DoStmt': {
      const body = list(n.args).find((arg) => obj(arg.DefElem)?.defname === 'as');
      const text = str(obj(obj(obj(body?.DefElem)?.arg)?.String)?.sval);
      if (text) for (const inner of embeddedStatements(text, s.line)) analyzeStatement(inner, a, file, set);
      return;
    }
    case 'SelectStmt': {
      // SELECT set_config('lock_timeout', '5s', is_local) is the function form of SET
      for (const target of list(n.targetList)) {
        const call = obj(obj(obj(target.ResTarget)?.val)?.FuncCall);
        const names = namesOf(call?.funcname);
        if (!call || names[names.length - 1]?.toLowerCase() !== 'set_config') continue;
        const args = list(call.args);
        const setting = str(obj(obj(args[0]?.A_Const)?.sval)?.sval)?.toLowerCase();
        if (setting !== 'lock_timeout' && setting !== 'statement_timeout') continue;
        const on = !isOff([args[1]]);
        const local = obj(obj(args[2]?.A_Const)?.boolval)?.boolval === true;
        if (local) file.localTimeout = on && a.inTransaction;
        else file.sessionTimeout = on;
      }
      return;
    }
    default:
      return;
  }
}

function alterTableCommand(cmd: Node, table: string, sql: string, a: StatementAnalysis, file: FileState, set: MigrationSetState): void {
  const subtype = String(cmd.subtype);
  switch (subtype) {
    case 'AT_AddColumn': {
      lock(a, file, table, 'ACCESS EXCLUSIVE');
      const def = obj(obj(cmd.def)?.ColumnDef) ?? {};
      const column = str(def.colname) ?? '?';
      const constraints = list(def.constraints).map((c) => obj(c.Constraint) ?? {});
      // an inline REFERENCES locks the referenced table too (validation is trivial: the new column is all NULL or one default)
      for (const c of constraints) if (c.contype === 'CONSTR_FOREIGN') lock(a, file, relationName(c.pktable), 'SHARE ROW EXCLUSIVE');
      const defaultExpr = constraints.find((c) => c.contype === 'CONSTR_DEFAULT')?.raw_expr;
      const generated = constraints.some((c) => c.contype === 'CONSTR_GENERATED' || c.contype === 'CONSTR_IDENTITY');
      const serial = SERIAL_TYPES.has(typeName(def));
      const notNull = constraints.some((c) => c.contype === 'CONSTR_NOTNULL' || c.contype === 'CONSTR_PRIMARY');
      if (cmd.missing_ok !== true) notIdempotent(a, file, table, `ADD COLUMN ${column}`, 'ADD COLUMN IF NOT EXISTS');
      newColumnHazards([cmd.def], table, a, set);
      // before PostgreSQL 11 every non-null default rewrote the table
      const volatileDefault = defaultExpr !== undefined && (isVolatileExpression(defaultExpr) || (set.pgVersion < 11 && !isNullConstant(defaultExpr)));
      if (volatileDefault || generated || serial) {
        a.rewrites = true;
        hazard(a, file, {
          check: 'blocking-lock',
          rule: 'adding-field-with-default',
          table,
          lockMode: 'ACCESS EXCLUSIVE',
          message: `ADD COLUMN ${column} with a ${serial ? 'serial type' : generated ? 'generated or identity value' : set.pgVersion < 11 ? 'default (PostgreSQL before 11)' : 'volatile default'} rewrites every row of ${table} under an ACCESS EXCLUSIVE lock`,
          fix: `ALTER TABLE ${table} ADD COLUMN ${column} <type>; then backfill in batches (UPDATE ... WHERE id BETWEEN ...), then ALTER COLUMN ${column} SET DEFAULT ...`,
        });
      }
      if (constraints.some((c) => c.contype === 'CONSTR_PRIMARY' || c.contype === 'CONSTR_UNIQUE')) {
        a.rewrites = true;
        hazard(a, file, uniqueHazard(table, column));
      }
      if (notNull && defaultExpr === undefined && !generated && !serial) {
        hazard(a, file, {
          check: 'breaking-change',
          rule: 'adding-required-field',
          table,
          lockMode: 'ACCESS EXCLUSIVE',
          message: `ADD COLUMN ${column} NOT NULL without a default: it fails on a table with rows, and inserts from the running version fail`,
          fix: `ALTER TABLE ${table} ADD COLUMN ${column} <type> NULL (or with a constant DEFAULT); backfill; then add NOT NULL through a validated CHECK`,
        });
      }
      return;
    }
    case 'AT_DropColumn': {
      lock(a, file, table, 'ACCESS EXCLUSIVE');
      if (cmd.missing_ok !== true) notIdempotent(a, file, table, `DROP COLUMN ${str(cmd.name)}`, 'DROP COLUMN IF EXISTS');
      hazard(a, file, {
        check: 'breaking-change',
        rule: 'ban-drop-column',
        table,
        lockMode: 'ACCESS EXCLUSIVE',
        message: `DROP COLUMN ${table}.${str(cmd.name)}: the running version still selects and inserts it during a rolling deploy`,
        fix: `Deploy code that no longer reads or writes ${str(cmd.name)} (e.g. ignore it in the ORM) first, then drop it in a later migration`,
      });
      return;
    }
    case 'AT_AlterColumnType': {
      lock(a, file, table, 'ACCESS EXCLUSIVE');
      newColumnHazards([{ ColumnDef: { ...(obj(obj(cmd.def)?.ColumnDef) ?? {}), colname: str(cmd.name) } }], table, a, set, false);
      a.rewrites = true;
      hazard(a, file, {
        check: 'blocking-lock',
        rule: 'changing-column-type',
        table,
        lockMode: 'ACCESS EXCLUSIVE',
        message: `ALTER COLUMN ${str(cmd.name)} TYPE rewrites ${table} (and its indexes) under an ACCESS EXCLUSIVE lock`,
        fix: `Add a new column of the new type, backfill it in batches, switch reads and writes, then drop ${str(cmd.name)}`,
      });
      return;
    }
    case 'AT_SetNotNull': {
      lock(a, file, table, 'ACCESS EXCLUSIVE');
      const column = str(cmd.name) ?? '?';
      // PostgreSQL 12+ skips the scan when a validated CHECK (column IS NOT NULL) proves it
      const proven =
        set.validatedNotNull.has(`${table}.${column}`) ||
        [...set.validatedUnknown].some((c) => c.startsWith(`${table}.`) && c.includes(column.toLowerCase()) && /n(ot_?)?n(ull)?/i.test(c));
      if (proven && set.pgVersion >= 12) return;
      a.rewrites = true;
      hazard(a, file, {
        check: 'blocking-lock',
        rule: 'setting-not-nullable-field',
        table,
        lockMode: 'ACCESS EXCLUSIVE',
        message: `SET NOT NULL on ${table}.${column} scans the whole table under an ACCESS EXCLUSIVE lock`,
        fix: `ALTER TABLE ${table} ADD CONSTRAINT ${table.replace(/\W/g, '_')}_${column}_not_null CHECK (${column} IS NOT NULL) NOT VALID; ALTER TABLE ${table} VALIDATE CONSTRAINT ${table.replace(/\W/g, '_')}_${column}_not_null; then SET NOT NULL (PostgreSQL 12+ skips the scan)`,
      });
      return;
    }
    case 'AT_AddConstraint': {
      const c = obj(obj(cmd.def)?.Constraint) ?? {};
      const notValid = c.skip_validation === true;
      const name = str(c.conname);
      if (name && file.droppedIfExists.has(name)) file.droppedIfExists.delete(name);
      else if (name) notIdempotent(a, file, table, `ADD CONSTRAINT ${name}`, 'ALTER TABLE ... DROP CONSTRAINT IF EXISTS before it');
      if (notValid && name && a.inTransaction) file.notValidInTx.add(name);
      if (c.contype === 'CONSTR_FOREIGN') {
        const referenced = relationName(c.pktable);
        lock(a, file, table, 'SHARE ROW EXCLUSIVE');
        lock(a, file, referenced, 'SHARE ROW EXCLUSIVE');
        if (!notValid) {
          a.rewrites = true;
          hazard(a, file, {
            check: 'blocking-lock',
            rule: 'adding-foreign-key-constraint',
            table,
            lockMode: 'SHARE ROW EXCLUSIVE',
            message: `ADD FOREIGN KEY validates every row of ${table} while holding SHARE ROW EXCLUSIVE locks on ${table} and ${referenced}: writes to both wait`,
            fix: `${sql} NOT VALID; then, in a separate migration: ALTER TABLE ${table} VALIDATE CONSTRAINT ${name ?? '<name>'};`,
          });
        }
        return;
      }
      lock(a, file, table, 'ACCESS EXCLUSIVE');
      if (c.contype === 'CONSTR_CHECK') {
        const columns = notNullColumns(c.raw_expr).map((col) => `${table}.${col}`);
        if (notValid && name) set.pendingNotNull.set(name, columns);
        if (!notValid) for (const col of columns) set.validatedNotNull.add(col);
        if (!notValid) {
          a.rewrites = true;
          hazard(a, file, {
            check: 'blocking-lock',
            rule: 'constraint-missing-not-valid',
            table,
            lockMode: 'ACCESS EXCLUSIVE',
            message: `ADD CHECK without NOT VALID scans every row of ${table} under an ACCESS EXCLUSIVE lock`,
            fix: `${sql} NOT VALID; then, in a separate migration: ALTER TABLE ${table} VALIDATE CONSTRAINT ${name ?? '<name>'};`,
          });
        }
        return;
      }
      if ((c.contype === 'CONSTR_UNIQUE' || c.contype === 'CONSTR_PRIMARY' || c.contype === 'CONSTR_EXCLUSION') && !str(c.indexname)) {
        a.rewrites = true;
        hazard(a, file, uniqueHazard(table, name ?? '<name>'));
      }
      return;
    }
    case 'AT_ValidateConstraint': {
      lock(a, file, table, 'SHARE UPDATE EXCLUSIVE');
      const name = str(cmd.name);
      const columns = name ? set.pendingNotNull.get(name) : undefined;
      for (const col of columns ?? []) set.validatedNotNull.add(col);
      if (name && !columns) set.validatedUnknown.add(`${table}.${name.toLowerCase()}`);
      if (name && a.inTransaction && file.notValidInTx.has(name)) {
        a.rewrites = true;
        hazard(a, file, {
          check: 'blocking-lock',
          rule: 'constraint-missing-not-valid',
          table,
          lockMode: file.held?.mode ?? 'SHARE UPDATE EXCLUSIVE',
          message: `VALIDATE CONSTRAINT ${name} runs in the same transaction that added it NOT VALID: the ADD's lock on ${table} is held while VALIDATE scans every row, so NOT VALID gains nothing`,
          fix: `Commit the ADD CONSTRAINT ... NOT VALID first and run ALTER TABLE ${table} VALIDATE CONSTRAINT ${name}; in a separate migration`,
        });
      }
      return;
    }
    case 'AT_DropConstraint': {
      lock(a, file, table, 'ACCESS EXCLUSIVE');
      const name = str(cmd.name);
      if (cmd.missing_ok === true && name) file.droppedIfExists.add(name);
      else notIdempotent(a, file, table, `DROP CONSTRAINT ${name}`, 'DROP CONSTRAINT IF EXISTS');
      return;
    }
    case 'AT_DropNotNull': {
      lock(a, file, table, 'ACCESS EXCLUSIVE');
      hazard(a, file, {
        check: 'breaking-change',
        rule: 'ban-drop-not-null',
        table,
        lockMode: 'ACCESS EXCLUSIVE',
        message: `DROP NOT NULL on ${table}.${str(cmd.name)}: new rows may hold NULL, which the running version (and every reader that assumed the column is set) does not expect`,
        fix: `Deploy code that handles NULL in ${str(cmd.name)} everywhere it is read first, then drop the constraint in a later migration`,
      });
      return;
    }
    case 'AT_DetachPartition': {
      const partition = obj(obj(cmd.def)?.PartitionCmd) ?? {};
      lock(a, file, table, partition.concurrent === true ? 'SHARE UPDATE EXCLUSIVE' : 'ACCESS EXCLUSIVE');
      if (partition.concurrent === true) return;
      hazard(a, file, {
        check: 'blocking-lock',
        rule: 'require-concurrent-partition-detach',
        table,
        lockMode: 'ACCESS EXCLUSIVE',
        message: `DETACH PARTITION ${relationName(partition.name)} without CONCURRENTLY takes ACCESS EXCLUSIVE on the partitioned table ${table}: every query on every partition waits`,
        fix: `${sql.replace(/;?\s*$/, '')} CONCURRENTLY; (PostgreSQL 14+) ${outsideTransaction(set.tool)}`,
      });
      return;
    }
    case 'AT_SetTableSpace':
    case 'AT_SetLogged':
    case 'AT_SetUnLogged': {
      lock(a, file, table, 'ACCESS EXCLUSIVE');
      a.rewrites = true;
      hazard(a, file, {
        check: 'blocking-lock',
        rule: 'table-rewrite',
        table,
        lockMode: 'ACCESS EXCLUSIVE',
        message: `${subtype === 'AT_SetTableSpace' ? 'SET TABLESPACE' : 'SET LOGGED/UNLOGGED'} rewrites ${table} under an ACCESS EXCLUSIVE lock`,
        fix: 'Do it in a maintenance window, or copy the data online with pg_repack or logical replication',
      });
      return;
    }
    case 'AT_SetStatistics':
    case 'AT_SetOptions':
    case 'AT_ResetOptions':
    case 'AT_ClusterOn':
    case 'AT_DropCluster':
    case 'AT_SetRelOptions':
    case 'AT_ResetRelOptions':
      lock(a, file, table, 'SHARE UPDATE EXCLUSIVE');
      return;
    case 'AT_EnableTrig':
    case 'AT_DisableTrig':
    case 'AT_EnableTrigAll':
    case 'AT_DisableTrigAll':
    case 'AT_EnableTrigUser':
    case 'AT_DisableTrigUser':
      lock(a, file, table, 'SHARE ROW EXCLUSIVE');
      return;
    default:
      lock(a, file, table, 'ACCESS EXCLUSIVE');
  }
}

function uniqueHazard(table: string, name: string): Hazard {
  return {
    check: 'blocking-lock',
    rule: 'disallowed-unique-constraint',
    table,
    lockMode: 'ACCESS EXCLUSIVE',
    message: `Adding a UNIQUE or PRIMARY KEY constraint builds its index on ${table} under an ACCESS EXCLUSIVE lock`,
    fix: `CREATE UNIQUE INDEX CONCURRENTLY ${name} ON ${table} (...); then ALTER TABLE ${table} ADD CONSTRAINT ${name} UNIQUE USING INDEX ${name};`,
  };
}

function notIdempotent(a: StatementAnalysis, file: FileState, table: string, what: string, fix: string): void {
  if (!file.retried) return;
  a.hazards.push({
    check: 'not-idempotent',
    rule: 'prefer-robust-stmts',
    table,
    lockMode: null,
    message: `${what} runs outside a transaction and fails when the migration is retried after a partial failure (the object ${/^(DROP|ALTER TABLE \.\.\. DROP)/.test(fix) ? 'is already gone' : 'already exists'})`,
    fix: `Use ${fix}, so a retry after a partial failure succeeds`,
  });
}

// Bookkeeping tables migration tools update with one-row statements.
const TOOL_TABLES = new Set([
  'alembic_version',
  'schema_migrations',
  '_prisma_migrations',
  'flyway_schema_history',
  'django_migrations',
  'knex_migrations',
  '__drizzle_migrations',
]);
const KEY_COLUMN = /(^|_)(id|uuid|key|pk)$|[a-z]Id$/;

function isConstant(expr: unknown): boolean {
  const n = obj(expr);
  if (!n) return false;
  if (n.A_Const || n.ParamRef) return true;
  const cast = obj(n.TypeCast);
  if (cast) return isConstant(cast.arg);
  return list(obj(n.A_ArrayExpr)?.elements).every(isConstant) && n.A_ArrayExpr !== undefined;
}

function columnOf(expr: unknown): string | null {
  const fields = namesOf(obj(obj(expr)?.ColumnRef)?.fields);
  return fields.length > 0 ? (fields[fields.length - 1] ?? null) : null;
}

/** Does a WHERE clause bound the rows to a batch: key = constant, key IN (constants), key range, or a subquery with LIMIT? */
function boundedWhere(where: unknown): boolean {
  const n = obj(where);
  if (!n) return false;
  const sub = obj(n.SubLink);
  if (sub) return obj(obj(sub.subselect)?.SelectStmt)?.limitCount !== undefined;
  const bool = obj(n.BoolExpr);
  if (bool) {
    const args = list(bool.args);
    if (bool.boolop === 'AND_EXPR') return args.some(boundedWhere);
    if (bool.boolop === 'OR_EXPR') return args.length > 0 && args.every(boundedWhere);
    return false;
  }
  const e = obj(n.A_Expr);
  if (!e) return false;
  const column = columnOf(e.lexpr) ?? columnOf(e.rexpr);
  if (!column || !KEY_COLUMN.test(column)) return false;
  const other = columnOf(e.lexpr) ? e.rexpr : e.lexpr;
  if (e.kind === 'AEXPR_IN') return list(other).every(isConstant);
  if (e.kind === 'AEXPR_BETWEEN' || e.kind === 'AEXPR_NOT_BETWEEN') return list(other).every(isConstant);
  const op = namesOf(e.name)[0];
  return e.kind === 'AEXPR_OP' && ['=', '<', '>', '<=', '>='].includes(op ?? '') && isConstant(other);
}

function isNullConstant(expr: unknown): boolean {
  return obj(obj(expr)?.A_Const)?.isnull === true;
}

/** CREATE INDEX ... rewritten to CONCURRENTLY, named ones with IF NOT EXISTS so a retry after a failed build succeeds. */
function concurrentIndexSql(sql: string): string {
  const named = !/\bINDEX\s+(CONCURRENTLY\s+)?ON\b/i.test(sql);
  return sql.replace(/\bINDEX\s+(CONCURRENTLY\s+)?(IF\s+NOT\s+EXISTS\s+)?/i, named ? 'INDEX CONCURRENTLY IF NOT EXISTS ' : 'INDEX CONCURRENTLY ');
}

const INT_KEY_FIX: Partial<Record<MigrationTool, string>> = {
  prisma: 'declare the field BigInt (id BigInt @id @default(autoincrement())) and the foreign keys that point to it',
  rails: 'use bigint keys (create_table defaults to bigint since Rails 5.1; t.references ..., type: :bigint)',
  django: "set DEFAULT_AUTO_FIELD = 'django.db.models.BigAutoField' and use BigIntegerField for the foreign keys",
  alembic: 'use sa.BigInteger for the key and the columns that reference it',
};

const TIMESTAMP_FIX: Partial<Record<MigrationTool, string>> = {
  prisma: 'annotate DateTime fields with @db.Timestamptz(3)',
  rails: 'use t.timestamptz (or set ActiveRecord::ConnectionAdapters::PostgreSQLAdapter.datetime_type = :timestamptz, Rails 7+)',
  alembic: 'use sa.DateTime(timezone=True)',
};

/** int/serial keys and timestamp-without-time-zone columns among new column definitions. */
function newColumnHazards(elements: unknown, table: string, a: StatementAnalysis, set: MigrationSetState, keys = true): void {
  const items = list(elements);
  const tableKeys = new Set<string>();
  for (const item of items) {
    const c = obj(item.Constraint);
    if (c?.contype === 'CONSTR_PRIMARY') for (const k of namesOf(c.keys)) tableKeys.add(k);
    if (c?.contype === 'CONSTR_FOREIGN') for (const k of namesOf(c.fk_attrs)) tableKeys.add(k);
  }
  for (const item of items) {
    const def = obj(item.ColumnDef);
    if (!def) continue;
    const column = str(def.colname) ?? '?';
    const type = typeName(def);
    const constraints = list(def.constraints).map((c) => obj(c.Constraint) ?? {});
    const key = constraints.find((c) => c.contype === 'CONSTR_PRIMARY' || c.contype === 'CONSTR_FOREIGN');
    if (keys && SMALL_INT_TYPES.has(type) && !isArrayType(def) && (key || tableKeys.has(column))) {
      const primary = key ? key.contype === 'CONSTR_PRIMARY' : !items.some((i) => namesOf(obj(i.Constraint)?.fk_attrs).includes(column));
      a.hazards.push({
        check: 'int-primary-key',
        rule: 'prefer-bigint-over-int',
        table,
        lockMode: null,
        message: `${table}.${column} is a ${primary ? 'primary' : 'foreign'} key of type ${type} (32-bit or smaller): inserts fail once the sequence passes ${type.includes('2') || type === 'smallint' ? '32,767' : '2,147,483,647'}, and widening it later rewrites the table and every table that references it`,
        fix: `Make it bigint (bigint GENERATED BY DEFAULT AS IDENTITY, or bigserial)${INT_KEY_FIX[set.tool] ? `: ${INT_KEY_FIX[set.tool]}` : ''}`,
      });
    }
    if (type === 'timestamp') {
      a.hazards.push({
        check: 'timestamp-without-tz',
        rule: 'prefer-timestamp-tz',
        table,
        lockMode: null,
        message: `${table}.${column} is timestamp without time zone: values are stored as wall-clock time with no zone, so servers or clients in different zones read different instants`,
        fix: `Use timestamptz (timestamp with time zone)${TIMESTAMP_FIX[set.tool] ? `: ${TIMESTAMP_FIX[set.tool]}` : ''}`,
      });
    }
  }
}

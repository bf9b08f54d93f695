// Static lock analysis of migration statements, modelled on squawk's rules: which lock each statement takes, on which
// table, whether it rewrites or scans the table, and which rule it breaks. Tables created in the same file are new (no rows).
import { embeddedStatements, type ParsedStatement } from './parse.js';
import { type Hazard, type LockMode, type StatementAnalysis, strongerLock, type TableLock, type TransactionWrap } from './types.js';

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
}

export function newMigrationSetState(): MigrationSetState {
  return { indexTables: new Map(), validatedNotNull: new Set(), pendingNotNull: new Map(), createdTables: new Set() };
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
export function relationName(relation: unknown): string {
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

function defElemNames(params: unknown): string[] {
  return list(params).map((p) => (str(obj(p.DefElem)?.defname) ?? '').toLowerCase());
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
      return defElemNames(n.params).includes('concurrently') || ['REINDEX_OBJECT_SCHEMA', 'REINDEX_OBJECT_DATABASE', 'REINDEX_OBJECT_SYSTEM'].includes(String(n.kind));
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
  explicitTx: boolean;
  sessionTimeout: boolean;
  localTimeout: boolean;
}

/**
 * Analyse one migration file's statements in order.
 * wrap says how the tool runs the file: inside its own transaction, as one multi-statement query, or statement by statement.
 */
export function analyzeMigrationFile(statements: ParsedStatement[], wrap: TransactionWrap, set: MigrationSetState): StatementAnalysis[] {
  const file: FileState = { created: new Set(), explicitTx: false, sessionTimeout: false, localTimeout: false };
  const toolTx = wrap === 'transaction' || (wrap === 'implicit' && statements.length > 1);
  return statements.map((s) => {
    const inTransaction = toolTx || file.explicitTx;
    const lockTimeout = file.sessionTimeout || (file.localTimeout && inTransaction);
    const analysis: StatementAnalysis = {
      line: s.line,
      kind: s.kind,
      sql: preview(s.text),
      locks: [],
      rewrites: false,
      inTransaction,
      lockTimeout,
      nonTransactional: isNonTransactional(s),
      dml: DML_KINDS.has(s.kind),
      hazards: [],
    };
    analyzeStatement(s, analysis, file, set);
    if (analysis.nonTransactional && inTransaction) {
      analysis.hazards.push({
        check: 'concurrent-in-transaction',
        rule: 'ban-concurrent-index-creation-in-transaction',
        table: analysis.locks[0]?.table ?? '?',
        lockMode: null,
        message: `${s.kind === 'VacuumStmt' ? 'VACUUM' : 'this CONCURRENTLY statement'} cannot run inside a transaction block: the migration fails when it runs`,
        fix: 'Put the statement in its own migration that runs outside a transaction (dbmate: "-- migrate:up transaction:false"; Flyway: executeInTransaction=false; no BEGIN/COMMIT around it)',
      });
    }
    // transaction state after the statement
    if (s.kind === 'TransactionStmt') {
      const kind = String(s.node.kind);
      if (kind === 'TRANS_STMT_BEGIN' || kind === 'TRANS_STMT_START') file.explicitTx = true;
      if (['TRANS_STMT_COMMIT', 'TRANS_STMT_ROLLBACK', 'TRANS_STMT_COMMIT_PREPARED', 'TRANS_STMT_ROLLBACK_PREPARED', 'TRANS_STMT_PREPARE'].includes(kind)) {
        file.explicitTx = false;
        if (!toolTx) file.localTimeout = false;
      }
    }
    return analysis;
  });
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
      if (!concurrent) {
        a.rewrites = true;
        hazard(a, file, {
          check: 'blocking-lock',
          rule: 'require-concurrent-index-creation',
          table,
          lockMode: l.mode,
          message: `CREATE INDEX without CONCURRENTLY holds a SHARE lock on ${table}: every INSERT, UPDATE and DELETE waits for the whole index build`,
          fix: `${sql.replace(/\bINDEX\b/i, 'INDEX CONCURRENTLY')}; run it in a migration without a transaction.`,
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
              message: `DROP INDEX without CONCURRENTLY takes an ACCESS EXCLUSIVE lock on ${table}: reads and writes wait behind it and behind every running query`,
              fix: `${sql.replace(/\bINDEX\b/i, 'INDEX CONCURRENTLY')}; run it in a migration without a transaction.`,
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
      if (n.is_vacuumcmd !== true || !defElemNames(n.options).includes('full')) return;
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
          fix: 'Use plain VACUUM, or pg_repack to compact the table online',
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
        fix: 'Use pg_repack --order-by to re-order the table online',
      });
      return;
    }
    case 'ReindexStmt': {
      const concurrent = defElemNames(n.params).includes('concurrently');
      const kind = String(n.kind);
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
          fix: `${sql.replace(/^(REINDEX\s+(?:\([^)]*\)\s*)?\w+)/i, '$1 CONCURRENTLY')}; (PostgreSQL 12+) run it in a migration without a transaction.`,
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
      for (const r of list(n.relations)) lock(a, file, relationName(r.RangeVar), 'ACCESS EXCLUSIVE');
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
      const volatileDefault = defaultExpr !== undefined && isVolatileExpression(defaultExpr);
      if (volatileDefault || generated || serial) {
        a.rewrites = true;
        hazard(a, file, {
          check: 'blocking-lock',
          rule: 'adding-field-with-default',
          table,
          lockMode: 'ACCESS EXCLUSIVE',
          message: `ADD COLUMN ${column} with a ${serial ? 'serial type' : generated ? 'generated or identity value' : 'volatile default'} rewrites every row of ${table} under an ACCESS EXCLUSIVE lock`,
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
      if (set.validatedNotNull.has(`${table}.${column}`)) return;
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

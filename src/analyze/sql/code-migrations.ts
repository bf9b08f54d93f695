// Rails, Django, Alembic and Knex migrations read as text (never executed): the schema operations whose PostgreSQL hazards
// translate one to one, each with the framework's own fix. Only the up direction is read.
import type { MigrationTool } from '../../facts/migrations.js';
import { outsideTransaction } from './runner-fixes.js';
import type { Hazard, StatementAnalysis, TransactionWrap } from './types.js';

export type CodeTool = Extract<MigrationTool, 'rails' | 'django' | 'alembic' | 'knex'>;

export interface CodeMigration {
  /** How the framework runs this file once its opt-outs (disable_ddl_transaction!, atomic = False) are read. */
  wrap: TransactionWrap;
  wrapReason: string;
  statements: StatementAnalysis[];
}

interface Call {
  name: string;
  /** The call's text up to its closing parenthesis (or end of line for Ruby calls without parentheses). */
  text: string;
  line: number;
}

const MAX_CALL_CHARS = 4000;

// Calls of interest with their arguments: balanced parentheses, or the rest of the line (and continuation lines) in Ruby.
function callsIn(source: string, names: RegExp): Call[] {
  const calls: Call[] = [];
  for (const m of source.matchAll(names)) {
    const start = m.index ?? 0;
    const open = start + m[0].length;
    let end = open;
    if (source[open - 1] === '(') {
      let depth = 1;
      while (end < source.length && depth > 0 && end - start < MAX_CALL_CHARS) {
        const c = source[end];
        if (c === '(' || c === '[' || c === '{') depth++;
        else if (c === ')' || c === ']' || c === '}') depth--;
        end++;
      }
    } else {
      while (end < source.length && end - start < MAX_CALL_CHARS) {
        const nl = source.indexOf('\n', end);
        end = nl < 0 ? source.length : nl;
        if (!/,\s*$/.test(source.slice(start, end))) break;
        end++;
      }
    }
    const line = source.slice(0, start).split('\n').length;
    calls.push({ name: (m[1] ?? m[0]).replace(/\($/, ''), text: source.slice(start, end).replace(/\s+/g, ' ').trim(), line });
  }
  return calls.sort((a, b) => a.line - b.line);
}

function firstSymbol(text: string): string {
  return /[:'"]([A-Za-z_][\w.]*)/.exec(text.replace(/^[\w.]+\s*\(?/, ''))?.[1] ?? '?';
}

function kwarg(text: string, name: string): string | undefined {
  return new RegExp(`\\b${name}\\s*(?:=|:)\\s*(['"]?)([\\w.:]+)\\1`).exec(text)?.[2];
}

function analysis(call: Call, inTransaction: boolean, hazards: Hazard[]): StatementAnalysis {
  return {
    line: call.line,
    kind: call.name,
    sql: call.text.length > 240 ? `${call.text.slice(0, 239)}…` : call.text,
    locks: [],
    rewrites: hazards.some((h) => h.check === 'blocking-lock'),
    inTransaction,
    lockTimeout: false,
    held: null,
    nonTransactional: false,
    dml: false,
    hazards,
  };
}

function blocking(rule: string, table: string, message: string, fix: string, lockMode: Hazard['lockMode'] = 'ACCESS EXCLUSIVE'): Hazard {
  return { check: 'blocking-lock', rule, table, lockMode, message, fix };
}

function breaking(rule: string, table: string, message: string, fix: string): Hazard {
  return { check: 'breaking-change', rule, table, lockMode: 'ACCESS EXCLUSIVE', message, fix };
}

function inTx(table: string, tool: CodeTool, what: string): Hazard {
  return {
    check: 'concurrent-in-transaction',
    rule: 'ban-concurrent-index-creation-in-transaction',
    table,
    lockMode: null,
    message: `${what} cannot run inside the transaction ${tool} wraps the migration in: it fails when it runs`,
    fix: `${outsideTransaction(tool)}.`,
  };
}

/** The up direction only: Rails `def down`, Alembic/Django-style `def downgrade` end it. */
function upPart(source: string, stop: RegExp): string {
  const m = stop.exec(source);
  return m ? source.slice(0, m.index) : source;
}

function analyzeRailsMigration(source: string): CodeMigration {
  const noTx = /^\s*disable_ddl_transaction!/m.test(source);
  const up = upPart(source, /^\s*def\s+down\b/m);
  const created = new Set<string>();
  const out: StatementAnalysis[] = [];
  const calls = callsIn(
    up,
    /\b(create_table|add_index|add_reference|add_belongs_to|change_column_null|change_column|remove_column|remove_columns|rename_column|rename_table|add_foreign_key|drop_table|add_column)\b\(?/g,
  );
  for (const call of calls) {
    const table = firstSymbol(call.text);
    const concurrently = /algorithm:\s*:concurrently/.test(call.text);
    const hazards: Hazard[] = [];
    const fresh = created.has(table);
    switch (call.name) {
      case 'create_table':
        created.add(table);
        break;
      case 'add_index':
      case 'add_reference':
      case 'add_belongs_to': {
        const indexed = call.name === 'add_index' || !/index:\s*false/.test(call.text);
        if (indexed && !concurrently && !fresh)
          hazards.push(
            blocking(
              'require-concurrent-index-creation',
              table,
              `${call.name} builds the index on ${table} without algorithm: :concurrently: a SHARE lock makes every write wait for the whole build`,
              `${outsideTransaction('rails')}${call.name === 'add_index' ? '' : ' (index: { algorithm: :concurrently })'}`,
              'SHARE',
            ),
          );
        if (indexed && concurrently && !noTx) hazards.push(inTx(table, 'rails', 'algorithm: :concurrently'));
        if (call.name !== 'add_index' && /foreign_key:\s*(true|\{)/.test(call.text) && !/validate:\s*false/.test(call.text) && !fresh)
          hazards.push(
            blocking(
              'adding-foreign-key-constraint',
              table,
              `${call.name} with foreign_key: true validates every row of ${table} while holding SHARE ROW EXCLUSIVE on both tables`,
              'Add the reference with foreign_key: false, then add_foreign_key ..., validate: false, and validate_foreign_key in a later migration',
              'SHARE ROW EXCLUSIVE',
            ),
          );
        break;
      }
      case 'change_column_null':
        if (/,\s*false\b/.test(call.text) && !fresh)
          hazards.push(
            blocking(
              'setting-not-nullable-field',
              table,
              `change_column_null ..., false runs SET NOT NULL: a full scan of ${table} under ACCESS EXCLUSIVE`,
              'add_check_constraint :table, "column IS NOT NULL", name: "column_not_null", validate: false; validate_check_constraint in a later migration; then change_column_null (PostgreSQL 12+ skips the scan) and remove_check_constraint',
            ),
          );
        break;
      case 'change_column':
        if (!fresh)
          hazards.push(
            blocking(
              'changing-column-type',
              table,
              `change_column rewrites ${table} (and its indexes) under ACCESS EXCLUSIVE when the type changes`,
              'Add a new column of the new type, backfill it in batches (in_batches), switch the code, then remove the old column',
            ),
          );
        break;
      case 'remove_column':
      case 'remove_columns':
        if (!fresh)
          hazards.push(
            breaking(
              'ban-drop-column',
              table,
              `${call.name} on ${table}: the running version still selects the column (Active Record caches the column list) during a rolling deploy`,
              'Add the column to self.ignored_columns in the model and deploy that first, then remove it in a later migration',
            ),
          );
        break;
      case 'rename_column':
        if (!fresh)
          hazards.push(
            breaking(
              'renaming-column',
              table,
              `rename_column on ${table}: the running version still uses the old name during a rolling deploy`,
              'Add the new column, write both, backfill, switch reads, then remove the old one (ignored_columns first)',
            ),
          );
        break;
      case 'rename_table':
        if (!fresh)
          hazards.push(
            breaking(
              'renaming-table',
              table,
              `rename_table ${table}: the running version still uses the old name`,
              'Create the new table name as a view, or expand and contract over two releases',
            ),
          );
        break;
      case 'drop_table':
        if (!fresh)
          hazards.push(
            breaking(
              'ban-drop-table',
              table,
              `drop_table ${table}: the running version still reads and writes it during a rolling deploy`,
              'Deploy code that no longer uses the table first, then drop it in a later migration',
            ),
          );
        break;
      case 'add_foreign_key':
        if (!/validate:\s*false/.test(call.text) && !fresh)
          hazards.push(
            blocking(
              'adding-foreign-key-constraint',
              table,
              `add_foreign_key validates every row of ${table} while holding SHARE ROW EXCLUSIVE on both tables: writes to both wait`,
              'add_foreign_key ..., validate: false; then validate_foreign_key in a separate migration',
              'SHARE ROW EXCLUSIVE',
            ),
          );
        break;
      case 'add_column':
        if (/null:\s*false/.test(call.text) && !/default:/.test(call.text) && !fresh)
          hazards.push(
            breaking(
              'adding-required-field',
              table,
              `add_column ... null: false without a default: it fails on a table with rows, and inserts from the running version fail`,
              'Add it nullable (or with a constant default), backfill in batches, then add NOT NULL through a validated check constraint',
            ),
          );
        break;
    }
    out.push(analysis(call, !noTx, hazards));
  }
  return {
    wrap: noTx ? 'none' : 'transaction',
    wrapReason: noTx
      ? 'disable_ddl_transaction!: Rails runs this migration without a transaction'
      : 'Rails runs each migration in a transaction unless it calls disable_ddl_transaction!',
    statements: out.filter((s) => s.hazards.length > 0),
  };
}

function djangoModel(text: string): string {
  return kwarg(text, 'model_name') ?? kwarg(text, 'name') ?? firstSymbol(text);
}

/** Django operations that break the version still running during a rolling deploy (unless the model is new in this file). */
const DJANGO_BREAKING: Record<'RemoveField' | 'RenameField' | 'RenameModel' | 'DeleteModel', { rule: string; problem: (model: string) => string; fix: string }> = {
  RemoveField: {
    rule: 'ban-drop-column',
    problem: (model) => `RemoveField on ${model}: the running version still selects the column during a rolling deploy`,
    fix: 'Remove the field from the model code first (SeparateDatabaseAndState), then drop the column in a later release',
  },
  RenameField: {
    rule: 'renaming-column',
    problem: (model) => `RenameField on ${model}: the running version still uses the old column name`,
    fix: 'Add the new field, write both, backfill, switch reads, then remove the old field later',
  },
  RenameModel: {
    rule: 'renaming-table',
    problem: (model) => `RenameModel ${model}: the running version still uses the old table name`,
    fix: 'Keep db_table on the model so the table name does not change',
  },
  DeleteModel: {
    rule: 'ban-drop-table',
    problem: (model) => `DeleteModel ${model}: the running version still reads and writes the table`,
    fix: 'Remove the model from the code first, then delete the table in a later release',
  },
};

export function analyzeDjangoMigration(source: string): CodeMigration {
  const noTx = /^\s*atomic\s*=\s*False\b/m.test(source);
  const created = new Set<string>();
  const out: StatementAnalysis[] = [];
  const calls = callsIn(
    source,
    /\b(?:migrations\.|operations\.)?(CreateModel|AddIndexConcurrently|AddIndex|AlterField|RemoveField|RenameField|RenameModel|DeleteModel|AddField)\(/g,
  );
  for (const call of calls) {
    const model = djangoModel(call.text).toLowerCase();
    const fresh = created.has(model);
    const hazards: Hazard[] = [];
    switch (call.name) {
      case 'CreateModel':
        created.add((kwarg(call.text, 'name') ?? firstSymbol(call.text)).toLowerCase());
        break;
      case 'AddIndex':
        if (!fresh)
          hazards.push(
            blocking(
              'require-concurrent-index-creation',
              model,
              `AddIndex builds the index on ${model} without CONCURRENTLY: a SHARE lock makes every write wait for the whole build`,
              outsideTransaction('django'),
              'SHARE',
            ),
          );
        break;
      case 'AddIndexConcurrently':
        if (!noTx) hazards.push(inTx(model, 'django', 'AddIndexConcurrently'));
        break;
      case 'AlterField':
        if (/null\s*=\s*False/.test(call.text) && !fresh)
          hazards.push(
            blocking(
              'setting-not-nullable-field',
              model,
              `AlterField(null=False) runs SET NOT NULL: a full scan of ${model} under ACCESS EXCLUSIVE`,
              'AddConstraint(CheckConstraint(condition=Q(field__isnull=False), name=...)) created NOT VALID through RunSQL, validated in a later migration, then AlterField(null=False) (PostgreSQL 12+ skips the scan)',
            ),
          );
        break;
      case 'AddField':
        if (/ForeignKey\(|OneToOneField\(/.test(call.text) && !/db_constraint\s*=\s*False/.test(call.text) && !fresh)
          hazards.push(
            blocking(
              'adding-foreign-key-constraint',
              model,
              `AddField(ForeignKey) on ${model} adds a validated foreign key and a plain index: writes to both tables wait`,
              'Add the field with db_constraint=False and db_index=False, then add the constraint NOT VALID and the index with AddIndexConcurrently (atomic = False) in later migrations',
              'SHARE ROW EXCLUSIVE',
            ),
          );
        break;
      case 'RemoveField':
      case 'RenameField':
      case 'RenameModel':
      case 'DeleteModel': {
        const b = DJANGO_BREAKING[call.name];
        if (!fresh) hazards.push(breaking(b.rule, model, b.problem(model), b.fix));
        break;
      }
    }
    out.push(analysis(call, !noTx, hazards));
  }
  return {
    wrap: noTx ? 'none' : 'transaction',
    wrapReason: noTx ? 'atomic = False: Django runs this migration without a transaction' : 'Django runs each migration in a transaction unless it sets atomic = False',
    statements: out.filter((s) => s.hazards.length > 0),
  };
}

function analyzeAlembicMigration(source: string): CodeMigration {
  const up = upPart(source, /^def\s+downgrade\b/m);
  const created = new Set<string>();
  const out: StatementAnalysis[] = [];
  // statements inside "with op.get_context().autocommit_block():" run outside the transaction
  const autocommit = [...up.matchAll(/autocommit_block\(\)\s*:/g)].map((m) => up.slice(0, m.index).split('\n').length);
  const calls = callsIn(up, /\bop\.(create_table|create_index|alter_column|drop_column|create_foreign_key|drop_table|drop_index)\(/g);
  for (const call of calls) {
    const table =
      call.name === 'create_index' || call.name === 'drop_index'
        ? (kwarg(call.text, 'table_name') ?? /['"][^'"]*['"]\s*,\s*['"]([^'"]+)['"]/.exec(call.text)?.[1] ?? '?')
        : firstSymbol(call.text);
    const fresh = created.has(table);
    const outside = autocommit.some((line) => line < call.line);
    const concurrently = /postgresql_concurrently\s*=\s*True/.test(call.text);
    const hazards: Hazard[] = [];
    switch (call.name) {
      case 'create_table':
        created.add(table);
        break;
      case 'create_index':
        if (!concurrently && !fresh)
          hazards.push(
            blocking(
              'require-concurrent-index-creation',
              table,
              `op.create_index on ${table} without postgresql_concurrently=True: a SHARE lock makes every write wait for the whole build`,
              outsideTransaction('alembic'),
              'SHARE',
            ),
          );
        if (concurrently && !outside) hazards.push(inTx(table, 'alembic', 'postgresql_concurrently=True'));
        break;
      case 'drop_index':
        if (!concurrently && !fresh)
          hazards.push({
            ...blocking(
              'require-concurrent-index-deletion',
              table,
              `op.drop_index without postgresql_concurrently=True takes ACCESS EXCLUSIVE on ${table}: quick itself, but every query queues behind it`,
              'op.drop_index(..., postgresql_concurrently=True, if_exists=True) inside "with op.get_context().autocommit_block():"',
            ),
            brief: true,
          });
        break;
      case 'alter_column':
        if (/nullable\s*=\s*False/.test(call.text) && !fresh)
          hazards.push(
            blocking(
              'setting-not-nullable-field',
              table,
              `op.alter_column(nullable=False) runs SET NOT NULL: a full scan of ${table} under ACCESS EXCLUSIVE`,
              'op.execute("ALTER TABLE ... ADD CONSTRAINT c CHECK (col IS NOT NULL) NOT VALID"), validate it in a later revision, then alter_column(nullable=False) (PostgreSQL 12+ skips the scan)',
            ),
          );
        if (/\btype_\s*=/.test(call.text) && !fresh)
          hazards.push(
            blocking(
              'changing-column-type',
              table,
              `op.alter_column(type_=...) rewrites ${table} under ACCESS EXCLUSIVE`,
              'Add a new column of the new type, backfill it in batches, switch the code, then drop the old column',
            ),
          );
        if (/new_column_name\s*=/.test(call.text) && !fresh)
          hazards.push(
            breaking(
              'renaming-column',
              table,
              `op.alter_column(new_column_name=...) on ${table}: the running version still uses the old name`,
              'Add the new column, write both, backfill, switch reads, then drop the old one later',
            ),
          );
        break;
      case 'drop_column':
        if (!fresh)
          hazards.push(
            breaking(
              'ban-drop-column',
              table,
              `op.drop_column on ${table}: the running version still selects the column during a rolling deploy`,
              'Remove the column from the models first, then drop it in a later revision',
            ),
          );
        break;
      case 'drop_table':
        if (!fresh)
          hazards.push(
            breaking(
              'ban-drop-table',
              table,
              `op.drop_table ${table}: the running version still reads and writes it`,
              'Remove the model first, then drop the table in a later revision',
            ),
          );
        break;
      case 'create_foreign_key': {
        const source = /['"][^'"]*['"]\s*,\s*['"]([^'"]+)['"]/.exec(call.text)?.[1] ?? table;
        if (!created.has(source))
          hazards.push(
            blocking(
              'adding-foreign-key-constraint',
              source,
              `op.create_foreign_key validates every row of ${source} while holding SHARE ROW EXCLUSIVE on both tables`,
              'op.execute("ALTER TABLE ... ADD CONSTRAINT ... FOREIGN KEY (...) REFERENCES ... NOT VALID"), then VALIDATE CONSTRAINT in a later revision',
              'SHARE ROW EXCLUSIVE',
            ),
          );
        break;
      }
    }
    out.push(analysis(call, !outside, hazards));
  }
  return {
    wrap: 'transaction',
    wrapReason: 'Alembic runs the upgrade in a transaction; only operations in an autocommit_block() run outside it',
    statements: out.filter((s) => s.hazards.length > 0),
  };
}

/** Knex schema-builder operations inside an alterTable/table callback, and what each does to an existing table. */
const KNEX_TABLE_OPS = /\.\s*(index|unique|primary|dropColumns?|renameColumn|dropNullable|setNullable|alter|foreign|references|dropPrimary)\s*\(/g;

/** The end (exclusive) of the parenthesised argument list opening at `open` (the index just after '('), bounded. */
function closingParen(source: string, open: number): number {
  let depth = 1;
  let end = open;
  while (end < source.length && depth > 0 && end - open < 64 * 1024) {
    const c = source[end];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    end++;
  }
  return end;
}

const lineAt = (source: string, index: number): number => source.slice(0, index).split('\n').length;

function analyzeKnexMigration(source: string): CodeMigration {
  const noTx = /\bconfig\s*=\s*\{[^}]*\btransaction\s*:\s*false\b/.test(source);
  // the up direction: up() ends where down is defined
  const up = upPart(source, /^\s*(?:exports\.down\b|module\.exports\.down\b|export\s+(?:async\s+)?function\s+down\b|export\s+const\s+down\b|(?:async\s+)?down\s*(?:\(|:))/m);
  const created = new Set<string>();
  const out: StatementAnalysis[] = [];
  const push = (index: number, text: string, hazards: Hazard[]) => {
    const call: Call = { name: text.split('(')[0] ?? text, text: text.replace(/\s+/g, ' ').trim(), line: lineAt(up, index) };
    out.push(analysis(call, !noTx, hazards));
  };
  for (const m of up.matchAll(/\.\s*(createTable|createTableIfNotExists|alterTable|table|dropTable|dropTableIfExists|renameTable)\s*\(\s*['"`]([\w.]+)['"`]/g)) {
    const [, op = '', name = ''] = m;
    const table = name.toLowerCase();
    const start = m.index ?? 0;
    const open = up.indexOf('(', start) + 1;
    const end = closingParen(up, open);
    const fresh = created.has(table);
    if (op.startsWith('createTable')) {
      created.add(table);
      continue;
    }
    if (op === 'dropTable' || op === 'dropTableIfExists') {
      if (!fresh)
        push(start, up.slice(start + 1, end), [
          breaking(
            'ban-drop-table',
            table,
            `${op} ${table}: the running version still reads and writes the table`,
            'Remove the table from the code first, then drop it in a later release',
          ),
        ]);
      continue;
    }
    if (op === 'renameTable') {
      if (!fresh)
        push(start, up.slice(start + 1, end), [
          breaking(
            'renaming-table',
            table,
            `renameTable ${table}: the running version still uses the old table name`,
            'Rename in a later release, after the code reads a view or the new name: create the new table or a view first (expand and contract)',
          ),
        ]);
      continue;
    }
    if (fresh) continue;
    // alterTable / table: judge each builder call in the callback on its own line
    const body = up.slice(open, end);
    for (const op2 of body.matchAll(KNEX_TABLE_OPS)) {
      const at = open + (op2.index ?? 0);
      const statementEnd = up.indexOf(';', at) > 0 ? Math.min(up.indexOf(';', at), end) : end;
      const lineStart = up.lastIndexOf('\n', at) + 1;
      const text = up.slice(lineStart, statementEnd).trim();
      const hazards: Hazard[] = [];
      switch (op2[1]) {
        case 'index':
          hazards.push(
            blocking(
              'require-concurrent-index-creation',
              table,
              `table.index() builds the index on ${table} without CONCURRENTLY: a SHARE lock makes every write wait for the whole build`,
              `${outsideTransaction('knex')}, and build it with await knex.raw('CREATE INDEX CONCURRENTLY IF NOT EXISTS ... ON ${table} (...)') (the schema builder cannot build concurrently)`,
              'SHARE',
            ),
          );
          break;
        case 'unique':
          hazards.push(
            blocking(
              'disallowed-unique-constraint',
              table,
              `table.unique() on ${table} builds a unique index under ACCESS EXCLUSIVE: reads and writes wait for the whole build`,
              `${outsideTransaction('knex')}: knex.raw('CREATE UNIQUE INDEX CONCURRENTLY ...'), then in a later migration knex.raw('ALTER TABLE ${table} ADD CONSTRAINT ... UNIQUE USING INDEX ...')`,
            ),
          );
          break;
        case 'dropColumn':
        case 'dropColumns':
          hazards.push(
            breaking(
              'ban-drop-column',
              table,
              `${op2[1]} on ${table}: the running version still selects the column during a rolling deploy`,
              'Stop reading and writing the column in the code first, then drop it in a later release',
            ),
          );
          break;
        case 'renameColumn':
          hazards.push(
            breaking(
              'renaming-column',
              table,
              `renameColumn on ${table}: the running version still uses the old column name`,
              'Add the new column, write both, backfill, switch reads, then drop the old one in a later release',
            ),
          );
          break;
        case 'dropNullable':
          hazards.push(notNull(table, 'dropNullable()'));
          break;
        case 'alter':
          if (/\.notNullable\s*\(\s*\)/.test(text)) hazards.push(notNull(table, '.notNullable().alter()'));
          else
            hazards.push(
              blocking(
                'changing-column-type',
                table,
                `.alter() on ${table} changes the column's type: most type changes rewrite the table under ACCESS EXCLUSIVE`,
                'Add a new column of the new type, backfill it in batches, switch the code, then drop the old column',
              ),
            );
          break;
        case 'foreign':
        case 'references':
          if (op2[1] === 'references' && /\.foreign\s*\(/.test(text)) break; // table.foreign(...).references(...) counted once
          hazards.push(
            blocking(
              'adding-foreign-key-constraint',
              table,
              `a foreign key added to ${table} validates every row while holding SHARE ROW EXCLUSIVE on both tables`,
              `await knex.raw('ALTER TABLE ${table} ADD CONSTRAINT ... FOREIGN KEY (...) REFERENCES ... NOT VALID'), then knex.raw('ALTER TABLE ${table} VALIDATE CONSTRAINT ...') in a later migration`,
              'SHARE ROW EXCLUSIVE',
            ),
          );
          break;
      }
      if (hazards.length > 0) push(lineStart, text, hazards);
    }
  }
  // raw SQL: a concurrent build inside the migration's transaction fails; a plain one blocks writes
  for (const m of up.matchAll(/\.raw\s*\(\s*(['"`])\s*(CREATE\s+(?:UNIQUE\s+)?INDEX\s+(CONCURRENTLY\s+)?(?:IF\s+NOT\s+EXISTS\s+)?\S*\s*ON\s+(?:ONLY\s+)?"?([\w.]+)"?)/gi)) {
    const table = (m[4] ?? '?').toLowerCase();
    if (created.has(table)) continue;
    const index = m.index ?? 0;
    const text = up.slice(index + 1, closingParen(up, up.indexOf('(', index) + 1));
    if (m[3] && !noTx) push(index, text, [inTx(table, 'knex', 'CREATE INDEX CONCURRENTLY')]);
    else if (!m[3])
      push(index, text, [
        blocking(
          'require-concurrent-index-creation',
          table,
          `CREATE INDEX on ${table} without CONCURRENTLY: a SHARE lock makes every write wait for the whole build`,
          `${outsideTransaction('knex')}, and use CREATE INDEX CONCURRENTLY IF NOT EXISTS`,
          'SHARE',
        ),
      ]);
  }
  return {
    wrap: noTx ? 'none' : 'transaction',
    wrapReason: noTx
      ? 'exports config = { transaction: false }: Knex runs this migration without a transaction'
      : 'Knex runs each migration in a transaction unless it exports config = { transaction: false }',
    statements: out.sort((a, b) => a.line - b.line),
  };
}

function notNull(table: string, what: string): Hazard {
  return blocking(
    'setting-not-nullable-field',
    table,
    `${what} runs SET NOT NULL: a full scan of ${table} under ACCESS EXCLUSIVE`,
    `await knex.raw('ALTER TABLE ${table} ADD CONSTRAINT ..._not_null CHECK (column IS NOT NULL) NOT VALID'), validate it in a later migration, then set NOT NULL (PostgreSQL 12+ skips the scan) and drop the check`,
  );
}

export function analyzeCodeMigration(tool: CodeTool, source: string): CodeMigration {
  if (tool === 'rails') return analyzeRailsMigration(source);
  if (tool === 'django') return analyzeDjangoMigration(source);
  if (tool === 'knex') return analyzeKnexMigration(source);
  return analyzeAlembicMigration(source);
}

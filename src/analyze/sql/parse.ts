// The real PostgreSQL parser (libpg-query, PostgreSQL 17 grammar) with line numbers and statement text per statement.
import { loadModule, parseSync } from 'libpg-query';

export interface ParsedStatement {
  /** Parse-tree node name, e.g. "AlterTableStmt". */
  kind: string;
  /** The node's fields (libpg-query JSON). */
  node: Record<string, unknown>;
  /** 1-based line of the statement's first token in the script. */
  line: number;
  /** The statement's full text, without leading comments. */
  text: string;
}

export interface SqlParseError {
  message: string;
  line: number;
}

export type ParsedScript = { statements: ParsedStatement[] } | { error: SqlParseError };

let loaded: Promise<void> | null = null;

/** Load the WebAssembly parser once; call before parseSqlScript. */
export function loadSqlParser(): Promise<void> {
  loaded ??= loadModule();
  return loaded;
}

function lineAt(bytes: Buffer, offset: number, firstLine: number): number {
  let line = firstLine;
  const end = Math.min(offset, bytes.length);
  for (let i = 0; i < end; i++) if (bytes[i] === 10) line++;
  return line;
}

// Skip whitespace and comments so the line number points at the statement itself.
function skipLeadingComments(bytes: Buffer, from: number, to: number): number {
  let i = from;
  while (i < to) {
    const c = bytes[i];
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 12) i++;
    else if (c === 45 && bytes[i + 1] === 45) {
      while (i < to && bytes[i] !== 10) i++;
    } else if (c === 47 && bytes[i + 1] === 42) {
      const close = bytes.indexOf('*/', i + 2);
      i = close < 0 || close >= to ? to : close + 2;
    } else break;
  }
  return i;
}

/**
 * Parse a script into statements. Never throws: a syntax error comes back as data with its line.
 * firstLine is the script's first line in its file (dbmate up sections start further down).
 */
export function parseSqlScript(script: string, firstLine = 1): ParsedScript {
  const bytes = Buffer.from(script, 'utf8');
  let tree: { stmts?: { stmt?: Record<string, Record<string, unknown>>; stmt_location?: number; stmt_len?: number }[] };
  try {
    tree = parseSync(script);
  } catch (error) {
    const e = error as Error & { sqlDetails?: { cursorPosition?: number } };
    // cursorPosition counts characters from 0; lines are counted on the characters before it
    const position = e.sqlDetails?.cursorPosition;
    const line = typeof position === 'number' && position >= 0 ? firstLine + (script.slice(0, position).match(/\n/g)?.length ?? 0) : firstLine;
    return { error: { message: String(e?.message ?? error).split('\n')[0] ?? 'syntax error', line } };
  }
  const statements: ParsedStatement[] = [];
  let lineCursor = 0;
  let lineCount = firstLine;
  for (const raw of tree.stmts ?? []) {
    const entry = Object.entries(raw.stmt ?? {})[0];
    if (!entry) continue;
    const [kind, node] = entry;
    const location = raw.stmt_location ?? 0;
    const end = raw.stmt_len ? location + raw.stmt_len : bytes.length;
    const start = skipLeadingComments(bytes, location, end);
    // statements come in order, so count newlines incrementally instead of from the top each time
    lineCount = lineAt(bytes.subarray(lineCursor), start - lineCursor, lineCount);
    lineCursor = start;
    statements.push({ kind, node: node ?? {}, line: lineCount, text: bytes.subarray(start, end).toString('utf8').trim() });
  }
  return { statements };
}

// Splits PL/pgSQL text on top-level semicolons, keeping quoted strings and dollar-quoted bodies intact.
function splitStatements(body: string): string[] {
  const out: string[] = [];
  let start = 0;
  let i = 0;
  while (i < body.length) {
    const c = body[i];
    if (c === "'") {
      i++;
      while (i < body.length && !(body[i] === "'" && body[i + 1] !== "'")) i += body[i] === "'" ? 2 : 1;
      i++;
    } else if (c === '-' && body[i + 1] === '-') {
      while (i < body.length && body[i] !== '\n') i++;
    } else if (c === '$') {
      const tag = /^\$[A-Za-z_]*\$/.exec(body.slice(i))?.[0];
      if (tag) {
        const close = body.indexOf(tag, i + tag.length);
        i = close < 0 ? body.length : close + tag.length;
      } else i++;
    } else if (c === ';') {
      out.push(body.slice(start, i));
      start = ++i;
    } else i++;
  }
  out.push(body.slice(start));
  return out;
}

// DDL that a DO block may wrap (e.g. Drizzle's "DO $$ BEGIN ALTER TABLE ... ADD CONSTRAINT ...; EXCEPTION ... END $$").
const EMBEDDED_DDL = /\b(ALTER\s+TABLE|CREATE\s+(?:UNIQUE\s+)?INDEX|DROP\s+(?:TABLE|INDEX)|VACUUM|CLUSTER|REINDEX|LOCK\s+TABLE|TRUNCATE)\b/i;
const EXECUTE_LITERAL = /\bEXECUTE\s+'((?:[^']|'')*)'/i;

/**
 * The DDL statements inside a DO block's PL/pgSQL body, parsed with the real parser where they can be cut out:
 * plain statements and EXECUTE of a string literal. Dynamic SQL built at run time stays invisible.
 */
export function embeddedStatements(body: string, line: number): ParsedStatement[] {
  const found: ParsedStatement[] = [];
  for (const piece of splitStatements(body)) {
    const literal = EXECUTE_LITERAL.exec(piece);
    const candidate = literal ? (literal[1] ?? '').replace(/''/g, "'") : piece;
    const m = EMBEDDED_DDL.exec(candidate);
    if (!m) continue;
    const text = candidate.slice(m.index).trim();
    const parsed = parseSqlScript(text, line);
    if ('statements' in parsed) for (const s of parsed.statements) found.push({ ...s, line });
  }
  return found;
}

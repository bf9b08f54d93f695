// Masks credentials in SQL text before it goes into facts: passwords of roles, user mappings and servers, and string
// literals (or any text) the secret rules recognise. Only the secret is replaced, in the src/mask.ts form.
import { maskSecret } from '../../mask.js';
import { pathTraits, SecretScanner } from '../secret-rules.js';

export interface MaskedSql {
  text: string;
  /** The raw values masked, for the run's redactor. */
  secrets: string[];
}

// A literal right after one of these is a password: ROLE/USER ... [ENCRYPTED] PASSWORD '...', OPTIONS (password '...').
const PASSWORD_CONTEXT = /(?:\b(?:[a-z_]*pass(?:word|wd|phrase)?|[a-z_]*secret[a-z_]*|[a-z_]*token|api_?key|access_?key|private_?key|credentials?)\s*(?:=\s*)?)$/i;
/** Nested literals (EXECUTE strings in DO bodies) are masked to this depth. */
const MAX_DEPTH = 4;
const scanner = new SecretScanner();
// a neutral path: the statement is scanned as code with quoted values, never as a test or docs file
const TRAITS = pathTraits('migration.sql');

interface Literal {
  start: number;
  end: number;
  /** Decoded content. */
  value: string;
  encode(content: string): string;
}

// The next string literal at or after `from`: '...' (quote doubling), E'...' (backslash escapes) or $tag$...$tag$.
// Comments and quoted identifiers are skipped so a quote inside them does not start a literal.
function nextLiteral(sql: string, from: number): Literal | null {
  let i = from;
  while (i < sql.length) {
    const c = sql[i];
    if (c === '-' && sql[i + 1] === '-') {
      const nl = sql.indexOf('\n', i);
      i = nl < 0 ? sql.length : nl + 1;
    } else if (c === '/' && sql[i + 1] === '*') {
      const close = sql.indexOf('*/', i + 2);
      i = close < 0 ? sql.length : close + 2;
    } else if (c === '"') {
      const close = sql.indexOf('"', i + 1);
      i = close < 0 ? sql.length : close + 1;
    } else if (c === "'") {
      const escaped = i > 0 && /[eE]/.test(sql[i - 1] ?? '') && !/[\w$]/.test(sql[i - 2] ?? '');
      return escaped ? escapedLiteral(sql, i) : plainLiteral(sql, i);
    } else if (c === '$' && !/[\w$]/.test(sql[i - 1] ?? '')) {
      const tag = /^\$(?:[A-Za-z_][\w]*)?\$/.exec(sql.slice(i, i + 64))?.[0];
      if (!tag) {
        i++;
        continue;
      }
      const close = sql.indexOf(tag, i + tag.length);
      const end = close < 0 ? sql.length : close + tag.length;
      return { start: i, end, value: sql.slice(i + tag.length, close < 0 ? sql.length : close), encode: (content) => `${tag}${content}${tag}` };
    } else i++;
  }
  return null;
}

function plainLiteral(sql: string, open: number): Literal {
  let i = open + 1;
  let value = '';
  while (i < sql.length) {
    if (sql[i] === "'") {
      if (sql[i + 1] === "'") {
        value += "'";
        i += 2;
        continue;
      }
      return { start: open, end: i + 1, value, encode: (content) => `'${content.replace(/'/g, "''")}'` };
    }
    value += sql[i];
    i++;
  }
  return { start: open, end: sql.length, value, encode: (content) => `'${content.replace(/'/g, "''")}'` };
}

function escapedLiteral(sql: string, open: number): Literal {
  let i = open + 1;
  let value = '';
  const encode = (content: string) => `'${content.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  while (i < sql.length) {
    const c = sql[i] as string;
    if (c === '\\' && i + 1 < sql.length) {
      value += sql[i + 1];
      i += 2;
    } else if (c === "'" && sql[i + 1] === "'") {
      value += "'";
      i += 2;
    } else if (c === "'") {
      return { start: open, end: i + 1, value, encode };
    } else {
      value += c;
      i++;
    }
  }
  return { start: open, end: sql.length, value, encode };
}

/** Replaces what the secret rules find anywhere in the text (comments and identifiers included). */
function maskRuleHits(text: string, secrets: string[]): string {
  if (!scanner.mayContainSecrets(text)) return text;
  const lines = text.split('\n');
  const hits = scanner.scanLines(lines, 1, 'migration.sql', TRAITS);
  if (hits.length === 0) return text;
  for (const hit of hits) secrets.push(hit.value);
  return lines
    .map((line, index) => {
      let out = line;
      for (const hit of hits.filter((h) => h.line === index + 1).sort((a, b) => b.column - a.column)) {
        const at = hit.column - 1;
        if (out.slice(at, at + hit.value.length) === hit.value) out = `${out.slice(0, at)}${maskSecret(hit.value)}${out.slice(at + hit.value.length)}`;
      }
      return out;
    })
    .join('\n');
}

function maskLiterals(sql: string, depth: number, secrets: string[]): string {
  let out = '';
  let at = 0;
  for (let literal = nextLiteral(sql, 0); literal; literal = nextLiteral(sql, literal.end)) {
    const before = sql.slice(at, literal.start);
    out += before;
    const code = sql.slice(0, literal.start).replace(/[eE]$/, '');
    let content = literal.value;
    if (content.length > 0 && PASSWORD_CONTEXT.test(code.slice(-80))) {
      secrets.push(content);
      content = maskSecret(content);
    } else if (depth < MAX_DEPTH) {
      // a literal may itself be SQL (a DO body, an EXECUTE string): mask inside it
      content = maskLiterals(content, depth + 1, secrets);
    }
    out += content === literal.value ? sql.slice(literal.start, literal.end) : literal.encode(content);
    at = literal.end;
  }
  return out + sql.slice(at);
}

/** The SQL with every credential masked; never throws, bounded by the text's length and MAX_DEPTH. */
export function maskSqlSecrets(sql: string): MaskedSql {
  const secrets: string[] = [];
  const text = maskRuleHits(maskLiterals(sql, 0, secrets), secrets);
  return { text, secrets };
}

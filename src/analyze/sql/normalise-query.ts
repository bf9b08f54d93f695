// Query text as it may appear in facts and reports: pg_stat_statements already replaces constants with $n, but utility
// statements (SET, CREATE ROLE ... PASSWORD) and trace spans keep them, so every remaining literal is masked too.
import { maskSqlSecrets } from './mask-sql.js';

const MAX_QUERY_CHARS = 2000;

/** Secrets masked (mask-sql), then every string literal → '?' and every standalone number → ?; whitespace collapsed. */
export function maskQueryText(sql: string): { text: string; secrets: string[] } {
  const bounded = sql.length > 4 * MAX_QUERY_CHARS ? sql.slice(0, 4 * MAX_QUERY_CHARS) : sql;
  const { text: secretFree, secrets } = maskSqlSecrets(bounded);
  let out = '';
  let i = 0;
  const s = secretFree;
  while (i < s.length) {
    const c = s[i] as string;
    const prev = i > 0 ? (s[i - 1] as string) : '';
    if (c === '-' && s[i + 1] === '-') {
      const nl = s.indexOf('\n', i);
      i = nl < 0 ? s.length : nl + 1;
      out += ' ';
    } else if (c === '/' && s[i + 1] === '*') {
      const close = s.indexOf('*/', i + 2);
      i = close < 0 ? s.length : close + 2;
      out += ' ';
    } else if (c === '"') {
      const close = s.indexOf('"', i + 1);
      const end = close < 0 ? s.length : close + 1;
      out += s.slice(i, end);
      i = end;
    } else if (c === "'") {
      // '...' with '' doubling; E'...' with backslash escapes (the E stays, harmless)
      const escapes = /[eE]/.test(prev) && !/[\w$]/.test(s[i - 2] ?? '');
      let j = i + 1;
      while (j < s.length) {
        if (escapes && s[j] === '\\') j += 2;
        else if (s[j] === "'" && s[j + 1] === "'") j += 2;
        else if (s[j] === "'") break;
        else j++;
      }
      out += "'?'";
      i = j + 1;
    } else if (c === '$' && !/[\w$]/.test(prev) && /^\$(?:[A-Za-z_]\w*)?\$/.test(s.slice(i, i + 64))) {
      const tag = /^\$(?:[A-Za-z_]\w*)?\$/.exec(s.slice(i, i + 64))?.[0] as string;
      const close = s.indexOf(tag, i + tag.length);
      out += "'?'";
      i = close < 0 ? s.length : close + tag.length;
    } else if (/[0-9]/.test(c) && !/[\w$.]/.test(prev)) {
      const m = /^(?:0x[0-9a-f]+|[0-9]+(?:\.[0-9]*)?(?:e[+-]?[0-9]+)?)/i.exec(s.slice(i, i + 64));
      const len = m?.[0].length ?? 1;
      if (/[\w]/.test(s[i + len] ?? '')) {
        out += c; // part of an identifier-like token (3d, 1st): keep
        i++;
      } else {
        out += '?';
        i += len;
      }
    } else {
      out += c;
      i++;
    }
  }
  const text = out.replace(/\s+/g, ' ').trim();
  return { text: text.length > MAX_QUERY_CHARS ? `${text.slice(0, MAX_QUERY_CHARS - 1)}…` : text, secrets };
}

/** Transaction control and session settings: round trips, but not the queries a route is judged by. */
export function isSessionStatement(query: string): boolean {
  return /^\s*(?:BEGIN|START\s+TRANSACTION|COMMIT|END|ROLLBACK|ABORT|SAVEPOINT|RELEASE|SET|RESET|SHOW|DISCARD|DEALLOCATE|LISTEN|UNLISTEN)\b/i.test(query);
}

/** A PostgreSQL identifier as it must be written: bare when lower-case and plain, else double-quoted. */
export function quoteIdent(name: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(name) && !RESERVED.has(name) ? name : `"${name.replace(/"/g, '""')}"`;
}

const RESERVED = new Set(['user', 'order', 'group', 'table', 'select', 'where', 'from', 'limit', 'offset', 'default', 'check', 'primary', 'references', 'end']);

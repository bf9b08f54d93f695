// Query fingerprints: the same statement with different literals normalises to one text, so a loop that runs
// "SELECT * FROM items WHERE order_id = 17", "... = 18" shows up as one query run N times.
import { createHash } from 'node:crypto';

const MAX_QUERY_CHARS = 16 * 1024;

const KEYWORDS = new Set(
  (
    'select from where and or not in is null like ilike between exists join inner left right full outer cross on using as ' +
    'group by order having limit offset fetch first next rows only union all intersect except distinct insert into values ' +
    'update set delete returning with recursive case when then else end asc desc nulls last create table index drop alter ' +
    'add column primary key foreign references default constraint unique begin commit rollback savepoint release for share ' +
    'nowait skip locked lateral any some cast true false over partition window filter within conflict do nothing upsert merge ' +
    'matched replace ignore explain analyze lock mode count sum avg min max coalesce greatest least interval escape collate'
  ).split(' '),
);

/** Keywords written with a space before an opening parenthesis ("IN (?)"); functions are glued ("COUNT(*)"). */
const SPACED_BEFORE_PAREN = new Set(
  'IN VALUES AS ON USING AND OR NOT EXISTS FROM JOIN WHERE SELECT ANY SOME ALL WITH OVER FILTER WITHIN LATERAL UNION INTERSECT EXCEPT THEN ELSE WHEN BETWEEN SET BY HAVING RETURNING'.split(
    ' ',
  ),
);

function isWordStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c > 127;
}
function isWordPart(c: number): boolean {
  return isWordStart(c) || (c >= 48 && c <= 57) || c === 36;
}
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * Normalises a statement: comments dropped, string/number/hex literals and bind placeholders ($1, ?, :name, @p1)
 * become ?, IN (...) and VALUES (...), (...) lists collapse to one element, keywords upper-case, whitespace folded.
 * Works for SQL dialects and for JSON-ish statements (MongoDB), where quoted values after a colon are literals.
 */
export function normaliseQuery(text: string): string {
  const sql = text.length > MAX_QUERY_CHARS ? text.slice(0, MAX_QUERY_CHARS) : text;
  const out: string[] = [];
  const n = sql.length;
  let i = 0;
  const last = (): string | undefined => out[out.length - 1];
  while (i < n) {
    const c = sql.charCodeAt(i);
    // whitespace
    if (c === 32 || c === 9 || c === 10 || c === 13) {
      i++;
      continue;
    }
    // comments
    if (c === 45 && sql.charCodeAt(i + 1) === 45) {
      const nl = sql.indexOf('\n', i);
      i = nl === -1 ? n : nl + 1;
      continue;
    }
    if (c === 47 && sql.charCodeAt(i + 1) === 42) {
      const close = sql.indexOf('*/', i + 2);
      i = close === -1 ? n : close + 2;
      continue;
    }
    // single-quoted strings (with '' and backslash escapes), E'..', N'..', B'..', X'..'
    if (c === 39 || ((c === 69 || c === 101 || c === 78 || c === 110 || c === 66 || c === 98 || c === 88 || c === 120) && sql.charCodeAt(i + 1) === 39)) {
      let j = c === 39 ? i + 1 : i + 2;
      while (j < n) {
        const d = sql.charCodeAt(j);
        if (d === 92) j += 2;
        else if (d === 39) {
          if (sql.charCodeAt(j + 1) === 39) j += 2;
          else break;
        } else j++;
      }
      out.push('?');
      i = j + 1;
      continue;
    }
    // dollar-quoted strings and $1 placeholders
    if (c === 36) {
      if (isDigit(sql.charCodeAt(i + 1))) {
        let j = i + 1;
        while (j < n && isDigit(sql.charCodeAt(j))) j++;
        out.push('?');
        i = j;
        continue;
      }
      const m = /^\$[A-Za-z_]*\$/.exec(sql.slice(i, i + 64));
      if (m) {
        const close = sql.indexOf(m[0], i + m[0].length);
        out.push('?');
        i = close === -1 ? n : close + m[0].length;
        continue;
      }
    }
    // double-quoted: an identifier in SQL, a value in JSON after a colon
    if (c === 34 || c === 96) {
      let j = i + 1;
      while (j < n && sql.charCodeAt(j) !== c) j += sql.charCodeAt(j) === 92 ? 2 : 1;
      const prev = last();
      out.push(c === 34 && prev === ':' ? '?' : sql.slice(i, j + 1));
      i = j + 1;
      continue;
    }
    // numbers (not inside identifiers: t1 stays t1)
    if (isDigit(c) || (c === 46 && isDigit(sql.charCodeAt(i + 1)))) {
      let j = i;
      if (c === 48 && (sql.charCodeAt(i + 1) === 120 || sql.charCodeAt(i + 1) === 88)) {
        j += 2;
        while (j < n && /[0-9a-fA-F]/.test(sql[j]!)) j++;
      } else {
        while (j < n && (isDigit(sql.charCodeAt(j)) || sql.charCodeAt(j) === 46)) j++;
        if (sql.charCodeAt(j) === 101 || sql.charCodeAt(j) === 69) {
          j++;
          if (sql.charCodeAt(j) === 43 || sql.charCodeAt(j) === 45) j++;
          while (j < n && isDigit(sql.charCodeAt(j))) j++;
        }
      }
      // a minus sign directly before a number after an operator or open paren is part of the literal
      if (last() === '-' && /^(?:[=<>(,+*/-]|IN|VALUES|THEN|ELSE|AND|OR|WHERE)$/.test(out[out.length - 2] ?? '=')) out.pop();
      out.push('?');
      i = j;
      continue;
    }
    // words
    if (isWordStart(c)) {
      let j = i + 1;
      while (j < n && isWordPart(sql.charCodeAt(j))) j++;
      const word = sql.slice(i, j);
      const lower = word.toLowerCase();
      out.push(KEYWORDS.has(lower) ? lower.toUpperCase() : word);
      i = j;
      continue;
    }
    // placeholders ? :name @p1 (a :: cast is not one)
    if (c === 63) {
      out.push('?');
      i++;
      continue;
    }
    if ((c === 58 && sql.charCodeAt(i + 1) !== 58 && isWordStart(sql.charCodeAt(i + 1)) && sql.charCodeAt(i - 1) !== 58) || (c === 64 && isWordStart(sql.charCodeAt(i + 1)))) {
      let j = i + 1;
      while (j < n && isWordPart(sql.charCodeAt(j))) j++;
      // a JSON key followed by a colon ("a":"b") never reaches here; a Redis key like user:42 keeps its word
      const prev = sql.charCodeAt(i - 1);
      if (c === 58 && (isWordPart(prev) || prev === 34)) {
        out.push(':');
        i++;
        continue;
      }
      out.push('?');
      i = j;
      continue;
    }
    if (c === 58 && sql.charCodeAt(i + 1) === 58) {
      out.push('::');
      i += 2;
      continue;
    }
    out.push(sql[i]!);
    i++;
  }
  return collapseLists(out);
}

/** Joins tokens with single spaces where SQL needs them, collapsing (?, ?, ...) and VALUES (...), (...). */
function collapseLists(tokens: string[]): string {
  const out: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    // ( ? , ? , ? ) → ( ? )
    if (t === '(' && tokens[i + 1] === '?') {
      let j = i + 1;
      while (tokens[j] === '?' && tokens[j + 1] === ',') j += 2;
      if (tokens[j] === '?' && tokens[j + 1] === ')') {
        out.push('(', '?', ')');
        i = j + 1;
        // VALUES (?), (?), ... → VALUES (?)
        while (tokens[i + 1] === ',' && tokens[i + 2] === '(') {
          let k = i + 3;
          while (tokens[k] === '?' && tokens[k + 1] === ',') k += 2;
          if (tokens[k] === '?' && tokens[k + 1] === ')') i = k + 1;
          else break;
        }
        continue;
      }
    }
    out.push(t);
  }
  let text = '';
  for (let i = 0; i < out.length; i++) {
    const t = out[i]!;
    const prev = out[i - 1];
    const glue =
      i === 0 ||
      t === ',' ||
      t === ')' ||
      t === '.' ||
      t === '::' ||
      t === ':' ||
      prev === '(' ||
      prev === '.' ||
      prev === '::' ||
      prev === ':' ||
      (t === '(' && prev !== undefined && /\w$/.test(prev) && !SPACED_BEFORE_PAREN.has(prev));
    text += glue ? t : ` ${t}`;
  }
  return text.replace(/\s*;\s*$/, '');
}

/** A short stable id for a normalised query. */
export function queryId(normalised: string): string {
  return createHash('sha1').update(normalised).digest('hex').slice(0, 12);
}

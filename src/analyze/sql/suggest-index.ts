// The index a sequentially scanned table needs, derived from the normalised query text that filters it: equality
// columns first, then one range column (the usual B-tree rule). Plain single-table filters and qualified columns of a
// join only; anything ambiguous gives no suggestion rather than a wrong one.
import { quoteIdent } from './normalise-query.js';

export interface IndexSuggestion {
  columns: string[];
  /** CREATE INDEX CONCURRENTLY IF NOT EXISTS name ON schema.table (cols); */
  statement: string;
  /** The query the columns come from. */
  query: string;
}

const IDENT = String.raw`(?:"(?:[^"]|"")+"|[A-Za-z_][\w$]*)`;
const CLAUSE_END = /\b(?:GROUP\s+BY|ORDER\s+BY|LIMIT|OFFSET|RETURNING|FOR\s+(?:UPDATE|SHARE|NO\s+KEY|KEY)|HAVING|WINDOW|UNION|INTERSECT|EXCEPT)\b|\)\s*$|;/i;

function unquote(ident: string): string {
  return ident.startsWith('"') ? ident.slice(1, -1).replace(/""/g, '"') : ident.toLowerCase();
}

/** Aliases under which the query reads the table (the bare name included), or null when it does not read it. */
function aliasesOf(query: string, schema: string, table: string): { aliases: Set<string>; single: boolean } | null {
  const fromRe = new RegExp(
    String.raw`\b(FROM|JOIN|,)\s+(?:(${IDENT})\.)?(${IDENT})(?:\s+(?:AS\s+)?(?!(?:WHERE|JOIN|INNER|LEFT|RIGHT|FULL|CROSS|ON|USING|GROUP|ORDER|LIMIT|OFFSET|FOR|NATURAL|FROM|SET|VALUES|LATERAL|UNION|RETURNING|HAVING|WINDOW)\b)(${IDENT}))?`,
    'gi',
  );
  const aliases = new Set<string>();
  let sources = 0;
  // commas of the select list are not joins: read from the first FROM (UPDATE/DELETE name their table after it too)
  const from = /\b(?:FROM|UPDATE)\b/i.exec(query);
  if (!from) return null;
  const body = query.slice(from.index).replace(/^UPDATE\b/i, 'FROM');
  for (const m of body.matchAll(fromRe)) {
    sources++;
    const sch = m[2] ? unquote(m[2]) : null;
    const name = unquote(m[3] as string);
    if (name !== table || (sch !== null && sch !== schema)) continue;
    aliases.add(name);
    if (m[4]) aliases.add(unquote(m[4]));
  }
  if (aliases.size === 0) return null;
  return { aliases, single: sources === 1 };
}

/** The suggested index for one query over the table, or null. */
export function suggestIndexFromQuery(query: string, schema: string, table: string, columns: readonly string[]): IndexSuggestion | null {
  const reads = aliasesOf(query, schema, table);
  if (!reads) return null;
  const where = /\bWHERE\b/i.exec(query);
  if (!where) return null;
  const rest = query.slice(where.index + 5);
  const end = CLAUSE_END.exec(rest);
  const clause = end ? rest.slice(0, end.index) : rest;
  const known = new Set(columns);
  const equality: string[] = [];
  const range: string[] = [];
  const predRe = new RegExp(String.raw`(?:(${IDENT})\.)?(${IDENT})\s*(=|<>|!=|<=|>=|<|>|\bIN\b|\bBETWEEN\b|\bLIKE\b|\bILIKE\b|\bIS\b|=\s*ANY\b)`, 'gi');
  for (const m of clause.matchAll(predRe)) {
    const qualifier = m[1] ? unquote(m[1]) : null;
    const col = unquote(m[2] as string);
    if (qualifier ? !reads.aliases.has(qualifier) : !reads.single) continue;
    if (!known.has(col)) continue;
    const op = (m[3] as string).toUpperCase().replace(/\s+/g, ' ');
    if (op === '<>' || op === '!=' || op === 'ILIKE') continue;
    if (op === '=' || op === 'IN' || op === 'IS' || op.startsWith('= ANY') || op === '=ANY') {
      if (!equality.includes(col)) equality.push(col);
    } else if (!range.includes(col)) range.push(col);
  }
  const picked = [...equality.slice(0, 3), ...range.filter((c) => !equality.includes(c)).slice(0, 1)];
  if (picked.length === 0) return null;
  return { columns: picked, statement: createIndexStatement(schema, table, picked), query };
}

/** CREATE INDEX CONCURRENTLY IF NOT EXISTS <table>_<cols>_idx ON schema.table (cols); name kept within 63 bytes. */
export function createIndexStatement(schema: string, table: string, columns: readonly string[]): string {
  let name = `${table}_${columns.join('_')}_idx`.replace(/[^A-Za-z0-9_]/g, '_').toLowerCase();
  if (Buffer.byteLength(name) > 63) name = `${name.slice(0, 59)}_idx`;
  const qualified = schema === 'public' ? quoteIdent(table) : `${quoteIdent(schema)}.${quoteIdent(table)}`;
  return `CREATE INDEX CONCURRENTLY IF NOT EXISTS ${quoteIdent(name)} ON ${qualified} (${columns.map(quoteIdent).join(', ')});`;
}

/** The first suggestion among queries, tried in the order given (callers sort by time spent). */
export function suggestIndex(queries: readonly string[], schema: string, table: string, columns: readonly string[]): IndexSuggestion | null {
  for (const q of queries) {
    const s = suggestIndexFromQuery(q, schema, table, columns);
    if (s) return s;
  }
  return null;
}

/** Whether the query reads the table (FROM, JOIN or a comma join). */
export function queryReadsTable(query: string, schema: string, table: string): boolean {
  return aliasesOf(query, schema, table) !== null;
}

// Catalog and statistics views, read-only: foreign keys and the indexes that cover them, table scan counters,
// index usage. Every list is capped; a cap that cuts says so in `truncated`.
import type pg from 'pg';
import type { ForeignKeyFact, IndexUsageFact, TableScanFact } from '../../facts/pgstats.js';
import type { Redactor } from '../../mask.js';
import { MARK } from './session.js';
import { safeQueryText } from './snapshot.js';

const MAX_FOREIGN_KEYS = 1000;
const MAX_TABLES = 500;
const MAX_INDEXES = 1000;
const MAX_COLUMNS = 200;
const USER_SCHEMAS = `n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%' AND n.nspname NOT LIKE 'pg_temp%'`;

const num = (v: unknown): number => (Number.isFinite(Number(v)) ? Number(v) : 0);
const rowsOf = (reltuples: unknown, live: unknown): number => Math.max(0, Math.round(num(reltuples) >= 0 ? num(reltuples) : num(live)));

interface IndexKeys {
  name: string;
  keys: number[];
}

/** True when the index's leading keys are exactly the FK's columns, in any order. */
function indexCovers(indexKeys: readonly number[], fkColumns: readonly number[]): boolean {
  if (indexKeys.length < fkColumns.length) return false;
  const lead = new Set(indexKeys.slice(0, fkColumns.length));
  return fkColumns.every((c) => lead.has(c));
}

async function indexKeysByTable(client: pg.Client, tableOids: number[]): Promise<Map<number, IndexKeys[]>> {
  const out = new Map<number, IndexKeys[]>();
  if (tableOids.length === 0) return out;
  const { rows } = await client.query(
    `SELECT ${MARK} i.indrelid::int8 AS rel, ic.relname AS name, string_to_array(i.indkey::text, ' ')::int[] AS keys
       FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
      WHERE i.indrelid = ANY($1::oid[]) AND i.indisvalid AND i.indpred IS NULL`,
    [tableOids],
  );
  for (const r of rows) {
    const list = out.get(num(r.rel)) ?? [];
    list.push({ name: String(r.name), keys: (r.keys as number[]).map(Number) });
    out.set(num(r.rel), list);
  }
  return out;
}

export async function readForeignKeys(client: pg.Client, truncated: string[]): Promise<ForeignKeyFact[]> {
  const { rows } = await client.query(
    `SELECT ${MARK} n.nspname AS schema, c.relname AS tbl, con.conname, con.conrelid::int8 AS rel, con.conkey::int[] AS conkey,
            rn.nspname AS rschema, rc.relname AS rtbl, c.reltuples::float8 AS reltuples, s.n_live_tup::float8 AS live,
            (SELECT array_agg(a.attname::text ORDER BY k.ord) FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ord)
               JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum) AS cols,
            (SELECT array_agg(a.attname::text ORDER BY k.ord) FROM unnest(con.confkey) WITH ORDINALITY k(attnum, ord)
               JOIN pg_catalog.pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum) AS rcols
       FROM pg_catalog.pg_constraint con
       JOIN pg_catalog.pg_class c ON c.oid = con.conrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_catalog.pg_class rc ON rc.oid = con.confrelid JOIN pg_catalog.pg_namespace rn ON rn.oid = rc.relnamespace
       LEFT JOIN pg_catalog.pg_stat_user_tables s ON s.relid = c.oid
      WHERE con.contype = 'f' AND ${USER_SCHEMAS}
      ORDER BY n.nspname, c.relname, con.conname
      LIMIT ${MAX_FOREIGN_KEYS + 1}`,
  );
  if (rows.length > MAX_FOREIGN_KEYS) truncated.push(`foreign keys: only the first ${MAX_FOREIGN_KEYS} read`);
  const kept = rows.slice(0, MAX_FOREIGN_KEYS);
  const indexes = await indexKeysByTable(client, [...new Set(kept.map((r) => num(r.rel)))]);
  return kept.map((r) => {
    const conkey = (r.conkey as number[]).map(Number);
    const covering = (indexes.get(num(r.rel)) ?? []).find((i) => indexCovers(i.keys, conkey));
    const rschema = String(r.rschema);
    return {
      schema: String(r.schema),
      table: String(r.tbl),
      constraint: String(r.conname),
      columns: (r.cols as string[] | null) ?? [],
      referencedTable: rschema === 'public' ? String(r.rtbl) : `${rschema}.${r.rtbl}`,
      referencedColumns: (r.rcols as string[] | null) ?? [],
      coveringIndex: covering?.name ?? null,
      tableRows: rowsOf(r.reltuples, r.live),
    };
  });
}

export async function readTables(client: pg.Client, truncated: string[]): Promise<TableScanFact[]> {
  const { rows } = await client.query(
    `SELECT ${MARK} s.schemaname AS schema, s.relname AS tbl, s.relid::int8 AS rel, coalesce(s.seq_scan, 0)::float8 AS seq_scan,
            coalesce(s.seq_tup_read, 0)::float8 AS seq_tup_read, coalesce(s.idx_scan, 0)::float8 AS idx_scan,
            c.reltuples::float8 AS reltuples, s.n_live_tup::float8 AS live, pg_catalog.pg_total_relation_size(s.relid)::float8 AS size
       FROM pg_catalog.pg_stat_user_tables s JOIN pg_catalog.pg_class c ON c.oid = s.relid
      ORDER BY size DESC, s.schemaname, s.relname
      LIMIT ${MAX_TABLES + 1}`,
  );
  if (rows.length > MAX_TABLES) truncated.push(`tables: only the ${MAX_TABLES} largest read`);
  const kept = rows.slice(0, MAX_TABLES);
  const oids = kept.map((r) => num(r.rel));
  const columns = new Map<number, string[]>();
  const leading = new Map<number, string[]>();
  if (oids.length > 0) {
    const cols = await client.query(
      `SELECT ${MARK} a.attrelid::int8 AS rel, array_agg(a.attname::text ORDER BY a.attnum) AS cols
         FROM pg_catalog.pg_attribute a WHERE a.attrelid = ANY($1::oid[]) AND a.attnum > 0 AND NOT a.attisdropped GROUP BY a.attrelid`,
      [oids],
    );
    for (const r of cols.rows) columns.set(num(r.rel), (r.cols as string[]).slice(0, MAX_COLUMNS));
    const lead = await client.query(
      `SELECT ${MARK} i.indrelid::int8 AS rel, array_agg(DISTINCT a.attname::text) AS cols
         FROM pg_catalog.pg_index i JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
        WHERE i.indrelid = ANY($1::oid[]) AND i.indisvalid GROUP BY i.indrelid`,
      [oids],
    );
    for (const r of lead.rows) leading.set(num(r.rel), r.cols as string[]);
  }
  return kept.map((r) => ({
    schema: String(r.schema),
    table: String(r.tbl),
    rows: rowsOf(r.reltuples, r.live),
    seqScan: num(r.seq_scan),
    seqTupRead: num(r.seq_tup_read),
    idxScan: num(r.idx_scan),
    sizeBytes: num(r.size),
    columns: columns.get(num(r.rel)) ?? [],
    indexedLeadingColumns: leading.get(num(r.rel)) ?? [],
  }));
}

export async function readIndexes(client: pg.Client, truncated: string[], redactor: Redactor): Promise<IndexUsageFact[]> {
  const { rows } = await client.query(
    `SELECT ${MARK} s.schemaname AS schema, s.relname AS tbl, s.indexrelname AS idx, coalesce(s.idx_scan, 0)::float8 AS idx_scan,
            pg_catalog.pg_relation_size(s.indexrelid)::float8 AS size, i.indisunique AS uniq, i.indisprimary AS prim,
            EXISTS (SELECT 1 FROM pg_catalog.pg_constraint con WHERE con.conindid = s.indexrelid) AS con,
            c.reltuples::float8 AS reltuples, pg_catalog.pg_get_indexdef(s.indexrelid) AS def
       FROM pg_catalog.pg_stat_user_indexes s JOIN pg_catalog.pg_index i ON i.indexrelid = s.indexrelid
       JOIN pg_catalog.pg_class c ON c.oid = s.relid
      ORDER BY size DESC, s.schemaname, s.indexrelname
      LIMIT ${MAX_INDEXES + 1}`,
  );
  if (rows.length > MAX_INDEXES) truncated.push(`indexes: only the ${MAX_INDEXES} largest read`);
  return rows.slice(0, MAX_INDEXES).map((r) => ({
    schema: String(r.schema),
    table: String(r.tbl),
    index: String(r.idx),
    idxScan: num(r.idx_scan),
    sizeBytes: num(r.size),
    unique: r.uniq === true,
    primary: r.prim === true,
    constraint: r.con === true,
    tableRows: rowsOf(r.reltuples, null),
    definition: safeQueryText(String(r.def ?? ''), redactor),
  }));
}

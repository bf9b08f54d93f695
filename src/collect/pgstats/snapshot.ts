// Snapshots of pg_stat_statements for this database and the difference between two of them.
import type pg from 'pg';
import { isSessionStatement, maskQueryText } from '../../analyze/sql/normalise-query.js';
import type { StatementStat } from '../../facts/pgstats.js';
import type { Redactor } from '../../mask.js';
import { MARK, OWN_QUERY_MARKER, type StatStatementsAccess } from './session.js';

const MAX_SNAPSHOT_ROWS = 20_000;

export interface StatementCounter {
  fingerprint: string;
  calls: number;
  totalMs: number;
  rows: number;
  query: string;
}

/** queryid → counters summed over roles and nesting levels. */
export type StatementSnapshot = Map<string, StatementCounter>;

export async function snapshotStatements(client: pg.Client, access: StatStatementsAccess): Promise<StatementSnapshot> {
  if (!access.view) throw new Error(access.problem ?? 'pg_stat_statements is not usable');
  const { rows } = await client.query(
    `SELECT ${MARK} s.queryid::text AS id, s.calls::float8 AS calls, s.${access.totalColumn}::float8 AS total, s.rows::float8 AS rows, left(s.query, 8000) AS query
       FROM ${access.view} s
      WHERE s.dbid = (SELECT oid FROM pg_catalog.pg_database WHERE datname = current_database()) AND s.queryid IS NOT NULL
      LIMIT ${MAX_SNAPSHOT_ROWS}`,
  );
  const snapshot: StatementSnapshot = new Map();
  for (const r of rows) {
    const query = String(r.query ?? '');
    if (query.includes(OWN_QUERY_MARKER)) continue;
    const id = String(r.id);
    const prev = snapshot.get(id);
    if (prev) {
      prev.calls += Number(r.calls);
      prev.totalMs += Number(r.total);
      prev.rows += Number(r.rows);
    } else snapshot.set(id, { fingerprint: id, calls: Number(r.calls), totalMs: Number(r.total), rows: Number(r.rows), query });
  }
  return snapshot;
}

/** Masked normalised text; the raw values masked go to this run's redactor too. */
export function safeQueryText(query: string, redactor: Redactor): string {
  const { text, secrets } = maskQueryText(query);
  for (const s of secrets) redactor.add(s);
  return text;
}

function toStat(c: StatementCounter, redactor: Redactor): StatementStat {
  return {
    fingerprint: c.fingerprint,
    query: safeQueryText(c.query, redactor),
    calls: c.calls,
    totalMs: round(c.totalMs),
    meanMs: c.calls > 0 ? round(c.totalMs / c.calls, 4) : 0,
    rows: c.rows,
  };
}

const round = (n: number, digits = 3) => Math.round(n * 10 ** digits) / 10 ** digits;

/** Calls between two snapshots (a statement evicted or reset in between counts from zero), session statements left out. */
export function statementDelta(before: StatementSnapshot, after: StatementSnapshot, redactor: Redactor): StatementStat[] {
  const out: StatementStat[] = [];
  for (const [id, a] of after) {
    if (isSessionStatement(a.query)) continue;
    const b = before.get(id);
    const reset = b !== undefined && a.calls < b.calls;
    const calls = b && !reset ? a.calls - b.calls : a.calls;
    if (calls <= 0) continue;
    const totalMs = b && !reset ? Math.max(0, a.totalMs - b.totalMs) : a.totalMs;
    const rows = b && !reset ? Math.max(0, a.rows - b.rows) : a.rows;
    out.push(toStat({ fingerprint: id, calls, totalMs, rows, query: a.query }, redactor));
  }
  return out.sort((x, y) => y.calls - x.calls || y.totalMs - x.totalMs);
}

/** The statements with the most total time since the last statistics reset. */
export function topStatements(snapshot: StatementSnapshot, limit: number, redactor: Redactor): StatementStat[] {
  return [...snapshot.values()]
    .filter((c) => c.calls > 0 && !isSessionStatement(c.query))
    .sort((x, y) => y.totalMs - x.totalMs)
    .slice(0, limit)
    .map((c) => toStat(c, redactor));
}

// How migration findings describe a statement: where it is, what it locks, and what the sandbox (PGlite) measured.
import type { MigrationStatement } from '../../facts/migrations.js';
import type { Hazard, LockMode } from './types.js';

// Rules that fire only because the statement rewrites the table.
const REWRITE_RULES = new Set(['changing-column-type', 'adding-field-with-default', 'table-rewrite']);

export interface MeasuredLock {
  mode: LockMode;
  ms: number;
  rows: number | null;
}

/** The lock the sandbox run saw on this table for this statement, when it ran cleanly. */
export function measuredLock(statement: MigrationStatement, table: string): MeasuredLock | null {
  const m = statement.measured;
  if (!m || m.skipped || m.error) return null;
  const lock = m.locks.find((l) => l.relation === table);
  return lock ? { mode: lock.mode, ms: m.ms, rows: m.rows } : null;
}

/** "ACCESS EXCLUSIVE on orders for 412 ms at 100,000 rows" */
export function describeLock(mode: LockMode, table: string, measured: MeasuredLock | null): string {
  if (!measured) return `${mode} on ${table}`;
  const rows = measured.rows === null ? '' : ` at ${measured.rows.toLocaleString('en-US')} rows`;
  return `${measured.mode} on ${table} for ${measured.ms} ms${rows}`;
}

export function statementTarget(statement: Pick<MigrationStatement, 'file' | 'line'>): string {
  return `${statement.file}:${statement.line}`;
}

/**
 * The sandbox run showed PostgreSQL kept the table's storage (same relfilenode): e.g. numeric(10,2) → numeric(12,2) or
 * varchar(50) → text. A rewrite-only rule is then disproved for that table.
 */
export function rewriteDisproved(statement: MigrationStatement, hazard: Pick<Hazard, 'rule' | 'table'>): boolean {
  const m = statement.measured;
  if (!REWRITE_RULES.has(hazard.rule) || !m || m.skipped || m.error || !m.rewritten) return false;
  return !m.rewritten.includes(hazard.table) && m.locks.some((l) => l.relation === hazard.table);
}

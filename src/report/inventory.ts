// Inventory tables for the report (env vars, migrations with lock modes, dependencies with advisories).
// Each collector that has one puts an `inventory` table in its facts; reporters render them generically.
import type { FactSource, Facts } from '../facts.js';
import { isCollectorFailure } from '../facts.js';

export interface InventoryTable {
  title: string;
  columns: string[];
  rows: string[][];
  /** Rows left out for size (the facts keep the full list). */
  omitted?: number;
}

const INVENTORY_SOURCES: { source: FactSource; key: string }[] = [
  { source: 'env', key: 'envVars' },
  { source: 'migrations', key: 'migrations' },
  { source: 'deps', key: 'dependencies' },
];

const MAX_ROWS = 500;

export function buildInventory(facts: Facts): Record<string, InventoryTable> {
  const out: Record<string, InventoryTable> = {};
  for (const { source, key } of INVENTORY_SOURCES) {
    const value = facts.sources[source];
    if (!value || isCollectorFailure(value)) continue;
    const table = (value as { inventory?: InventoryTable }).inventory;
    if (!table || !Array.isArray(table.rows)) continue;
    out[key] = { ...table, rows: table.rows.slice(0, MAX_ROWS), omitted: Math.max(0, table.rows.length - MAX_ROWS) + (table.omitted ?? 0) };
  }
  return out;
}

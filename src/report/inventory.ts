// Inventory tables for the report (env vars, migrations with lock modes, dependencies with advisories).
// Each collector that has one puts an `inventory` table in its facts; reporters render them generically.
import type { FactSource, Facts } from '../facts/index.js';
import { isCollectorFailure } from '../facts/index.js';

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
    // a source with several tables (one per migration set) lists each under key, key-2, key-3...
    const { inventory, inventories } = value as { inventory?: InventoryTable; inventories?: InventoryTable[] };
    const tables = Array.isArray(inventories) && inventories.length > 0 ? inventories : inventory ? [inventory] : [];
    tables.forEach((table, i) => {
      if (!table || !Array.isArray(table.rows)) return;
      out[i === 0 ? key : `${key}-${i + 1}`] = { ...table, rows: table.rows.slice(0, MAX_ROWS), omitted: Math.max(0, table.rows.length - MAX_ROWS) + (table.omitted ?? 0) };
    });
  }
  return out;
}

// Inventory tables for the report (env vars, migrations with lock modes, dependencies with advisories).
import type { Facts } from '../facts.js';

export function buildInventory(_facts: Facts): Record<string, unknown> {
  return {};
}

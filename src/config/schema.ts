// The published JSON Schema of launchready.yml lives in schema/launchready.schema.json; this loads it once.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const CONFIG_SCHEMA_PATH = fileURLToPath(new URL('../../schema/launchready.schema.json', import.meta.url));

export function loadJsonSchema(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
}

// Where the `# yaml-language-server: $schema=` line of a generated launchready.yml points: a local file editors resolve
// relative to the YAML file (the package is not published, so a registry URL would not resolve).
import { existsSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** The schema as shipped when launchready is a dependency of the project: the path a team can commit. */
export const DEPENDENCY_SCHEMA_REF = './node_modules/launchready/schema/launchready.schema.json';

/** Prefer the project's own node_modules copy; otherwise the relative path to the schema of the running launchready. */
export function schemaRefFor(configDir: string, runningSchemaPath: string): string {
  if (existsSync(join(configDir, ...DEPENDENCY_SCHEMA_REF.split('/')))) return DEPENDENCY_SCHEMA_REF;
  const path = relative(configDir, runningSchemaPath).split(sep).join('/');
  return path.startsWith('../') ? path : `./${path}`;
}

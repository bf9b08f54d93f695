// Reads launchready.yml: YAML → JSON Schema validation (errors name the key path) → ${VAR} interpolation.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Ajv, ErrorObject } from 'ajv';
import { parse as parseYaml } from 'yaml';
import type { Redactor } from '../mask.js';
import { readRegularFileSync, SafeFileError } from '../safe-file.js';
import { closestName } from '../suggest.js';
import { CONFIG_SCHEMA_PATH, loadJsonSchema } from './schema.js';
import type { LaunchreadyConfig } from './types.js';

export class UsageError extends Error {
  constructor(
    message: string,
    readonly hint: string = 'run `launchready --help`',
  ) {
    super(message);
  }
}

const MAX_CONFIG_BYTES = 1024 * 1024;
let validator: ReturnType<Ajv['compile']> | undefined;

function getValidator() {
  if (!validator) {
    // ajv is required on first validation, not at import: every command imports this module for UsageError
    const { Ajv: AjvClass } = createRequire(import.meta.url)('ajv') as typeof import('ajv');
    const ajv = new AjvClass({ allErrors: true, strict: false, verbose: true });
    validator = ajv.compile(loadJsonSchema(CONFIG_SCHEMA_PATH));
  }
  return validator;
}

function keyPath(error: ErrorObject): string {
  const parts = error.instancePath
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  let path = parts.reduce((acc, p) => (/^\d+$/.test(p) ? `${acc}[${p}]` : acc ? `${acc}.${p}` : p), '');
  if (error.keyword === 'additionalProperties') {
    const extra = (error.params as { additionalProperty: string }).additionalProperty;
    path = path ? `${path}.${extra}` : extra;
  }
  if (error.keyword === 'propertyNames') {
    const name = (error.params as { propertyName: string }).propertyName;
    path = path ? `${path}.${name}` : name;
  }
  return path || '(root)';
}

/** ", did you mean load.expectedPeakRps?" when the unknown key is a typo of a key the schema allows at that place. */
function nearKey(error: ErrorObject, path: string): string {
  // verbose: the schema object that holds the keyword, with the keys allowed beside the unknown one
  const properties = (error.parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties;
  if (!properties || typeof properties !== 'object') return '';
  const typed =
    error.keyword === 'additionalProperties' ? (error.params as { additionalProperty: string }).additionalProperty : (error.params as { propertyName: string }).propertyName;
  const near = closestName(typed, Object.keys(properties));
  if (!near) return '';
  const parent = path.slice(0, Math.max(0, path.length - typed.length - 1));
  return `, did you mean ${parent ? `${parent}.` : ''}${near}?`;
}

function describe(error: ErrorObject): string {
  const path = keyPath(error);
  switch (error.keyword) {
    case 'additionalProperties':
    case 'propertyNames':
      return `${path}: unknown key${nearKey(error, path)}`;
    case 'type':
      return `${path}: expected ${(error.params as { type: string }).type}`;
    case 'enum':
      return `${path}: expected one of ${(error.params as { allowedValues: unknown[] }).allowedValues.join(', ')}`;
    case 'required':
      return `${path}.${(error.params as { missingProperty: string }).missingProperty}: required`;
    case 'pattern':
      return `${path}: expected a string matching ${(error.params as { pattern: string }).pattern}`;
    default:
      return `${path}: ${error.message ?? 'invalid'}`;
  }
}

/** Validate a parsed config object; throws UsageError listing each bad key path and the expected type. */
export function validateConfig(raw: unknown, source: string): LaunchreadyConfig {
  const data = raw ?? {};
  const validate = getValidator();
  if (!validate(data)) {
    const errors = (validate.errors ?? []).filter((e) => e.keyword !== 'if');
    // propertyNames also emits a duplicate generic error; keep one line per path
    const lines = [...new Set(errors.map(describe))];
    // the one stderr line names the keys before this hint: "above" sent users looking at earlier output
    throw new UsageError(`invalid config ${source}: ${lines.join('; ')}`, `fix ${lines.length === 1 ? 'that key' : 'those keys'} (schema: schema/launchready.schema.json)`);
  }
  return data as LaunchreadyConfig;
}

/** Replace ${VAR} in every string from the environment; values are registered with this run's redactor, never printed. */
export function interpolate<T>(value: T, env: NodeJS.ProcessEnv, redactor: Redactor, path = ''): T {
  if (typeof value === 'string') {
    return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_m, name: string) => {
      const v = env[name];
      if (v === undefined) throw new UsageError(`config ${path || '(root)'}: environment variable ${name} is not set`, `export ${name}=... before running`);
      redactor.add(v);
      return v;
    }) as T;
  }
  if (Array.isArray(value)) return value.map((v, i) => interpolate(v, env, redactor, `${path}[${i}]`)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = interpolate(v, env, redactor, path ? `${path}.${k}` : k);
    return out as T;
  }
  return value;
}

export interface LoadedConfig {
  config: LaunchreadyConfig;
  path: string | null;
}

/** Load the config named by --config, else ./launchready.yml when present, else an empty config; ${VAR} values go to the redactor. */
export function loadConfig(explicitPath: string | undefined, cwd: string, env: NodeJS.ProcessEnv, redactor: Redactor): LoadedConfig {
  const loaded = loadConfigUninterpolated(explicitPath, cwd);
  return { config: interpolate(loaded.config, env, redactor), path: loaded.path };
}

/** The validated config with every `${VAR}` left as written (the k6 export turns them into `__ENV.VAR`). */
export function loadConfigUninterpolated(explicitPath: string | undefined, cwd: string): LoadedConfig {
  const path = explicitPath ?? (existsSync(`${cwd}/launchready.yml`) ? `${cwd}/launchready.yml` : existsSync(`${cwd}/launchready.yaml`) ? `${cwd}/launchready.yaml` : null);
  if (!path) return { config: {}, path: null };
  let text: Buffer;
  try {
    text = readRegularFileSync(path, { maxBytes: MAX_CONFIG_BYTES });
  } catch (error) {
    if (!(error instanceof SafeFileError)) throw error;
    if (error.problem === 'not-found') throw new UsageError(`config file not found: ${path}`, 'pass an existing file to --config, or run `launchready init`');
    throw new UsageError(
      `${explicitPath ? '--config' : 'config file'} ${error.message}`,
      error.problem === 'too-large' ? 'a launchready.yml is a few KiB; check the path' : 'pass a regular file to --config',
    );
  }
  let parsed: unknown;
  try {
    parsed = parseYaml(text.toString('utf8'), { maxAliasCount: 100 });
  } catch (error) {
    throw new UsageError(`config ${path} is not valid YAML: ${(error as Error).message.split('\n')[0]}`, 'fix the YAML syntax at the line named');
  }
  return { config: validateConfig(parsed, path), path };
}

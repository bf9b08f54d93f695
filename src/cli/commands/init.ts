// `launchready init`: write a commented launchready.yml from what the repository shows. Never overwrites without --force.
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { UsageError, validateConfig } from '../../config/load.js';
import { CONFIG_SCHEMA_PATH } from '../../config/schema.js';
import { detectMigrationSets, detectRepo } from '../../init/detect.js';
import { renderInitConfig } from '../../init/render.js';
import { schemaRefFor } from '../../init/schema-ref.js';
import { cleanLine } from '../../terminal-text.js';
import { type CommandSpec, flagsOrHelp, optionalString } from '../args.js';
import { writeOutputFile } from '../files.js';
import type { CliIo } from '../io.js';

export const initSpec: CommandSpec = {
  name: 'init',
  summary: 'write a commented launchready.yml for the current repo from what it detects',
  usage: 'launchready init [--repo DIR] [--force] [--stdout]',
  options: [
    { name: 'repo', type: 'string', value: 'DIR', description: 'repository to inspect (default: the current directory)' },
    { name: 'force', type: 'boolean', description: 'overwrite an existing launchready.yml' },
    { name: 'stdout', type: 'boolean', description: 'print the config instead of writing the file' },
  ],
  notes: ['Detects the framework, routes, hosts, migrations dir and env files, and references the shipped JSON Schema so editors complete the keys.'],
};

export async function initCommand(argv: string[], io: CliIo): Promise<number> {
  const values = flagsOrHelp(initSpec, argv, io.stdout);
  if (!values) return 0;
  const root = resolve(io.cwd, optionalString(values.repo) ?? '.');
  if (!existsSync(root)) throw new UsageError(`--repo ${root} does not exist`, 'pass an existing directory');
  if (!statSync(root).isDirectory()) throw new UsageError(`--repo ${root} is not a directory`, 'pass an existing directory');
  const target = resolve(root, 'launchready.yml');
  const detection = { ...detectRepo(root), migrationSets: await detectMigrationSets(root) };
  const text = renderInitConfig(detection, schemaRefFor(root, CONFIG_SCHEMA_PATH));
  validateConfig(parse(text), 'generated config'); // the generated file must itself be valid
  if (values.stdout) {
    io.stdout.write(text);
    return 0;
  }
  if (existsSync(target) && values.force !== true) throw new UsageError(`${target} already exists`, 'pass --force to overwrite it, or --stdout to print the new one');
  writeOutputFile(target, 'config file', text);
  io.stdout.write(
    `wrote ${cleanLine(target)}: framework ${detection.framework ?? 'unknown'}, ${detection.routes.length} route(s)${detection.routesFound > detection.routes.length ? ` of ${detection.routesFound} found` : ''}, migrations ${detection.migrationSets.length === 0 ? 'none found' : cleanLine(detection.migrationSets.map((m) => m.dir).join(', '))}\n`,
  );
  for (const note of detection.routeNotes) io.stdout.write(`note: ${cleanLine(note)}\n`);
  return 0;
}

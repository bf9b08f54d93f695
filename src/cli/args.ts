// Commands declared as data: each option once, used for parsing and for --help.

import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { UsageError } from '../config/load.js';
import { parseResolveEntry } from '../net/context.js';
import { parseDnsServer } from '../net/wire-dns.js';
import { closestName } from '../suggest.js';
import { cleanLine } from '../terminal-text.js';
import { checkOutputPath } from './files.js';

export interface OptionSpec {
  name: string;
  type: 'string' | 'boolean';
  multiple?: boolean;
  short?: string;
  value?: string;
  description: string;
}

export interface CommandSpec {
  name: string;
  summary: string;
  usage: string;
  options: OptionSpec[];
  /** Extra paragraphs after the option list. */
  notes?: string[];
  positionals?: boolean;
}

export type ParsedOptions = Record<string, string | boolean | string[] | undefined>;

function parseCommandArgs(spec: CommandSpec, argv: string[]): { values: ParsedOptions; positionals: string[] } {
  const options: Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }> = { help: { type: 'boolean', short: 'h' } };
  for (const o of spec.options) options[o.name] = { type: o.type, ...(o.multiple ? { multiple: true } : {}), ...(o.short ? { short: o.short } : {}) };
  try {
    const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true } as Parameters<typeof parseArgs>[0]);
    if (positionals.length > 0 && !spec.positionals)
      throw new UsageError(`launchready ${spec.name}: unexpected argument "${positionals[0]}"`, `run \`launchready ${spec.name} --help\``);
    rejectEmptyValues(spec, values as ParsedOptions);
    return { values: values as ParsedOptions, positionals };
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const message = (error as Error).message.split('\n')[0] ?? 'bad arguments';
    throw new UsageError(`launchready ${spec.name}: ${message.replace(/\. To specify.*$/, '')}`, unknownFlagHint(spec, error) ?? `run \`launchready ${spec.name} --help\``);
  }
}

/** The command's flags; null once its --help is printed (the command then exits 0 without doing anything else). */
export function flagsOrHelp(spec: CommandSpec, argv: string[], stdout: { write(text: string): unknown }): ParsedOptions | null {
  const { values } = parseCommandArgs(spec, argv);
  if (!values.help) return values;
  stdout.write(renderHelp(spec));
  return null;
}

/** "did you mean --baseline?" for an unknown long flag close to one of the command's own (`--baselin`). */
function unknownFlagHint(spec: CommandSpec, error: unknown): string | null {
  if ((error as { code?: string }).code !== 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return null;
  const typed = /'--([^'=]+)/.exec((error as Error).message)?.[1];
  const near = typed ? closestName(typed, ['help', ...spec.options.map((o) => o.name)]) : null;
  return near ? `did you mean --${near}? (\`launchready ${spec.name} --help\` lists the flags)` : null;
}

/** `--config=` or `--only ""` is a mistake (an unset shell variable), not "use the default": name the flag. */
function rejectEmptyValues(spec: CommandSpec, values: ParsedOptions): void {
  for (const o of spec.options) {
    if (o.type !== 'string') continue;
    if (stringList(values[o.name]).some((v) => v.trim() === ''))
      throw new UsageError(`--${o.name} expects ${o.value ?? 'a value'}, got an empty value`, `run \`launchready ${spec.name} --help\``);
  }
}

export function renderHelp(spec: CommandSpec): string {
  const rows = spec.options.map((o) => {
    const flag = `${o.short ? `-${o.short}, ` : ''}--${o.name}${o.type === 'string' ? ` ${o.value ?? 'VALUE'}` : ''}`;
    return [flag, `${o.description}${o.multiple ? ' (repeatable)' : ''}`] as const;
  });
  rows.push(['-h, --help', 'show this help']);
  const width = Math.min(30, Math.max(...rows.map(([f]) => f.length)) + 2);
  const lines = [`launchready ${spec.name}: ${spec.summary}`, '', `Usage: ${spec.usage}`, '', 'Options:'];
  for (const [flag, desc] of rows) lines.push(flag.length >= width ? `  ${flag}\n  ${' '.repeat(width)}${desc}` : `  ${flag.padEnd(width)}${desc}`);
  for (const note of spec.notes ?? []) lines.push('', note);
  return `${lines.join('\n')}\n`;
}

export function stringList(value: string | boolean | string[] | undefined): string[] {
  if (value === undefined || typeof value === 'boolean') return [];
  return Array.isArray(value) ? value : [value];
}

export function optionalString(value: string | boolean | string[] | undefined): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value[value.length - 1];
  return undefined;
}

/** Upper bounds of numeric flags: setTimeout's maximum, and what one machine can sensibly run. */
const FLAG_MAXIMUM: Record<string, number> = {
  '--timeout': 2 ** 31 - 1,
  '--concurrency': 1024,
  '--seed-rows': 100_000_000,
};

export function positiveInt(value: string | undefined, flag: string, max = FLAG_MAXIMUM[flag] ?? Number.MAX_SAFE_INTEGER): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) <= 0 || Number(value) > max)
    throw new UsageError(`${flag} expects a whole number from 1 to ${max}, got "${cleanLine(value).slice(0, 40)}"`, `for example ${flag} 10000`);
  return Number(value);
}

const HOSTNAME = /^(?=.{1,253}\.?$)[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?(?:\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?)*\.?$/i;

/**
 * Flag values checked before anything runs, so a bad one is one usage line naming the flag (the rest are checked
 * where they are used: --format, --fail-on, --out extensions, --only/--skip, --url, --dns-server, files).
 */
export function checkFlagValues(values: ParsedOptions, cwd: string): void {
  for (const flag of ['timeout', 'concurrency', 'seed-rows']) positiveInt(optionalString(values[flag]), `--${flag}`);
  for (const flag of ['out', 'save-facts']) for (const path of stringList(values[flag])) checkOutputPath(resolve(cwd, path), `--${flag}`);
  for (const entry of stringList(values.resolve)) {
    try {
      parseResolveEntry(entry);
    } catch (error) {
      throw new UsageError(cleanLine((error as Error).message), 'for example --resolve app.example.com:443:127.0.0.1');
    }
  }
  for (const entry of stringList(values['dns-server'])) {
    try {
      parseDnsServer(entry);
    } catch (error) {
      throw new UsageError(cleanLine((error as Error).message), 'for example --dns-server 127.0.0.1:5353 or --dns-server [::1]:53');
    }
  }
  const domain = optionalString(values.domain);
  if (domain !== undefined && !HOSTNAME.test(domain))
    throw new UsageError(`--domain expects a domain name, got "${cleanLine(domain).slice(0, 80)}"`, 'for example --domain example.com');
  const databaseUrl = optionalString(values['database-url']);
  // never echo the value: it usually holds a password
  if (databaseUrl !== undefined && !/^postgres(?:ql)?:\/\/[^\s]+$/i.test(databaseUrl))
    throw new UsageError('--database-url expects a postgres:// or postgresql:// URL', 'for example --database-url postgres://user@127.0.0.1:5432/app');
  const advisories = optionalString(values.advisories);
  if (advisories !== undefined) {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(advisories)) {
      if (!/^https?:\/\/[^\s/]+/i.test(advisories))
        throw new UsageError(`--advisories expects a directory or an http(s) URL, got "${cleanLine(advisories).slice(0, 80)}"`, 'for example --advisories https://api.osv.dev');
    } else {
      let isDir = false;
      try {
        isDir = statSync(resolve(cwd, advisories)).isDirectory();
      } catch {}
      if (!isDir) throw new UsageError(`--advisories ${cleanLine(advisories)} is not a directory`, 'pass a directory of OSV JSON files, or an OSV API URL');
    }
  }
}

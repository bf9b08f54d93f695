// Commands declared as data: each option once, used for parsing and for --help.
import { parseArgs } from 'node:util';
import { UsageError } from '../config/load.js';

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

export function parseCommandArgs(spec: CommandSpec, argv: string[]): { values: ParsedOptions; positionals: string[] } {
  const options: Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }> = { help: { type: 'boolean', short: 'h' } };
  for (const o of spec.options) options[o.name] = { type: o.type, ...(o.multiple ? { multiple: true } : {}), ...(o.short ? { short: o.short } : {}) };
  try {
    const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true } as Parameters<typeof parseArgs>[0]);
    if (positionals.length > 0 && !spec.positionals)
      throw new UsageError(`launchready ${spec.name}: unexpected argument "${positionals[0]}"`, `run \`launchready ${spec.name} --help\``);
    return { values: values as ParsedOptions, positionals };
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const message = (error as Error).message.split('\n')[0] ?? 'bad arguments';
    throw new UsageError(`launchready ${spec.name}: ${message.replace(/\. To specify.*$/, '')}`, `run \`launchready ${spec.name} --help\``);
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

export function positiveInt(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) <= 0) throw new UsageError(`${flag} expects a positive integer, got "${value}"`, `for example ${flag} 10000`);
  return Number(value);
}

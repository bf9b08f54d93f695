// --access-log, --traces and --har: declared once, shared by every command that reads production evidence (audit,
// load), with the checks that make a bad input one usage line before anything runs.
import { isAbsolute, relative, resolve } from 'node:path';
import { UsageError } from '../config/load.js';
import { evidenceInputProblem } from '../evidence/preflight.js';
import type { EvidencePlan } from '../plan.js';
import { cleanLine } from '../terminal-text.js';
import { type OptionSpec, type ParsedOptions, stringList } from './args.js';

export const EVIDENCE_OPTIONS: OptionSpec[] = [
  {
    name: 'access-log',
    type: 'string',
    multiple: true,
    value: 'FILE',
    description: 'production access log (nginx/Apache with request time, AWS ALB, Heroku router, JSON lines); globs and .gz accepted',
  },
  { name: 'traces', type: 'string', multiple: true, value: 'FILE', description: 'OTLP JSON traces (OpenTelemetry Collector file exporter); globs and .gz accepted' },
  { name: 'har', type: 'string', multiple: true, value: 'FILE', description: 'HAR recording of a page load (browser dev tools); globs and .gz accepted' },
];

export interface EvidenceFlags {
  accessLogs: string[];
  traces: string[];
  har: string[];
}

/** The evidence flags as buildPlan takes them (PlanFlags.accessLogs / traces / har). */
export function evidenceFlagsFrom(values: ParsedOptions): EvidenceFlags {
  const list = (name: string) => {
    const items = stringList(values[name]);
    for (const item of items) if (item.trim() === '') throw new UsageError(`--${name} expects a file or glob, got an empty value`, `for example --${name} var/log/access.log*`);
    return items;
  };
  return { accessLogs: list('access-log'), traces: list('traces'), har: list('har') };
}

/**
 * Throws a one-line UsageError when an evidence input cannot be read: a flag's pattern matching no file, a missing
 * file, a trace file over the size limit or not OTLP JSON, an access log in no known format.
 */
export async function checkEvidenceInputs(evidence: EvidencePlan | undefined, flags: EvidenceFlags, cwd: string): Promise<void> {
  if (!evidence) return;
  const abs = (p: string) => (isAbsolute(p) ? p : resolve(cwd, p));
  const show = (p: string) => {
    const rel = relative(cwd, p);
    return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : p;
  };
  const problem = await evidenceInputProblem(
    evidence,
    { accessLogs: new Set(flags.accessLogs.map(abs)), traces: new Set(flags.traces.map(abs)), har: new Set(flags.har.map(abs)) },
    cwd,
    show,
  );
  if (problem) throw new UsageError(cleanLine(problem), 'pass readable evidence files, or leave the flag out');
}

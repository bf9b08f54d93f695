// The flags several commands take (audit, load, handover, monitor, demo), declared once with their help text and read
// once, so a flag's value name, wording and checks cannot drift apart from one command to the next.
import { extname, resolve } from 'node:path';
import { gitWorkTreeSync } from '../collect/git.js';
import { UsageError } from '../config/load.js';
import type { LaunchreadyConfig } from '../config/types.js';
import type { PlanFlags } from '../plan.js';
import { type Baseline, FAIL_ON_LEVELS, type FailOn } from '../policy.js';
import { FORMAT_BY_EXTENSION } from '../report/formats/index.js';
import { type OptionSpec, optionalString, positiveInt, stringList } from './args.js';
import { MAX_JSON_INPUT_BYTES, readInputFile } from './files.js';
import type { CliIo } from './io.js';

export const CONFIG_OPTION: OptionSpec = { name: 'config', type: 'string', value: 'FILE', description: 'config file (default ./launchready.yml when present)' };

export const NETWORK_OPTIONS: OptionSpec[] = [
  { name: 'dns-server', type: 'string', multiple: true, value: 'HOST[:PORT]', description: 'send every DNS query to this server instead of the system resolver' },
  { name: 'resolve', type: 'string', multiple: true, value: 'HOST:PORT:ADDR', description: 'connect to ADDR for HOST:PORT, keeping HOST for SNI, Host and certificate checks' },
  { name: 'ca-file', type: 'string', multiple: true, value: 'PEM', description: 'extra trusted root certificates, added to the system store' },
  { name: 'timeout', type: 'string', value: 'MS', description: 'per network operation, in milliseconds (default 10000)' },
  { name: 'concurrency', type: 'string', value: 'N', description: 'parallel network operations (default 16)' },
];

/** What an audit looks at besides the URL: audit takes them as they are, handover for its fresh audit (forFreshAudit). */
export const DOMAIN_OPTION: OptionSpec = { name: 'domain', type: 'string', value: 'NAME', description: 'apex / sending domain (default: registrable domain of the first URL)' };
export const REPO_OPTION: OptionSpec = {
  name: 'repo',
  type: 'string',
  value: 'DIR',
  description: 'repository to audit (default: the current directory when it is a git work tree)',
};
export const NO_REPO_OPTION: OptionSpec = { name: 'no-repo', type: 'boolean', description: 'skip the repository stages' };
export const ONLY_OPTION: OptionSpec = {
  name: 'only',
  type: 'string',
  multiple: true,
  value: 'LIST',
  description: 'run only these stages (web,tls,dns,email,repo,migrations,perf,db,protection,monitoring)',
};
export const SKIP_OPTION: OptionSpec = { name: 'skip', type: 'string', multiple: true, value: 'LIST', description: 'leave these stages out; their checks are reported as skipped' };

/** The same flag for handover, whose audit runs only without --report; a shorter description where the audit's is long. */
export function forFreshAudit(option: OptionSpec, description = option.description): OptionSpec {
  return { ...option, description: `fresh audit only: ${description}` };
}

/** --format, --out and --fail-on of the commands that print the launch report (read by parseOutputOptions). */
export const REPORT_OUTPUT_OPTIONS: OptionSpec[] = [
  { name: 'format', type: 'string', value: 'NAME', description: 'stdout format: terminal, json, markdown, sarif, junit, html (default terminal)' },
  { name: 'out', type: 'string', multiple: true, value: 'PATH', description: 'also write a report file; format from the extension (.json .md .html .sarif .xml)' },
  { name: 'fail-on', type: 'string', value: 'LEVEL', description: 'exit 1 when a finding at or above LEVEL exists: blocker (default), high, medium, low, none' },
];

/** --baseline, with what else the previous report changes in this command (read by readBaselineReport). */
export function baselineOption(effect: string): OptionSpec {
  return { name: 'baseline', type: 'string', value: 'FILE', description: `previous JSON report: known findings are marked, ${effect}` };
}

/** --save-facts: `collected` for audit, `measured` for load. */
export function saveFactsOption(what: string): OptionSpec {
  return { name: 'save-facts', type: 'string', value: 'FILE', description: `write everything ${what} (secrets masked)` };
}

/** A repository git refuses (dubious ownership) still counts, so its stages report could-not-run instead of vanishing. */
function isGitWorkTree(dir: string): boolean {
  return gitWorkTreeSync(dir).state !== 'not-a-repo';
}

/** The plan flags of --url, --domain, --repo, --no-repo, --only, --skip and --yes (audit, and handover's fresh audit). */
export function auditTargetFlags(
  values: Record<string, unknown>,
  config: LaunchreadyConfig,
  cwd: string,
): Pick<PlanFlags, 'urls' | 'domain' | 'repo' | 'noRepo' | 'only' | 'skip' | 'yes' | 'cwd' | 'cwdIsGitRepo'> {
  const repoFlag = optionalString(values.repo as string | undefined);
  return {
    urls: stringList(values.url as string[] | undefined),
    domain: optionalString(values.domain as string | undefined),
    repo: repoFlag ? resolve(cwd, repoFlag) : config.repo ? resolve(cwd, config.repo) : undefined,
    noRepo: values['no-repo'] === true,
    only: values.only === undefined ? undefined : stringList(values.only as string[]),
    skip: stringList(values.skip as string[] | undefined),
    yes: values.yes === true,
    cwd,
    cwdIsGitRepo: isGitWorkTree(cwd),
  };
}

export interface AuditOutputOptions {
  format: string;
  outs: string[];
  failOn: FailOn;
}

export function parseOutputOptions(values: Record<string, unknown>): AuditOutputOptions {
  const format = optionalString(values.format as string | undefined) ?? 'terminal';
  if (!['terminal', 'json', 'markdown', 'sarif', 'junit', 'html'].includes(format))
    throw new UsageError(`--format: unknown format "${format}"`, 'use terminal, json, markdown, sarif, junit or html');
  const failOn = (optionalString(values['fail-on'] as string | undefined) ?? 'blocker') as FailOn;
  if (!(FAIL_ON_LEVELS as readonly string[]).includes(failOn)) throw new UsageError(`--fail-on: unknown level "${failOn}"`, 'use blocker, high, medium, low or none');
  const outs = stringList(values.out as string[] | undefined);
  for (const out of outs) {
    if (!FORMAT_BY_EXTENSION[extname(out).toLowerCase()]) throw new UsageError(`--out ${out}: cannot tell the format from the extension`, 'use .json, .md, .html, .sarif or .xml');
  }
  return { format, outs, failOn };
}

/** The previous JSON report of --baseline: its findings, and its route table for each route's p95 change. */
export function readBaselineReport(path: string): Baseline {
  const text = readInputFile(path, '--baseline file', MAX_JSON_INPUT_BYTES);
  try {
    const data = JSON.parse(text) as { schemaVersion?: number; findings?: unknown };
    if (data.schemaVersion !== 1 || !Array.isArray(data.findings)) throw new Error('shape');
    return data as Baseline;
  } catch {
    throw new UsageError(`--baseline ${path} is not a launchready JSON report`, 'pass a file written by --format json or --out report.json');
  }
}

export function netOptionsFrom(values: Record<string, unknown>, io: CliIo) {
  const caFiles = stringList(values['ca-file'] as string[] | undefined);
  const extraCaPem = caFiles.map((f) => {
    const text = readInputFile(resolve(io.cwd, f), '--ca-file', 10 * 1024 * 1024);
    if (!text.includes('-----BEGIN CERTIFICATE-----')) throw new UsageError(`--ca-file ${f} holds no PEM certificate`, 'pass a PEM file with -----BEGIN CERTIFICATE----- blocks');
    return text;
  });
  const resolveEntries = stringList(values.resolve as string[] | undefined);
  for (const r of resolveEntries) {
    if (!/^[^:]+:(\d+|\*):.+$/.test(r)) throw new UsageError(`--resolve expects HOST:PORT:ADDR, got "${r}"`, 'for example --resolve app.example.com:443:127.0.0.1');
  }
  return {
    timeoutMs: positiveInt(optionalString(values.timeout as string | undefined), '--timeout') ?? 10_000,
    concurrency: positiveInt(optionalString(values.concurrency as string | undefined), '--concurrency') ?? 16,
    resolve: resolveEntries,
    dnsServers: stringList(values['dns-server'] as string[] | undefined),
    extraCaPem,
    allowNonLoopbackTraffic: values.yes === true,
  };
}

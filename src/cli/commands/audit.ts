// `launchready audit`: every stage that has its inputs, then the launch report.
import { extname, resolve } from 'node:path';
import { gitWorkTreeSync } from '../../collect/git.js';
import { loadConfig, UsageError } from '../../config/load.js';
import type { Redactor } from '../../mask.js';
import { type AuditPlan, buildPlan, parseStageList } from '../../plan.js';
import { type Baseline, buildPolicy, FAIL_ON_LEVELS, type FailOn } from '../../policy.js';
import { FORMAT_BY_EXTENSION, REPORTERS } from '../../report/formats/index.js';
import { failsGate } from '../../report/rank.js';
import type { PipelineStage, Report } from '../../types.js';
import { type CommandSpec, checkFlagValues, optionalString, parseCommandArgs, positiveInt, renderHelp, stringList } from '../args.js';
import { checkEvidenceInputs, EVIDENCE_OPTIONS, evidenceFlagsFrom } from '../evidence-options.js';
import { MAX_JSON_INPUT_BYTES, readInputFile, writeOutputFile } from '../files.js';
import { type CliIo, colorEnabled, outputWidth } from '../io.js';
import { StageProgress } from '../progress.js';

export const NETWORK_OPTIONS: CommandSpec['options'] = [
  { name: 'dns-server', type: 'string', multiple: true, value: 'HOST[:PORT]', description: 'send every DNS query to this server instead of the system resolver' },
  { name: 'resolve', type: 'string', multiple: true, value: 'HOST:PORT:ADDR', description: 'connect to ADDR for HOST:PORT, keeping HOST for SNI, Host and certificate checks' },
  { name: 'ca-file', type: 'string', multiple: true, value: 'PEM', description: 'extra trusted root certificates, added to the system store' },
  { name: 'timeout', type: 'string', value: 'MS', description: 'per network operation, in milliseconds (default 10000)' },
  { name: 'concurrency', type: 'string', value: 'N', description: 'parallel network operations (default 16)' },
];

export const auditSpec: CommandSpec = {
  name: 'audit',
  summary: 'run every stage that has its inputs and print the launch report',
  usage: 'launchready audit [--url URL] [--config FILE] [options]',
  options: [
    { name: 'config', type: 'string', value: 'FILE', description: 'config file (default ./launchready.yml when present)' },
    { name: 'url', type: 'string', multiple: true, value: 'URL', description: "the app's canonical URL; more for more hosts; overrides the config" },
    { name: 'domain', type: 'string', value: 'NAME', description: 'apex / sending domain (default: registrable domain of the first URL)' },
    { name: 'repo', type: 'string', value: 'DIR', description: 'repository to audit (default: the current directory when it is a git work tree)' },
    { name: 'no-repo', type: 'boolean', description: 'skip the repository stages' },
    { name: 'only', type: 'string', multiple: true, value: 'LIST', description: 'run only these stages (web,tls,dns,email,repo,migrations,perf,db,protection,monitoring)' },
    { name: 'skip', type: 'string', multiple: true, value: 'LIST', description: 'leave these stages out; their checks are reported as skipped' },
    ...NETWORK_OPTIONS,
    {
      name: 'database-url',
      type: 'string',
      value: 'URL',
      description: 'PostgreSQL for the db stage; for migrations only read (table row counts), never written (default: env var named by database.urlEnv)',
    },
    {
      name: 'advisories',
      type: 'string',
      value: 'DIR|URL',
      description: 'OSV advisories for the dependency check: a local directory of OSV JSON files, or an OSV API base URL (network)',
    },
    {
      name: 'seed-rows',
      type: 'string',
      value: 'N',
      description: 'rows seeded per table in the migrations sandbox, the cap when --database-url gives real counts (default 10000)',
    },
    ...EVIDENCE_OPTIONS,
    { name: 'format', type: 'string', value: 'NAME', description: 'stdout format: terminal, json, markdown, sarif, junit, html (default terminal)' },
    { name: 'out', type: 'string', multiple: true, value: 'PATH', description: 'also write a report file; format from the extension (.json .md .html .sarif .xml)' },
    { name: 'fail-on', type: 'string', value: 'LEVEL', description: 'exit 1 when a finding at or above LEVEL exists: blocker (default), high, medium, low, none' },
    { name: 'baseline', type: 'string', value: 'FILE', description: 'previous JSON report: known findings are marked, only new ones count for --fail-on' },
    { name: 'save-facts', type: 'string', value: 'FILE', description: 'write everything collected (secrets masked)' },
    { name: 'from-facts', type: 'string', value: 'FILE', description: 're-run the checks on saved facts with no network at all' },
    { name: 'yes', type: 'boolean', description: 'allow traffic-generating stages (load, rate-limit probes) against non-loopback hosts' },
  ],
  notes: [
    'Exit codes: 0 nothing at or above --fail-on; 1 findings at or above it; 2 bad usage, bad config or an internal error; 130 interrupted by Ctrl-C (SIGINT), 143 by SIGTERM: one line on stderr says what was written, and no partial report file is left.',
    'Examples:\n  launchready audit --url https://app.example.com\n  launchready audit --format json --out report.html > report.json\n  launchready audit --baseline last.json --fail-on high',
  ],
};

/** A repository git refuses (dubious ownership) still counts, so its stages report could-not-run instead of vanishing. */
export function isGitWorkTree(dir: string): boolean {
  return gitWorkTreeSync(dir).state !== 'not-a-repo';
}

function readBounded(path: string, what: string, limit = MAX_JSON_INPUT_BYTES): string {
  return readInputFile(path, what, limit);
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

function reporter(name: string) {
  const r = REPORTERS[name];
  if (!r) throw new UsageError(`format ${name} is not available in this build`, 'use --format json or terminal');
  return r;
}

/** Write --out files and the stdout report, with the run's secrets masked; return the exit code for the gate. */
export function emitReport(report: Report, output: AuditOutputOptions, io: CliIo, redactor: Redactor): number {
  const htmlOut = output.outs.find((o) => FORMAT_BY_EXTENSION[extname(o).toLowerCase()] === 'html');
  const finalReport = { ...report, reportFile: htmlOut ?? report.reportFile ?? null };
  for (const out of output.outs) {
    const fmt = FORMAT_BY_EXTENSION[extname(out).toLowerCase()] as string;
    const text = reporter(fmt)(finalReport, { color: false, width: 100, htmlPath: finalReport.reportFile });
    writeOutputFile(resolve(io.cwd, out), '--out', redactor.redact(text));
  }
  const text = reporter(output.format)(finalReport, {
    color: output.format === 'terminal' && colorEnabled(io.stdout, io.env),
    width: outputWidth(io.stdout, io.env),
    htmlPath: finalReport.reportFile,
  });
  io.stdout.write(redactor.redact(text));
  return failsGate(report.findings, output.failOn) ? 1 : 0;
}

export async function auditCommand(argv: string[], io: CliIo, redactor: Redactor): Promise<number> {
  const { values } = parseCommandArgs(auditSpec, argv);
  if (values.help) {
    io.stdout.write(renderHelp(auditSpec));
    return 0;
  }
  checkFlagValues(values, io.cwd);
  const output = parseOutputOptions(values);
  const { config } = loadConfig(optionalString(values.config), io.cwd, io.env, redactor);
  const evidenceFlags = evidenceFlagsFrom(values);
  const cwdIsGitRepo = isGitWorkTree(io.cwd);
  const repoFlag = optionalString(values.repo);
  const { plan, secrets } = buildPlan(
    config,
    {
      urls: stringList(values.url),
      domain: optionalString(values.domain),
      repo: repoFlag ? resolve(io.cwd, repoFlag) : config.repo ? resolve(io.cwd, config.repo) : undefined,
      noRepo: values['no-repo'] === true,
      only: values.only === undefined ? undefined : stringList(values.only),
      skip: stringList(values.skip),
      databaseUrl: optionalString(values['database-url']),
      advisories: optionalString(values.advisories),
      seedRows: positiveInt(optionalString(values['seed-rows']), '--seed-rows'),
      yes: values.yes === true,
      ...evidenceFlags,
      cwd: io.cwd,
      cwdIsGitRepo,
    },
    io.env,
  );
  redactor.add(secrets.databaseUrl);
  const fromFacts = optionalString(values['from-facts']);
  const replay = fromFacts ? await parseFactsFileOrThrow(resolve(io.cwd, fromFacts)) : undefined;
  const baselinePath = optionalString(values.baseline);
  const baseline = baselinePath ? parseBaseline(resolve(io.cwd, baselinePath)) : null;
  // this run's config and flags judge the findings, also when --from-facts replays facts saved under another config
  const policy = buildPolicy(config, { stages: plan.stages, stageReasons: plan.stageReasons, failOn: output.failOn, baseline });
  const net = netOptionsFrom(values, io);
  if (!replay) {
    await requireSomethingToAudit(plan, parseStageList(stringList(values.only), '--only') ?? []);
    await checkEvidenceInputs(plan.evidence, evidenceFlags, io.cwd);
  }
  const progress = output.format === 'terminal' || io.stderr.isTTY ? (StageProgress.forIo(io, redactor) ?? undefined) : undefined;
  const { runPipeline } = await import('../../pipeline.js');
  const { facts, report } = await runPipeline({ plan, policy, secrets, redactor, net, replay, progress });
  const saveFacts = optionalString(values['save-facts']);
  if (saveFacts) writeOutputFile(resolve(io.cwd, saveFacts), '--save-facts', redactor.redact(`${JSON.stringify(facts, null, 2)}\n`));
  return emitReport(report, output, io, redactor);
}

/** Exit 2 instead of a green report when there is nothing to audit, or an --only stage lacks its inputs. */
async function requireSomethingToAudit(plan: AuditPlan, only: PipelineStage[]): Promise<void> {
  // the collectors registry costs ~0.5 s to import: loaded only once the flags and config are valid
  const { nothingToAudit, stageInputMissing } = await import('../../collect/inputs.js');
  for (const stage of only) {
    const missing = stageInputMissing(plan, stage);
    if (missing) throw new UsageError(`--only ${stage}: ${missing}`, `or leave ${stage} out of --only`);
  }
  if (only.length === 0 && nothingToAudit(plan)) throw new UsageError('nothing to audit: no URL and no repository', 'pass --url URL or --repo DIR');
}

export function netOptionsFrom(values: Record<string, unknown>, io: CliIo) {
  const caFiles = stringList(values['ca-file'] as string[] | undefined);
  const extraCaPem = caFiles.map((f) => {
    const text = readBounded(resolve(io.cwd, f), '--ca-file', 10 * 1024 * 1024);
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

async function parseFactsFileOrThrow(path: string) {
  const { parseFactsFile } = await import('../../pipeline.js');
  try {
    return parseFactsFile(readBounded(path, '--from-facts file'), path);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`--from-facts ${(error as Error).message}`, 'pass a file written by --save-facts');
  }
}

function parseBaseline(path: string): Baseline {
  const text = readBounded(path, '--baseline file');
  try {
    const data = JSON.parse(text) as { schemaVersion?: number; findings?: unknown };
    if (data.schemaVersion !== 1 || !Array.isArray(data.findings)) throw new Error('shape');
    return data as { findings: { id: string; fingerprint: string; target: string }[] };
  } catch {
    throw new UsageError(`--baseline ${path} is not a launchready JSON report`, 'pass a file written by --format json or --out report.json');
  }
}

// `launchready audit`: every stage that has its inputs, then the launch report.
import { extname, resolve } from 'node:path';
import { loadConfig, UsageError } from '../../config/load.js';
import type { Redactor } from '../../mask.js';
import { type AuditPlan, buildPlan, parseStageList } from '../../plan.js';
import { buildPolicy } from '../../policy.js';
import { FORMAT_BY_EXTENSION, REPORTERS } from '../../report/formats/index.js';
import { failsGate } from '../../report/rank.js';
import type { PipelineStage, Report } from '../../types.js';
import { type CommandSpec, checkFlagValues, flagsOrHelp, optionalString, positiveInt, stringList } from '../args.js';
import { checkEvidenceInputs, EVIDENCE_OPTIONS, evidenceFlagsFrom } from '../evidence-options.js';
import { MAX_JSON_INPUT_BYTES, readInputFile, writeOutputFile } from '../files.js';
import { type CliIo, colorEnabled, outputWidth } from '../io.js';
import { StageProgress } from '../progress.js';
import {
  type AuditOutputOptions,
  auditTargetFlags,
  baselineOption,
  CONFIG_OPTION,
  DOMAIN_OPTION,
  NETWORK_OPTIONS,
  NO_REPO_OPTION,
  netOptionsFrom,
  ONLY_OPTION,
  parseOutputOptions,
  REPO_OPTION,
  REPORT_OUTPUT_OPTIONS,
  readBaselineReport,
  SKIP_OPTION,
  saveFactsOption,
} from '../shared-options.js';

export const auditSpec: CommandSpec = {
  name: 'audit',
  summary: 'run every stage that has its inputs and print the launch report',
  usage: 'launchready audit [--url URL] [--config FILE] [options]',
  options: [
    CONFIG_OPTION,
    { name: 'url', type: 'string', multiple: true, value: 'URL', description: "the app's canonical URL; more for more hosts; overrides the config" },
    DOMAIN_OPTION,
    REPO_OPTION,
    NO_REPO_OPTION,
    ONLY_OPTION,
    SKIP_OPTION,
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
    ...REPORT_OUTPUT_OPTIONS,
    baselineOption('only new ones count for --fail-on'),
    saveFactsOption('collected'),
    { name: 'from-facts', type: 'string', value: 'FILE', description: 're-run the checks on saved facts with no network at all' },
    { name: 'yes', type: 'boolean', description: 'allow traffic-generating stages (load, rate-limit probes) against non-loopback hosts' },
  ],
  notes: [
    'Exit codes: 0 nothing at or above --fail-on; 1 findings at or above it; 2 bad usage, bad config or an internal error; 130 interrupted by Ctrl-C (SIGINT), 143 by SIGTERM: one line on stderr says what was written, and no partial report file is left.',
    'Examples:\n  launchready audit --url https://app.example.com\n  launchready audit --format json --out report.html > report.json\n  launchready audit --baseline last.json --fail-on high',
  ],
};

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
  const values = flagsOrHelp(auditSpec, argv, io.stdout);
  if (!values) return 0;
  checkFlagValues(values, io.cwd);
  const output = parseOutputOptions(values);
  const { config } = loadConfig(optionalString(values.config), io.cwd, io.env, redactor);
  const evidenceFlags = evidenceFlagsFrom(values);
  const { plan, secrets } = buildPlan(
    config,
    {
      ...auditTargetFlags(values, config, io.cwd),
      databaseUrl: optionalString(values['database-url']),
      advisories: optionalString(values.advisories),
      seedRows: positiveInt(optionalString(values['seed-rows']), '--seed-rows'),
      ...evidenceFlags,
    },
    io.env,
  );
  redactor.add(secrets.databaseUrl);
  const fromFacts = optionalString(values['from-facts']);
  const replay = fromFacts ? await parseFactsFileOrThrow(resolve(io.cwd, fromFacts)) : undefined;
  const baselinePath = optionalString(values.baseline);
  const baseline = baselinePath ? readBaselineReport(resolve(io.cwd, baselinePath)) : null;
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

async function parseFactsFileOrThrow(path: string) {
  const { parseFactsFile } = await import('../../pipeline.js');
  try {
    return parseFactsFile(readInputFile(path, '--from-facts file', MAX_JSON_INPUT_BYTES), path);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`--from-facts ${(error as Error).message}`, 'pass a file written by --save-facts');
  }
}

// `launchready handover`: the handover document from a saved JSON report (--report) or a fresh audit, plus the config.
import { extname, resolve } from 'node:path';
import { loadConfig, UsageError } from '../../config/load.js';
import type { LaunchreadyConfig } from '../../config/types.js';
import { buildHandover } from '../../handover/build.js';
import { renderHandoverHtml, renderHandoverMarkdown } from '../../handover/render.js';
import type { Redactor } from '../../mask.js';
import { MonitorConfigError, type MonitorSettings, parseMonitorSection } from '../../monitor/config.js';
import { buildPlan } from '../../plan.js';
import { buildPolicy } from '../../policy.js';
import { cleanLine } from '../../terminal-text.js';
import type { Report } from '../../types.js';
import { type CommandSpec, checkFlagValues, flagsOrHelp, optionalString } from '../args.js';
import { checkOutputPath, MAX_JSON_INPUT_BYTES, readInputFile, writeOutputFile } from '../files.js';
import type { CliIo } from '../io.js';
import { StageProgress } from '../progress.js';
import {
  auditTargetFlags,
  CONFIG_OPTION,
  DOMAIN_OPTION,
  forFreshAudit,
  NETWORK_OPTIONS,
  NO_REPO_OPTION,
  netOptionsFrom,
  ONLY_OPTION,
  REPO_OPTION,
  SKIP_OPTION,
} from '../shared-options.js';

export const handoverSpec: CommandSpec = {
  name: 'handover',
  summary: 'write the handover document (domain map, deploy and rollback steps, env vars, owners, alert routes, open blockers)',
  usage: 'launchready handover [--config FILE] [--report FILE.json] [--out FILE] [--format markdown|html]',
  options: [
    { ...CONFIG_OPTION, description: `${CONFIG_OPTION.description}: owners, monitors and alerts` },
    { name: 'report', type: 'string', value: 'FILE.json', description: 'a saved JSON audit report (default: run the audit now)' },
    { name: 'out', type: 'string', value: 'FILE', description: 'where to write the document (default HANDOVER.md, or HANDOVER.html with --format html); - for stdout' },
    { name: 'format', type: 'string', value: 'NAME', description: 'markdown (default) or html; by default taken from the --out extension' },
    { name: 'url', type: 'string', multiple: true, value: 'URL', description: 'fresh audit only: the canonical URL; overrides the config' },
    forFreshAudit(DOMAIN_OPTION, 'apex / sending domain'),
    forFreshAudit(REPO_OPTION),
    forFreshAudit(NO_REPO_OPTION),
    forFreshAudit(ONLY_OPTION, 'run only these stages'),
    forFreshAudit(SKIP_OPTION, 'leave these stages out'),
    ...NETWORK_OPTIONS,
    { name: 'yes', type: 'boolean', description: 'fresh audit only: allow traffic-generating stages against non-loopback hosts' },
  ],
  notes: [
    'Every section is always present; one without data says it was not measured and what to run. Alert destinations and other secrets appear only masked.',
    'Exit codes: 0 written; 2 bad usage, bad config, a --report that is not a launchready JSON report, or an internal error; 130 interrupted by Ctrl-C (SIGINT), 143 by SIGTERM: one line on stderr says what was written, and no partial report file is left.',
    'Examples:\n  launchready audit --format json > report.json && launchready handover --report report.json\n  launchready handover --repo . --no-repo --format html --out HANDOVER.html',
  ],
};

const MIN_REPORT_KEYS = ['minimumBar', 'checks', 'findings', 'blockers', 'domainMap'] as const;

/** A JSON report as the contract writes it; anything else (a facts file, another tool's JSON) is a usage error. */
export function parseReportFile(text: string, path: string): Report {
  const fail = () => new UsageError(`--report ${path} is not a launchready JSON report`, 'pass a file written by `launchready audit --format json` or `--out report.json`');
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw fail();
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) throw fail();
  const r = data as Record<string, unknown>;
  const tool = r.tool as { name?: unknown } | undefined;
  if (r.schemaVersion !== 1 || tool?.name !== 'launchready' || typeof r.startedAt !== 'string') throw fail();
  for (const key of MIN_REPORT_KEYS) if (!Array.isArray(r[key])) throw fail();
  const metrics = r.metrics as { routes?: unknown } | undefined;
  if (!metrics || typeof metrics !== 'object' || !Array.isArray(metrics.routes)) throw fail();
  const target = (r.target ?? {}) as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' ? v : null);
  const objects = <T>(list: unknown): T[] => (list as unknown[]).filter((x) => x !== null && typeof x === 'object' && !Array.isArray(x)) as T[];
  // hostile input: keep only object rows, and the fields the document reads with the types it expects
  const findings = objects<Report['findings'][number]>(r.findings).map((f) => ({
    ...f,
    id: String(f.id ?? ''),
    fingerprint: String(f.fingerprint ?? ''),
    title: String(f.title ?? ''),
    target: String(f.target ?? ''),
    fix: String(f.fix ?? ''),
    owner: typeof f.owner === 'string' ? f.owner : null,
    impactRank: Number(f.impactRank) || 0,
    fixOrder: Number(f.fixOrder) || 0,
    stage: Number(f.stage) as Report['findings'][number]['stage'],
    evidence: f.evidence && typeof f.evidence === 'object' ? f.evidence : {},
  }));
  return {
    ...(r as unknown as Report),
    target: { canonical: str(target.canonical), hosts: Array.isArray(target.hosts) ? target.hosts.map(String) : [], domain: str(target.domain), repo: str(target.repo) },
    grade: String(r.grade ?? '?'),
    score: Number(r.score) || 0,
    checks: objects<Report['checks'][number]>(r.checks).map((c) => ({ ...c, id: String(c.id ?? ''), status: c.status, reason: typeof c.reason === 'string' ? c.reason : null })),
    findings,
    blockers: objects<Report['blockers'][number]>(r.blockers).map((b) => ({
      ...b,
      id: String(b.id ?? ''),
      fingerprint: String(b.fingerprint ?? ''),
      owner: typeof b.owner === 'string' ? b.owner : null,
      fixOrder: Number(b.fixOrder) || 0,
      after: Array.isArray(b.after) ? b.after.map(Number).filter(Number.isFinite) : [],
    })),
    domainMap: objects<Report['domainMap'][number]>(r.domainMap).map((e) => ({
      ...e,
      host: String(e.host ?? ''),
      addresses: Array.isArray(e.addresses) ? e.addresses.map(String) : [],
      variants: Array.isArray(e.variants)
        ? objects<Report['domainMap'][number]['variants'][number]>(e.variants).map((v) => ({ ...v, hops: Array.isArray(v.hops) ? objects(v.hops) : [] }))
        : [],
    })),
    metrics: { ...(metrics as Report['metrics']), routes: objects<Report['metrics']['routes'][number]>(metrics.routes) },
    inventory: r.inventory && typeof r.inventory === 'object' && !Array.isArray(r.inventory) ? (r.inventory as Record<string, unknown>) : {},
  };
}

/** The `monitor:` block in the contract's keys, validated like `launchready monitor` does. */
export function monitorSettingsOf(config: LaunchreadyConfig, configPath: string | null): MonitorSettings | null {
  if (!config.monitor) return null;
  try {
    return parseMonitorSection(config.monitor);
  } catch (error) {
    if (!(error instanceof MonitorConfigError)) throw error;
    throw new UsageError(
      `invalid config ${configPath ?? ''}: ${error.problems.join('; ')}`,
      `fix ${error.problems.length === 1 ? 'that monitor key' : 'those monitor keys'} (see docs/monitor.md)`,
    );
  }
}

function formatOf(values: Record<string, unknown>, out: string | undefined): 'markdown' | 'html' {
  const format = optionalString(values.format as string | undefined);
  if (format !== undefined) {
    if (format !== 'markdown' && format !== 'html') throw new UsageError(`--format: unknown format "${format}"`, 'use markdown or html');
    return format;
  }
  return out && /^\.html?$/i.test(extname(out)) ? 'html' : 'markdown';
}

async function freshReport(values: Record<string, unknown>, config: LaunchreadyConfig, io: CliIo, redactor: Redactor): Promise<Report> {
  const { plan, secrets } = buildPlan(config, { ...auditTargetFlags(values, config, io.cwd), databaseUrl: undefined, advisories: undefined, seedRows: undefined }, io.env);
  redactor.add(secrets.databaseUrl);
  // the collectors registry and the pipeline are imported once the flags are valid, so usage errors return fast
  const { nothingToAudit } = await import('../../collect/inputs.js');
  if (nothingToAudit(plan)) throw new UsageError('nothing to audit: no URL, no repository and no --report', 'pass --report report.json, --url URL or --repo DIR');
  const progress = io.stderr.isTTY ? (StageProgress.forIo(io, redactor) ?? undefined) : undefined;
  const policy = buildPolicy(config, { stages: plan.stages, stageReasons: plan.stageReasons });
  const { runPipeline } = await import('../../pipeline.js');
  const { report } = await runPipeline({ plan, policy, secrets, redactor, net: netOptionsFrom(values, io), progress });
  return report;
}

export async function handoverCommand(argv: string[], io: CliIo, redactor: Redactor): Promise<number> {
  const values = flagsOrHelp(handoverSpec, argv, io.stdout);
  if (!values) return 0;
  checkFlagValues({ ...values, out: undefined }, io.cwd);
  const outFlag = optionalString(values.out);
  const format = formatOf(values, outFlag);
  const out = outFlag ?? (format === 'html' ? 'HANDOVER.html' : 'HANDOVER.md');
  const toStdout = out === '-';
  if (!toStdout) checkOutputPath(resolve(io.cwd, out), '--out');
  const { config, path: configPath } = loadConfig(optionalString(values.config), io.cwd, io.env, redactor);
  const monitor = monitorSettingsOf(config, configPath);
  const reportPath = optionalString(values.report);
  if (reportPath && (values.url !== undefined || values.repo !== undefined || values.only !== undefined || values.skip !== undefined))
    throw new UsageError('--report is a saved audit; --url, --repo, --only and --skip apply only to a fresh audit', 'drop them, or drop --report to audit now');
  const report = reportPath
    ? parseReportFile(readInputFile(resolve(io.cwd, reportPath), '--report file', MAX_JSON_INPUT_BYTES, 'pass a file written by `launchready audit --format json`'), reportPath)
    : await freshReport(values, config, io, redactor);
  const doc = buildHandover({
    report,
    reportSource: reportPath ? { kind: 'file', path: reportPath } : { kind: 'fresh' },
    config,
    configPath,
    monitor,
    now: new Date(),
  });
  const text = redactor.redact(format === 'html' ? renderHandoverHtml(doc) : renderHandoverMarkdown(doc));
  if (toStdout) {
    io.stdout.write(text);
    return 0;
  }
  writeOutputFile(resolve(io.cwd, out), '--out', text);
  const unmeasured = doc.sections.filter((s) => !s.measured).map((s) => s.id);
  io.stdout.write(`launchready handover: wrote ${cleanLine(out)} (${doc.sections.length} sections${unmeasured.length > 0 ? `; not measured: ${unmeasured.join(', ')}` : ''})\n`);
  return 0;
}

// `launchready load`: the performance stage alone, for the configured routes or one URL; --export-k6 writes the same
// test as a k6 script without sending traffic.
import { extname, resolve } from 'node:path';
import { loadSettings, routeUrl } from '../../collect/load/index.js';
import { loadConfig, loadConfigUninterpolated, UsageError } from '../../config/load.js';
import type { LaunchreadyConfig } from '../../config/types.js';
import { isCollectorFailure } from '../../facts/index.js';
import { type K6Route, k6Script } from '../../load/k6.js';
import type { Redactor } from '../../mask.js';
import { parseResolveEntry } from '../../net/context.js';
import { type AuditPlan, type AuditSecrets, buildPlan, type PlanFlags, type PlannedRoute, routeKey } from '../../plan.js';
import { buildPolicy } from '../../policy.js';
import { FORMAT_BY_EXTENSION, REPORTERS } from '../../report/formats/index.js';
import { renderLoadTerminal } from '../../report/formats/terminal.js';
import { failsGate } from '../../report/rank.js';
import { PIPELINE_STAGES } from '../../types.js';
import { type CommandSpec, checkFlagValues, flagsOrHelp, optionalString, positiveInt, stringList } from '../args.js';
import { checkEvidenceInputs, EVIDENCE_OPTIONS, type EvidenceFlags, evidenceFlagsFrom } from '../evidence-options.js';
import { checkOutputPath, writeOutputFile } from '../files.js';
import { type CliIo, colorEnabled, outputWidth } from '../io.js';
import { StageProgress } from '../progress.js';
import {
  baselineOption,
  CONFIG_OPTION,
  NETWORK_OPTIONS,
  netOptionsFrom,
  parseOutputOptions,
  REPORT_OUTPUT_OPTIONS,
  readBaselineReport,
  saveFactsOption,
} from '../shared-options.js';

export const loadSpec: CommandSpec = {
  name: 'load',
  summary: 'the performance stage alone: baseline latency per route and the 10x headroom ramp',
  usage: 'launchready load [--config FILE] [--url URL] [--route "GET /api/orders"]... [--rate RPS] [--users N] [--duration 20s] [--no-ramp] [--export-k6 FILE] [options]',
  options: [
    CONFIG_OPTION,
    { name: 'url', type: 'string', multiple: true, value: 'URL', description: 'the app’s URL; with no routes configured, this URL is the one route loaded' },
    { name: 'route', type: 'string', multiple: true, value: '"METHOD /path"', description: 'load only these routes (a route not in the config is added as a read)' },
    { name: 'rate', type: 'string', value: 'RPS', description: 'baseline arrival rate in requests per second (default load.expectedPeakRps, else 10)' },
    { name: 'users', type: 'string', value: 'N', description: 'closed model: N concurrent users with load.thinkTime between requests' },
    { name: 'duration', type: 'string', value: 'TIME', description: 'baseline measurement per route after the warm-up, e.g. 20s (default load.duration)' },
    { name: 'no-ramp', type: 'boolean', description: 'measure the baseline only, without the headroom ramp' },
    { name: 'database-url', type: 'string', value: 'URL', description: 'PostgreSQL to read statistics from during each route’s window (queries per request)' },
    { name: 'export-k6', type: 'string', value: 'FILE', description: 'write a k6 script with the same routes, rates, headers and p95 thresholds; sends no traffic' },
    ...EVIDENCE_OPTIONS,
    ...NETWORK_OPTIONS,
    ...REPORT_OUTPUT_OPTIONS,
    baselineOption('each route shows its p95 change'),
    saveFactsOption('measured'),
    { name: 'yes', type: 'boolean', description: 'allow load traffic to hosts that are not loopback' },
  ],
  notes: [
    [
      'Each route is loaded alone: a warm-up (excluded), the baseline at the expected peak for the duration, then a ramp',
      '(x load.ramp.factor per step, 10x the peak included) until p95 passes the budget or errors pass 1%. Every route is',
      'bounded by load.maxRequests (default 20000), the duration and an error-storm stop. Non-loopback targets need --yes.',
      'With --access-log, --traces or --har (or evidence: in launchready.yml) the same stage also judges production: p95',
      'per route from the logs, slow work and repeated calls; given evidence alone, nothing is loaded and no URL is needed.',
    ].join('\n'),
    'Exit codes: 0 nothing at or above --fail-on; 1 findings at or above it; 2 bad usage, bad config or an internal error; 130 interrupted by Ctrl-C (SIGINT), 143 by SIGTERM: one line on stderr says what was written, and no partial report file is left.',
    'Examples:\n  launchready load --url http://127.0.0.1:3000/api/orders --rate 50 --duration 10s\n  launchready load --export-k6 load.js && k6 run load.js',
  ],
};

const MAX_RATE = 100_000;
const MAX_USERS = 10_000;

function parseRate(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || !(n > 0) || n > MAX_RATE)
    throw new UsageError(`--rate expects requests per second from 0.1 to ${MAX_RATE}, got "${value.slice(0, 40)}"`, 'for example --rate 50');
  return n;
}

function parseDurationFlag(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const m = /^(\d+)(ms|s|m)$/.exec(value.trim());
  const msValue = m ? Number(m[1]) * ({ ms: 1, s: 1000, m: 60_000 } as const)[m[2] as 'ms' | 's' | 'm'] : 0;
  if (!m || msValue < 100 || msValue > 3_600_000)
    throw new UsageError(`--duration expects a time from 100ms to 60m such as 20s, got "${value.slice(0, 40)}"`, 'for example --duration 20s');
  return msValue;
}

function parseRouteFlag(text: string): { method: string; path: string } {
  const m = /^\s*(?:([A-Za-z]+)\s+)?(\/\S*)\s*$/.exec(text);
  if (!m) throw new UsageError(`--route expects "METHOD /path", got "${text.slice(0, 80)}"`, 'for example --route "GET /api/orders"');
  return { method: (m[1] ?? 'GET').toUpperCase(), path: m[2] as string };
}

function adHocRoute(method: string, path: string): PlannedRoute {
  return { method, path, kind: 'read', budgetMs: 300, critical: false, auth: 'public', host: null, headerNames: [], hasBody: false };
}

/** The routes to load: --route picks (or adds) routes; with none configured, the --url itself. */
function selectRoutes(plan: AuditPlan, routeFlags: string[], urlGiven: boolean): PlannedRoute[] {
  if (routeFlags.length > 0) {
    return routeFlags.map((text) => {
      const wanted = parseRouteFlag(text);
      return plan.routes.find((r) => routeKey(r) === routeKey(wanted)) ?? adHocRoute(wanted.method, wanted.path);
    });
  }
  if (plan.routes.length > 0) return plan.routes;
  if (urlGiven && plan.canonical) {
    const url = new URL(plan.canonical);
    return [adHocRoute('GET', `${url.pathname}${url.search}`)];
  }
  return [];
}

function planFor(config: LaunchreadyConfig, values: Record<string, unknown>, io: CliIo, evidence?: EvidenceFlags): { plan: AuditPlan; secrets: AuditSecrets } {
  const databaseUrl = optionalString(values['database-url'] as string | undefined);
  const flags: PlanFlags = {
    urls: stringList(values.url as string[] | undefined),
    noRepo: true,
    only: databaseUrl ? ['perf', 'db'] : ['perf'],
    databaseUrl,
    yes: values.yes === true,
    load: {
      rateRps: parseRate(optionalString(values.rate as string | undefined)),
      users: positiveInt(optionalString(values.users as string | undefined), '--users', MAX_USERS),
      durationMs: parseDurationFlag(optionalString(values.duration as string | undefined)),
      noRamp: values['no-ramp'] === true,
    },
    cwd: io.cwd,
    cwdIsGitRepo: false,
    ...evidence,
  };
  const built = buildPlan(config, flags, io.env);
  const urlGiven = flags.urls.length > 0;
  const routeFlags = stringList(values.route as string[] | undefined);
  const stageReasons = { ...built.plan.stageReasons };
  for (const s of PIPELINE_STAGES) if (!built.plan.stages.includes(s)) stageReasons[s] = 'not part of launchready load (run launchready audit)';
  // production evidence alone is enough: its checks judge the routes the logs saw, and nothing is loaded
  const { accessLogs, traces, har } = built.plan.evidence;
  if (!built.plan.canonical && !urlGiven && routeFlags.length === 0 && accessLogs.length + traces.length + har.length > 0)
    return { plan: { ...built.plan, routes: [], stageReasons }, secrets: built.secrets };
  const routes = selectRoutes(built.plan, routeFlags, urlGiven);
  if (!built.plan.canonical) throw new UsageError('nothing to load: no URL', 'pass --url URL or set app.canonical in launchready.yml');
  if (routes.length === 0)
    throw new UsageError('nothing to load: no routes configured', 'add routes: to launchready.yml, or pass --route "GET /path" or a --url with the path to load');
  return { plan: { ...built.plan, routes, stageReasons }, secrets: built.secrets };
}

function exportK6(values: Record<string, unknown>, file: string, io: CliIo): number {
  // ${VAR} stays as written so the script reads it from k6's environment (__ENV.VAR): no secret is inlined.
  const { config } = loadConfigUninterpolated(optionalString(values.config as string | undefined), io.cwd);
  const { plan, secrets } = planFor(config, values, io);
  const settings = loadSettings(plan, 10_000);
  const routes: K6Route[] = plan.routes.map((r) => {
    const key = routeKey(r);
    return {
      method: r.method,
      url: routeUrl(plan, r) ?? r.path,
      headers: secrets.routeHeaders[key],
      body: secrets.routeBodies[key],
      budgetMs: r.budgetMs,
      rps: settings.baselineRps ?? settings.expectedPeakRps,
    };
  });
  const resolveEntries = stringList(values.resolve as string[] | undefined).map(parseResolveEntry);
  writeOutputFile(resolve(io.cwd, file), '--export-k6', k6Script({ routes, durationMs: settings.durationMs, maxErrorRate: settings.errorLimitPct / 100, resolve: resolveEntries }));
  // k6 (Go) trusts the system roots only; SSL_CERT_FILE replaces them with the private CA the audit was given.
  const caFiles = stringList(values['ca-file'] as string[] | undefined);
  const run = caFiles.length > 0 ? `SSL_CERT_FILE=${caFiles[0]} k6 run ${file}` : `k6 run ${file}`;
  io.stdout.write(`wrote ${file}: ${routes.length} route${routes.length === 1 ? '' : 's'} as k6 constant-arrival-rate scenarios with p95 thresholds; run it with ${run}\n`);
  return 0;
}

export async function loadCommand(argv: string[], io: CliIo, redactor: Redactor): Promise<number> {
  const values = flagsOrHelp(loadSpec, argv, io.stdout);
  if (!values) return 0;
  checkFlagValues(values, io.cwd);
  const k6File = optionalString(values['export-k6']);
  if (k6File !== undefined) {
    checkOutputPath(resolve(io.cwd, k6File), '--export-k6');
    return exportK6(values, k6File, io);
  }
  const output = parseOutputOptions(values);
  const { config } = loadConfig(optionalString(values.config), io.cwd, io.env, redactor);
  // flag values first: a bad --baseline is named even when there is nothing to load
  const baselinePath = optionalString(values.baseline);
  const baseline = baselinePath ? readBaselineReport(resolve(io.cwd, baselinePath)) : null;
  const evidenceFlags = evidenceFlagsFrom(values);
  const { plan, secrets } = planFor(config, values, io, evidenceFlags);
  redactor.add(secrets.databaseUrl);
  await checkEvidenceInputs(plan.evidence, evidenceFlags, io.cwd);
  const net = netOptionsFrom(values, io);
  const progress = output.format === 'terminal' || io.stderr.isTTY ? (StageProgress.forIo(io, redactor) ?? undefined) : undefined;
  const policy = buildPolicy(config, { stages: plan.stages, stageReasons: plan.stageReasons, failOn: output.failOn, baseline });
  const { runPipeline } = await import('../../pipeline.js');
  const { facts, report } = await runPipeline({ plan, policy, secrets, redactor, net, progress });
  const saveFacts = optionalString(values['save-facts']);
  if (saveFacts) writeOutputFile(resolve(io.cwd, saveFacts), '--save-facts', redactor.redact(`${JSON.stringify(facts, null, 2)}\n`));
  const load = facts.sources.load;
  const refusedAll = load && !isCollectorFailure(load) && load.routes.length > 0 && load.routes.every((r) => r.outcome === 'refused');
  if (refusedAll) io.stderr.write(`launchready load: ${redactor.redact(load.routes[0]?.refusal?.message ?? 'no route could be loaded')}\n`);
  const htmlOut = output.outs.find((o) => FORMAT_BY_EXTENSION[extname(o).toLowerCase()] === 'html') ?? null;
  const finalReport = { ...report, reportFile: htmlOut };
  for (const out of output.outs) {
    const fmt = FORMAT_BY_EXTENSION[extname(out).toLowerCase()] as string;
    const render = REPORTERS[fmt];
    if (render) writeOutputFile(resolve(io.cwd, out), '--out', redactor.redact(render(finalReport, { color: false, width: 100, htmlPath: htmlOut })));
  }
  const width = outputWidth(io.stdout, io.env);
  if (output.format === 'terminal') {
    const s = load && !isCollectorFailure(load) ? load.settings : null;
    const header = [
      plan.routes.length > 0
        ? `launchready load · ${plan.canonical} · ${plan.routes.length} route${plan.routes.length === 1 ? '' : 's'}, one at a time`
        : 'launchready load · production evidence only: no route loaded',
      ...(s
        ? [
            `${s.model === 'open' ? `${s.baselineRps} req/s (open model)` : `${s.users} users (closed model)`} for ${s.durationMs / 1000} s after a ${s.warmupMs / 1000} s warm-up; expected peak ${s.expectedPeakRps} req/s${s.ramp ? `; ramp to ${s.ramp.maxRps} req/s (${s.ramp.rates.join(', ')})` : '; no ramp'}; at most ${s.maxRequests} requests per route`,
          ]
        : []),
    ];
    io.stdout.write(redactor.redact(renderLoadTerminal(finalReport, { color: colorEnabled(io.stdout, io.env), width, htmlPath: htmlOut }, header)));
  } else {
    const render = REPORTERS[output.format];
    if (!render) throw new UsageError(`format ${output.format} is not available in this build`, 'use --format json or terminal');
    io.stdout.write(redactor.redact(render(finalReport, { color: false, width, htmlPath: htmlOut })));
  }
  return failsGate(report.findings, output.failOn) ? 1 : 0;
}

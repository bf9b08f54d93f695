// collect → check → report, as one call that commands (audit, demo) share.
import type { AnyCheck } from './checks/define.js';
import { CHECKS_BY_ID } from './checks/registry.js';
import { runChecks } from './checks/run.js';
import type { LoadWindowObserver } from './collect/load/window.js';
import { collectFacts, type ProgressSink, silentProgress } from './collect/run.js';
import { FACTS_SCHEMA_VERSION, type Facts } from './facts/index.js';
import type { Redactor } from './mask.js';
import { NetContext, type NetOptions } from './net/context.js';
import type { AuditPlan, AuditSecrets } from './plan.js';
import type { RunPolicy } from './policy.js';
import { buildReport } from './report/build.js';
import type { Report } from './types.js';

export interface PipelineInput {
  /** What to collect; saved with the facts. */
  plan: AuditPlan;
  /** How to judge and report: this run's, also when the facts are replayed. */
  policy: RunPolicy;
  secrets: AuditSecrets;
  /** This run's redactor (the command creates it): the collectors register secrets in it, the checks and report mask them. */
  redactor: Redactor;
  net: NetOptions;
  /** Replay saved facts instead of collecting (no network). */
  replay?: Facts;
  progress?: ProgressSink;
  reportFile?: string | null;
  /** The checks to run, by catalog id (default: every check in checks/registry.ts). */
  checks?: ReadonlyMap<string, AnyCheck>;
  /** Observers of each route's load window (the PostgreSQL statistics collector plugs in here). */
  loadObservers?: readonly LoadWindowObserver[];
}

export async function runPipeline(input: PipelineInput): Promise<{ facts: Facts; report: Report }> {
  const startedAt = new Date();
  let facts: Facts;
  if (input.replay) {
    // The saved facts as collected; this run's policy (stages, overrides, ignores, owners, baseline) judges them.
    facts = input.replay;
  } else {
    const net = new NetContext(input.net);
    facts = await collectFacts(input.plan, input.secrets, net, input.redactor, input.progress ?? silentProgress, undefined, { loadObservers: input.loadObservers });
  }
  const checks = input.checks ?? CHECKS_BY_ID;
  // the run's redactor holds its secrets (config interpolation, the command's flags, the collectors' finds)
  const output = runChecks(facts, checks, input.policy, input.redactor);
  const report = buildReport(facts, output, { startedAt, policy: input.policy, reportFile: input.reportFile ?? null, checks, redactor: input.redactor });
  return { facts, report };
}

export function parseFactsFile(text: string, path: string): Facts {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new Error(`${path} is not JSON`);
  }
  const facts = data as Partial<Facts>;
  if (!facts || typeof facts !== 'object' || facts.schemaVersion !== FACTS_SCHEMA_VERSION || !facts.plan || !facts.sources) {
    throw new Error(`${path} is not a launchready facts file (schemaVersion ${FACTS_SCHEMA_VERSION}); write one with --save-facts`);
  }
  return facts as Facts;
}

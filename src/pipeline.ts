// collect → check → report, as one call that commands (audit, demo) share.
import type { AnyCheck } from './checks/define.js';
import { CHECKS_BY_ID } from './checks/registry.js';
import { runChecks } from './checks/run.js';
import { collectFacts, type ProgressSink, silentProgress } from './collect/run.js';
import { FACTS_SCHEMA_VERSION, type Facts } from './facts/index.js';
import { NetContext, type NetOptions } from './net/context.js';
import type { AuditPlan, AuditSecrets } from './plan.js';
import { buildReport } from './report/build.js';
import type { Report } from './types.js';

export interface PipelineInput {
  plan: AuditPlan;
  secrets: AuditSecrets;
  net: NetOptions;
  /** Replay saved facts instead of collecting (no network). */
  replay?: Facts;
  baseline?: { findings?: { id: string; fingerprint: string; target: string }[] } | null;
  progress?: ProgressSink;
  reportFile?: string | null;
  /** The checks to run, by catalog id (default: every check in checks/registry.ts). */
  checks?: ReadonlyMap<string, AnyCheck>;
}

export async function runPipeline(input: PipelineInput): Promise<{ facts: Facts; report: Report }> {
  const startedAt = new Date();
  let facts: Facts;
  if (input.replay) {
    // Re-run checks with the replayed plan, but let this run's stage selection and overrides apply.
    facts = {
      ...input.replay,
      plan: { ...input.replay.plan, stages: input.plan.stages, stageReasons: input.plan.stageReasons, checkOverrides: input.plan.checkOverrides, ignore: input.plan.ignore },
    };
  } else {
    const net = new NetContext(input.net);
    facts = await collectFacts(input.plan, input.secrets, net, input.progress ?? silentProgress);
  }
  const checks = input.checks ?? CHECKS_BY_ID;
  const output = runChecks(facts, checks);
  const report = buildReport(facts, output, { startedAt, baseline: input.baseline ?? null, reportFile: input.reportFile ?? null, checks });
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

// Runs the collectors the plan needs, concurrently, and assembles the facts object.
import { type CollectorFailure, FACTS_SCHEMA_VERSION, type FactSource, type Facts, isCollectorFailure } from '../facts/index.js';
import { redactor } from '../mask.js';
import type { NetContext } from '../net/context.js';
import type { AuditPlan, AuditSecrets } from '../plan.js';
import { VERSION } from '../version.js';
import type { Collector } from './collector.js';
import { repositoryProblem } from './git.js';
import { COLLECTORS } from './registry.js';

export interface ProgressSink {
  start(source: FactSource, title: string): void;
  note(source: FactSource, note: string): void;
  end(source: FactSource, outcome: 'ok' | 'error' | 'skipped', ms: number): void;
}

export const silentProgress: ProgressSink = { start() {}, note() {}, end() {} };

function failure(error: unknown): CollectorFailure {
  const e = error as NodeJS.ErrnoException;
  return { error: { code: e?.code ?? 'COLLECTOR_CRASH', message: redactor.redact(String(e?.message ?? error).split('\n')[0] ?? 'collector failed') } };
}

export async function collectFacts(
  plan: AuditPlan,
  secrets: AuditSecrets,
  net: NetContext,
  progress: ProgressSink = silentProgress,
  collectors: readonly (Collector | null)[] = COLLECTORS,
): Promise<Facts> {
  const started = Date.now();
  const facts: Facts = {
    schemaVersion: FACTS_SCHEMA_VERSION,
    tool: { name: 'launchready', version: VERSION },
    collectedAt: new Date(started).toISOString(),
    durationMs: 0,
    plan,
    missing: {},
    sources: {},
    timings: {},
  };
  const toRun: Collector[] = [];
  const selected = collectors.filter((c): c is Collector => c?.stages.some((s) => plan.stages.includes(s)) === true);
  const repoFailure = plan.repo && selected.some((c) => c.readsRepo) ? await repositoryProblem(plan.repo) : null;
  for (const c of collectors) {
    if (!c) continue;
    if (!selected.includes(c)) {
      facts.missing[c.source] = c.stages.map((s) => plan.stageReasons[s]).find(Boolean) ?? `stages ${c.stages.join(', ')} not selected`;
      continue;
    }
    if (repoFailure && c.readsRepo) {
      (facts.sources as Record<string, unknown>)[c.source] = { error: { ...repoFailure, message: redactor.redact(repoFailure.message) } };
      facts.timings[c.source] = 0;
      continue;
    }
    const missing = c.missingInput(plan);
    if (missing) {
      facts.missing[c.source] = missing;
      continue;
    }
    toRun.push(c);
  }
  const runOne = async (c: Collector): Promise<void> => {
    progress.start(c.source, c.title);
    const t0 = performance.now();
    let result: Facts['sources'][FactSource];
    try {
      result = await c.collect({ plan, secrets, net, progress: (note) => progress.note(c.source, note) });
    } catch (error) {
      result = failure(error);
    }
    const ms = Math.round(performance.now() - t0);
    (facts.sources as Record<string, unknown>)[c.source] = result;
    facts.timings[c.source] = ms;
    progress.end(c.source, isCollectorFailure(result) ? 'error' : 'ok', ms);
  };
  await Promise.all(toRun.map(runOne));
  facts.durationMs = Date.now() - started;
  return redactor.redactDeep(facts);
}

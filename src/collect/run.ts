// Runs the collectors the plan needs, in dependency order, and assembles the facts object.
import { resolve } from 'node:path';
import { type CollectorFailure, FACTS_SCHEMA_VERSION, type FactSource, type Facts, isCollectorFailure } from '../facts/index.js';
import type { Redactor } from '../mask.js';
import type { NetContext } from '../net/context.js';
import type { AuditPlan, AuditSecrets } from '../plan.js';
import { VERSION } from '../version.js';
import type { Collector } from './collector.js';
import { repositoryProblem } from './git.js';
import type { LoadWindowObserver } from './load/window.js';
import { databaseLoadObserver } from './pgstats/index.js';
import { COLLECTORS } from './registry.js';
import { RepoIndex } from './repo-index.js';

export interface ProgressSink {
  /** `planned`: how long the stage will take, when it knows (the load test, the rate-limit bursts). */
  start(source: FactSource, title: string, planned?: string | null): void;
  note(source: FactSource, note: string): void;
  end(source: FactSource, outcome: 'ok' | 'error' | 'skipped', ms: number): void;
}

export const silentProgress: ProgressSink = { start() {}, note() {}, end() {} };

function failure(error: unknown, redactor: Redactor): CollectorFailure {
  const e = error as NodeJS.ErrnoException;
  return { error: { code: e?.code ?? 'COLLECTOR_CRASH', message: redactor.redact(String(e?.message ?? error).split('\n')[0] ?? 'collector failed') } };
}

export async function collectFacts(
  plan: AuditPlan,
  secrets: AuditSecrets,
  net: NetContext,
  redactor: Redactor,
  progress: ProgressSink = silentProgress,
  collectors: readonly (Collector | null)[] = COLLECTORS,
  options: { loadObservers?: readonly LoadWindowObserver[] } = {},
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
  // with a database and a load test, pg_stat_statements is snapshotted around each route's window (queries per request)
  const loadRuns = toRun.some((c) => c.source === 'load');
  const database = loadRuns && toRun.some((c) => c.source === 'database') ? databaseLoadObserver(plan, secrets, net.timeoutMs, redactor) : null;
  const loadObservers = options.loadObservers ?? (database ? [database] : []);
  // one walk of the repository per run, made by the first collector that asks for it
  let repoIndex: RepoIndex | null = null;
  const openRepoIndex = (): RepoIndex => {
    if (!plan.repo) throw new Error('no repository in the plan');
    repoIndex ??= new RepoIndex(resolve(plan.repo));
    return repoIndex;
  };
  const done = new Map<FactSource, Promise<void>>();
  // settled when a collector ends or hands the rest of its work to another process
  const quiet = new Map<FactSource, { promise: Promise<void>; settle(): void }>();
  const runOne = async (c: Collector): Promise<void> => {
    await null; // let the loop below register every collector's promise before waiting on dependencies
    for (const dep of c.after ?? []) await done.get(dep);
    for (const dep of c.quietAfter ?? []) await quiet.get(dep)?.promise;
    progress.start(c.source, c.title, c.planned?.(plan) ?? null);
    const t0 = performance.now();
    let result: Facts['sources'][FactSource];
    try {
      const inProcessWorkDone = () => quiet.get(c.source)?.settle();
      result = await c.collect({
        plan,
        secrets,
        net,
        redactor,
        facts: facts.sources,
        progress: (note) => progress.note(c.source, note),
        loadObservers,
        repoIndex: openRepoIndex,
        inProcessWorkDone,
      });
    } catch (error) {
      result = failure(error, redactor);
    } finally {
      quiet.get(c.source)?.settle();
    }
    const ms = Math.round(performance.now() - t0);
    (facts.sources as Record<string, unknown>)[c.source] = result;
    facts.timings[c.source] = ms;
    progress.end(c.source, isCollectorFailure(result) ? 'error' : 'ok', ms);
  };
  for (const c of toRun) {
    let settle = () => {};
    const promise = new Promise<void>((resolve) => {
      settle = resolve;
    });
    quiet.set(c.source, { promise, settle });
  }
  for (const c of toRun) done.set(c.source, runOne(c));
  await Promise.all(done.values());
  facts.durationMs = Date.now() - started;
  return redactor.redactDeep(facts);
}

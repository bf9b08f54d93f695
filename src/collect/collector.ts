// What every collector looks like. Collectors are the only code that touches network, files, git or databases.
import type { CollectorFailure, FactSource, FactsMap } from '../facts/index.js';
import type { NetContext } from '../net/context.js';
import type { AuditPlan, AuditSecrets } from '../plan.js';
import type { PipelineStage } from '../types.js';

export interface CollectRun {
  plan: AuditPlan;
  secrets: AuditSecrets;
  net: NetContext;
  /** Short progress note for the live stage list (stderr on a TTY only). */
  progress(note: string): void;
}

export interface Collector<K extends FactSource = FactSource> {
  source: K;
  /** Shown in the progress list, e.g. "Web surface". */
  title: string;
  /** Pipeline stages whose checks read these facts; the collector runs when any is selected. */
  stages: PipelineStage[];
  /** Reads plan.repo: a repository that is missing or refused by git makes it fail (could-not-run) instead of running. */
  readsRepo?: boolean;
  /** Why this collector cannot run with this plan (missing input), or null when it can. */
  missingInput(plan: AuditPlan): string | null;
  /** Collect facts. Throwing is allowed but discouraged: the runner turns it into a CollectorFailure. */
  collect(run: CollectRun): Promise<FactsMap[K] | CollectorFailure>;
}

export function defineCollector<K extends FactSource>(collector: Collector<K>): Collector<K> {
  return collector;
}

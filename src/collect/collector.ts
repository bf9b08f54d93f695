// What every collector looks like. Collectors are the only code that touches network, files, git or databases.
import type { CollectorFailure, FactSource, Facts, FactsMap } from '../facts/index.js';
import type { Redactor } from '../mask.js';
import type { NetContext } from '../net/context.js';
import type { AuditPlan, AuditSecrets } from '../plan.js';
import type { PipelineStage } from '../types.js';
import type { LoadWindowObserver } from './load/window.js';
import type { RepoIndex } from './repo-index.js';

export interface CollectRun {
  plan: AuditPlan;
  secrets: AuditSecrets;
  net: NetContext;
  /** This run's redactor: a collector registers the credentials it finds here, so every other sink masks them too. */
  redactor: Redactor;
  /**
   * Facts of the sources this collector declared in Collector.after, collected earlier in this run (the runner sets it;
   * absent when a collector is called alone). Only `after` sources are guaranteed to be there.
   */
  facts?: Facts['sources'];
  /** Short progress note for the live stage list (stderr on a TTY only). */
  progress(note: string): void;
  /** Called around each route's load window (a PostgreSQL statistics observer, for instance); default none. */
  loadObservers?: readonly LoadWindowObserver[];
  /** The repository of plan.repo, walked once per run on first use and shared by every repo collector (the runner sets it; a collector called alone walks its own). */
  repoIndex?(): RepoIndex;
  /**
   * Says that the rest of this collector's work runs in another process (the migrations sandbox): collectors that
   * list this source in `quietAfter` may start now. The runner sets it; calling it again, or not at all, is harmless.
   */
  inProcessWorkDone?(): void;
}

export interface Collector<K extends FactSource = FactSource> {
  source: K;
  /** Shown in the progress list, e.g. "Web surface". */
  title: string;
  /** Pipeline stages whose checks read these facts; the collector runs when any is selected. */
  stages: PipelineStage[];
  /** Sources that must be collected first; the runner waits for them and their facts are in run.facts. */
  after?: FactSource[];
  /**
   * Sources whose work in this process must be over before this one starts, though their facts are not needed: a
   * load test waits for repository scans that would block the event loop, not for a sandbox running in a child.
   */
  quietAfter?: FactSource[];
  /** Reads plan.repo: a repository that is missing or refused by git makes it fail (could-not-run) instead of running. */
  readsRepo?: boolean;
  /**
   * How long this stage will take with this plan, for the progress list when it starts ("5 routes, up to 2 min"): the
   * load test and the rate-limit bursts take minutes by design, and a user not told so takes a quiet terminal for a hang.
   */
  planned?(plan: AuditPlan): string | null;
  /** Why this collector cannot run with this plan (missing input), or null when it can. */
  missingInput(plan: AuditPlan): string | null;
  /** Collect facts. Throwing is allowed but discouraged: the runner turns it into a CollectorFailure. */
  collect(run: CollectRun): Promise<FactsMap[K] | CollectorFailure>;
}

export function defineCollector<K extends FactSource>(collector: Collector<K>): Collector<K> {
  return collector;
}

/** A planned stage time as people say it: "up to 40 s", "up to 5 min" (an upper bound: a ramp or a burst may end early). */
export function upToTime(ms: number): string {
  const s = Math.max(1, Math.round(ms / 1000));
  return s < 90 ? `up to ${s} s` : `up to ${Math.round(s / 60)} min`;
}

// How a run judges and reports: stages judged, check overrides, ignored fingerprints, owners, the gate and the baseline.
// Kept apart from the collect plan (src/plan.ts), which is saved with the facts: `--from-facts` judges saved facts with
// the policy of the run that replays them (today's owners, ignores and overrides), never the ones saved back then.
import type { LaunchreadyConfig } from './config/types.js';
import type { PipelineStage } from './types.js';

export const FAIL_ON_LEVELS = ['blocker', 'high', 'medium', 'low', 'none'] as const;
export type FailOn = (typeof FAIL_ON_LEVELS)[number];

/** The parts of a previous JSON report a baseline needs. */
export interface Baseline {
  findings?: { id: string; fingerprint: string; target: string }[];
  /** Its route table: each route's change is shown against it. */
  metrics?: unknown;
}

export interface RunPolicy {
  /** Stages whose checks run (--only/--skip, and what the URL allows). */
  stages: PipelineStage[];
  /** Why a stage is left out. */
  stageReasons: Partial<Record<PipelineStage, string>>;
  /** `checks:` of the config: severity overrides and disabled checks. */
  checkOverrides: NonNullable<LaunchreadyConfig['checks']>;
  /** Finding fingerprints never reported (`ignore:` of the config). */
  ignore: string[];
  /** Who fixes what: minimum-bar rows or stages to names (`owners:` of the config). */
  owners: Record<string, string>;
  failOn: FailOn;
  baseline: Baseline | null;
}

export interface PolicyOptions {
  stages: PipelineStage[];
  stageReasons: Partial<Record<PipelineStage, string>>;
  failOn?: FailOn;
  baseline?: Baseline | null;
}

export function buildPolicy(config: LaunchreadyConfig, options: PolicyOptions): RunPolicy {
  return {
    stages: options.stages,
    stageReasons: options.stageReasons,
    checkOverrides: config.checks ?? {},
    ignore: config.ignore ?? [],
    owners: config.owners ?? {},
    failOn: options.failOn ?? 'blocker',
    baseline: options.baseline ?? null,
  };
}

/** The policy when nothing but the collect plan is known (tests, library use): its stages, nothing overridden. */
export function defaultPolicy(plan: { stages: PipelineStage[]; stageReasons: Partial<Record<PipelineStage, string>> }): RunPolicy {
  return buildPolicy({}, plan);
}

// Whether an audit has anything to look at: a gate that audits nothing must not pass (exit 2 says what to give).
import type { AuditPlan } from '../plan.js';
import type { PipelineStage } from '../types.js';
import type { Collector } from './collector.js';
import { COLLECTORS } from './registry.js';

/** Why a selected stage cannot run with this plan (left out, not built yet, or no collector has its inputs), or null. */
export function stageInputMissing(plan: AuditPlan, stage: PipelineStage): string | null {
  if (!plan.stages.includes(stage)) return plan.stageReasons[stage] ?? `stage ${stage} is not selected`;
  const collectors = COLLECTORS.filter((c): c is Collector => c?.stages.includes(stage) === true);
  if (collectors.length === 0) return `stage ${stage} is not implemented yet`;
  const reasons = collectors.map((c) => c.missingInput(plan));
  return reasons.every((r) => r !== null) ? (reasons[0] as string) : null;
}

/** No URL, host, repository, domain, logs, migrations, database, monitor config or evidence file: nothing a check could judge. */
export function nothingToAudit(plan: AuditPlan): boolean {
  return (
    plan.canonical === null &&
    plan.hosts.length === 0 &&
    plan.repo === null &&
    plan.email.domain === null &&
    plan.domain === null &&
    plan.logs.length === 0 &&
    plan.migrationsDir === null &&
    !plan.databaseConfigured &&
    !plan.monitor.configured &&
    (plan.evidence?.accessLogs.length ?? 0) + (plan.evidence?.traces.length ?? 0) + (plan.evidence?.har.length ?? 0) === 0
  );
}

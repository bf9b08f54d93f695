// Runs every catalog check of the registry it is given over the facts. Missing facts → skipped, failed collector → error, exception → error.
import { createHash } from 'node:crypto';
import { CATALOG } from '../catalog.js';
import { type FactSource, type Facts, isCollectorFailure } from '../facts/index.js';
import { Redactor } from '../mask.js';
import { defaultPolicy, type RunPolicy } from '../policy.js';
import type { CheckResult, Finding, FindingDraft } from '../types.js';
import { type AnyCheck, isCannotRun, isInputMissing, isNotApplicable, isPartialFindings } from './define.js';

export interface CheckRunOutput {
  checks: CheckResult[];
  findings: Finding[];
}

export function fingerprintOf(id: string, draft: Pick<FindingDraft, 'target' | 'key'>): string {
  return createHash('sha256')
    .update(`${id}\0${draft.target}\0${draft.key ?? ''}`)
    .digest('hex')
    .slice(0, 16);
}

function inputFor(check: AnyCheck, facts: Facts): { input?: Record<string, unknown>; skip?: CheckResult['status']; reason?: string } {
  const input: Record<string, unknown> = { plan: facts.plan };
  for (const source of check.meta.requires as FactSource[]) {
    const value = facts.sources[source];
    if (value === undefined) return { skip: 'skipped', reason: facts.missing[source] ?? `no ${source} facts collected` };
    if (isCollectorFailure(value)) return { skip: 'error', reason: `${source} collector failed: ${value.error.message}` };
    input[source] = value;
  }
  for (const source of (check.meta.optional ?? []) as FactSource[]) {
    const value = facts.sources[source];
    if (value !== undefined && !isCollectorFailure(value)) input[source] = value;
  }
  return { input };
}

/** Turn a check's drafts into findings (owner, ranks and baseline are filled in by report/rank). */
function toFindings(check: AnyCheck, drafts: FindingDraft[], policy: Pick<RunPolicy, 'checkOverrides'>, redactor: Redactor): Finding[] {
  const override = policy.checkOverrides[check.meta.id]?.severity;
  return drafts.map((d) => ({
    id: check.meta.id,
    fingerprint: fingerprintOf(check.meta.id, d),
    severity: override ?? d.severity ?? check.catalog.severity,
    stage: check.catalog.stage,
    bar: check.catalog.bar,
    title: redactor.redact(d.title ?? check.meta.failureTitle),
    target: redactor.redact(d.target),
    evidence: redactor.redactDeep(d.evidence),
    fix: redactor.redact(d.fix ?? check.meta.fix),
    owner: null,
    impactRank: 0,
    fixOrder: 0,
    baseline: null,
  }));
}

/**
 * registry: the checks to run by catalog id (the pipeline passes checks/registry.ts; a test passes the one it tests).
 * policy: this run's stages, overrides and ignores; without one, the stages the facts were collected for.
 * redactor: this run's secrets, masked in every title, target, evidence and reason.
 */
export function runChecks(
  facts: Facts,
  registry: ReadonlyMap<string, AnyCheck>,
  policy: RunPolicy = defaultPolicy(facts.plan),
  redactor: Redactor = new Redactor(),
): CheckRunOutput {
  const checks: CheckResult[] = [];
  const findings: Finding[] = [];
  const ignored = new Set(policy.ignore);
  for (const entry of CATALOG) {
    const t0 = performance.now();
    const result = (status: CheckResult['status'], reason: string | null): CheckResult => ({
      id: entry.id,
      status,
      reason,
      durationMs: Math.round((performance.now() - t0) * 1000) / 1000,
    });
    const check = registry.get(entry.id);
    if (!check) {
      checks.push(result('skipped', 'not implemented yet'));
      continue;
    }
    if (!policy.stages.includes(entry.pipelineStage)) {
      checks.push(result('skipped', policy.stageReasons[entry.pipelineStage] ?? `stage ${entry.pipelineStage} not selected`));
      continue;
    }
    if (policy.checkOverrides[entry.id]?.enabled === false) {
      checks.push(result('skipped', `disabled in config (checks.${entry.id}.enabled: false)`));
      continue;
    }
    const prepared = inputFor(check, facts);
    if (!prepared.input) {
      checks.push(result(prepared.skip ?? 'skipped', prepared.reason ?? null));
      continue;
    }
    try {
      const out = check.run(prepared.input as never);
      if (isInputMissing(out)) {
        checks.push(result('skipped', out.inputMissing));
        continue;
      }
      if (isCannotRun(out)) {
        checks.push(result('error', out.cannotRun));
        continue;
      }
      if (isNotApplicable(out)) {
        checks.push(result('not-applicable', out.notApplicable));
        continue;
      }
      const partial = isPartialFindings(out) ? redactor.redact(out.partial) : null;
      const drafts = isPartialFindings(out) ? out.findings : out;
      const seen = new Set<string>();
      const produced = toFindings(check, drafts, policy, redactor).filter((f) => !ignored.has(f.fingerprint) && !seen.has(f.fingerprint) && seen.add(f.fingerprint));
      findings.push(...produced);
      checks.push(result(produced.length > 0 ? 'failed' : 'passed', partial));
    } catch (error) {
      checks.push(result('error', `check crashed: ${redactor.redact(String((error as Error)?.message ?? error))}`));
    }
  }
  return { checks, findings };
}

// One verdict over every probed route: findings of the routes that were judged, and why the others were not.
import {
  type CannotRun,
  cannotRun,
  type InputMissing,
  inputMissing,
  isCannotRun,
  isInputMissing,
  isNotApplicable,
  type NotApplicable,
  notApplicable,
  type PartialFindings,
  partialFindings,
} from '../checks/define.js';
import type { ProtectionFacts, RouteProbe } from '../facts/protection.js';
import type { FindingDraft } from '../types.js';
import type { Verdict } from './ratelimit-verdict.js';

export function judgeProbes(
  protection: Pick<ProtectionFacts, 'probes' | 'unprobed' | 'settings'>,
  judge: (probe: RouteProbe) => Verdict,
): FindingDraft[] | PartialFindings | NotApplicable | CannotRun | InputMissing {
  if (protection.probes.length + protection.unprobed.length === 0)
    return notApplicable('no login, password-reset, signup, webhook or public-api route is configured (routes: with kind)');
  const findings: FindingDraft[] = [];
  const skipped: string[] = protection.unprobed.map((u) => `${u.route}: ${u.reason}`);
  const failed: string[] = [];
  const notApplicableReasons: string[] = [];
  let judged = 0;
  for (const probe of protection.probes) {
    const verdict = judge(probe);
    if (isInputMissing(verdict)) skipped.push(verdict.inputMissing);
    else if (isCannotRun(verdict)) failed.push(verdict.cannotRun);
    else if (isNotApplicable(verdict)) notApplicableReasons.push(verdict.notApplicable);
    else {
      judged++;
      for (const f of verdict as FindingDraft[]) findings.push({ ...f, evidence: { route: probe.route, ...f.evidence, settings: protection.settings }, key: probe.route });
    }
  }
  const unjudged = [...failed, ...skipped];
  if (findings.length > 0) return unjudged.length > 0 ? partialFindings(findings, `not judged: ${unjudged.join('; ')}`) : findings;
  if (failed.length > 0) return cannotRun(unjudged.join('; '));
  if (skipped.length > 0 && judged === 0) return inputMissing(skipped.join('; '));
  if (judged === 0) return notApplicable(notApplicableReasons.join('; '));
  return unjudged.length > 0 ? partialFindings([], `not judged: ${unjudged.join('; ')}`) : [];
}

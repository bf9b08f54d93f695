// Assembles the JSON report (CONTRACT schemaVersion 1) from facts and check results.

import type { AnyCheck } from '../checks/define.js';
import type { CheckRunOutput } from '../checks/run.js';
import type { Facts } from '../facts/index.js';
import type { Redactor } from '../mask.js';
import { defaultPolicy, type RunPolicy } from '../policy.js';
import type { Report } from '../types.js';
import { VERSION } from '../version.js';
import { topBottlenecks } from './bottlenecks.js';
import { buildDomainMap } from './domain-map.js';
import { buildInventory } from './inventory.js';
import { buildRouteMetrics, withBaselineChange } from './metrics.js';
import { applyBaseline, minimumBar, rankFindings, scoreAndGrade } from './rank.js';

export interface BuildOptions {
  startedAt: Date;
  /** This run's policy (owners, baseline); default: the facts' stages, no owners, no baseline. */
  policy?: RunPolicy;
  reportFile?: string | null;
  /** The checks that ran: their titles and docs reach the reporters through report.checkDocs. */
  checks?: ReadonlyMap<string, AnyCheck>;
  /** This run's secrets: masked in every string of the report. */
  redactor: Redactor;
}

export function buildReport(facts: Facts, output: CheckRunOutput, options: BuildOptions): Report {
  const policy = options.policy ?? defaultPolicy(facts.plan);
  const { findings, blockers } = rankFindings(output.findings, facts.plan, policy.owners);
  const { fixed } = applyBaseline(findings, policy.baseline);
  const { score, grade } = scoreAndGrade(findings);
  const routes = withBaselineChange(buildRouteMetrics(facts), policy.baseline);
  const load = facts.sources.load;
  const expectedPeakRps = load && 'settings' in load ? load.settings.expectedPeakRps : (facts.plan.load?.expectedPeakRps ?? null);
  const bottlenecks = topBottlenecks(routes, findings, expectedPeakRps);
  const report: Report = {
    schemaVersion: 1,
    tool: { name: 'launchready', version: VERSION },
    startedAt: options.startedAt.toISOString(),
    durationMs: Date.now() - options.startedAt.getTime(),
    target: { canonical: facts.plan.canonical, hosts: facts.plan.hosts, domain: facts.plan.domain, repo: facts.plan.repo },
    score,
    grade,
    minimumBar: minimumBar(output.checks, findings, facts.plan),
    checks: output.checks,
    findings,
    blockers,
    domainMap: buildDomainMap(facts),
    metrics: { routes, ...(routes.length > 0 ? { bottlenecks } : {}) },
    inventory: buildInventory(facts),
    reportFile: options.reportFile ?? null,
    checkDocs: Object.fromEntries([...(options.checks ?? new Map<string, AnyCheck>())].map(([id, c]) => [id, { title: c.meta.title, why: c.meta.docs.why, fix: c.meta.docs.fix }])),
  };
  if (policy.baseline) report.fixed = fixed;
  return options.redactor.redactDeep(report);
}

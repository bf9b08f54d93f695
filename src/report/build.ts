// Assembles the JSON report (CONTRACT schemaVersion 1) from facts and check results.

import type { AnyCheck } from '../checks/define.js';
import type { CheckRunOutput } from '../checks/run.js';
import type { Facts } from '../facts/index.js';
import { redactor } from '../mask.js';
import type { Report } from '../types.js';
import { VERSION } from '../version.js';
import { buildDomainMap } from './domain-map.js';
import { buildInventory } from './inventory.js';
import { buildRouteMetrics } from './metrics.js';
import { applyBaseline, minimumBar, rankFindings, scoreAndGrade } from './rank.js';

export interface BuildOptions {
  startedAt: Date;
  baseline?: { findings?: { id: string; fingerprint: string; target: string }[] } | null;
  reportFile?: string | null;
  /** The checks that ran: their titles and docs reach the reporters through report.checkDocs. */
  checks?: ReadonlyMap<string, AnyCheck>;
}

export function buildReport(facts: Facts, output: CheckRunOutput, options: BuildOptions): Report {
  const { findings, blockers } = rankFindings(output.findings, facts.plan);
  const { fixed } = applyBaseline(findings, options.baseline ?? null);
  const { score, grade } = scoreAndGrade(findings);
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
    metrics: { routes: buildRouteMetrics(facts) },
    inventory: buildInventory(facts),
    reportFile: options.reportFile ?? null,
    checkDocs: Object.fromEntries([...(options.checks ?? new Map<string, AnyCheck>())].map(([id, c]) => [id, { title: c.meta.title, why: c.meta.docs.why, fix: c.meta.docs.fix }])),
  };
  if (options.baseline) report.fixed = fixed;
  return redactor.redactDeep(report);
}

// Fact builders for check tests: a default plan plus only the sources a case needs.
import type { CollectorFailure, FactSource, Facts, FactsMap } from '../../src/facts/index.ts';
import { type AuditPlan, buildPlan } from '../../src/plan.ts';

export function planFor(overrides: Partial<AuditPlan> = {}, canonical = 'https://app.acme.test/'): AuditPlan {
  const { plan } = buildPlan({ app: { canonical } }, { urls: [], cwd: '/nonexistent', cwdIsGitRepo: false }, {});
  return { ...plan, ...overrides };
}

export function factsWith(sources: { [K in FactSource]?: FactsMap[K] | CollectorFailure }, plan: Partial<AuditPlan> = {}, missing: Facts['missing'] = {}): Facts {
  return {
    schemaVersion: 1,
    tool: { name: 'launchready', version: 'test' },
    collectedAt: new Date(0).toISOString(),
    durationMs: 0,
    plan: planFor(plan),
    missing,
    sources,
    timings: {},
  };
}

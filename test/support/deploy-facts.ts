// Builders for deploy facts in check tests.
import type { DeployFacts } from '../../src/facts/deploy.ts';

export function deployFacts(overrides: Partial<DeployFacts> = {}): DeployFacts {
  return { repo: '/srv/app', filesScanned: 42, truncated: false, ci: [], deploys: [], dockerfiles: [], rollback: [], healthChecks: [], ...overrides };
}

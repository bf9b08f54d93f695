// Builders for deps facts in check tests.
import type { VulnerableDependency } from '../../src/analyze/osv.ts';
import type { DepsFacts } from '../../src/facts/deps.ts';

export function depsFacts(overrides: Partial<DepsFacts> = {}): DepsFacts {
  return {
    repo: '/srv/app',
    filesScanned: 20,
    truncated: false,
    manifests: [],
    lockfiles: [],
    packagesLocked: 0,
    advisoryDatabase: { dir: '/osv', filesRead: 10, advisoriesLoaded: 0, unreadableFiles: 0, truncated: false, error: null },
    vulnerable: [],
    packages: [],
    packagesOmitted: 0,
    ...overrides,
  };
}

export function vulnerable(overrides: Partial<VulnerableDependency> = {}): VulnerableDependency {
  return {
    ecosystem: 'npm',
    package: 'lodash',
    version: '4.17.20',
    advisory: 'GHSA-35jh-r3h4-6jhm',
    aliases: ['CVE-2021-23337'],
    summary: 'Command Injection in lodash',
    fixed: '4.17.21',
    severity: 'high',
    severitySource: 'database_specific.severity',
    lockfile: 'package-lock.json',
    ...overrides,
  };
}

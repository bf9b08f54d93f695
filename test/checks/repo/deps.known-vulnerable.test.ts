import check from '../../../src/checks/repo/deps.known-vulnerable.ts';
import { checkTester } from '../../support/check-tester.ts';
import { depsFacts, vulnerable } from '../../support/deps-facts.ts';
import { factsWith } from '../../support/facts.ts';

checkTester(check, {
  pass: [{ name: 'locked packages, no advisory matches', facts: factsWith({ deps: depsFacts({ packagesLocked: 120 }) }) }],
  fail: [
    {
      name: 'high and moderate advisories',
      facts: factsWith({
        deps: depsFacts({
          packagesLocked: 120,
          vulnerable: [
            vulnerable(),
            vulnerable({ package: 'django', version: '4.2.10', ecosystem: 'PyPI', advisory: 'PYSEC-2024-0001', severity: 'medium', fixed: null, lockfile: 'requirements.txt' }),
          ],
        }),
      }),
      findings: [
        {
          target: 'package-lock.json lodash@4.17.20',
          severity: 'high',
          fix: /Upgrade lodash to 4\.17\.21/,
          evidence: { package: 'lodash', version: '4.17.20', advisory: 'GHSA-35jh-r3h4-6jhm', fixedVersion: '4.17.21' },
        },
        { target: 'requirements.txt django@4.2.10', severity: 'medium', fix: /No fixed version/, evidence: { fixedVersion: null } },
      ],
    },
    {
      name: 'low advisory',
      facts: factsWith({ deps: depsFacts({ packagesLocked: 1, vulnerable: [vulnerable({ severity: 'low' })] }) }),
      findings: [{ severity: 'low' }],
    },
  ],
  notApplicable: [{ name: 'nothing locked', facts: factsWith({ deps: depsFacts() }) }],
  notRun: [
    {
      name: 'no advisory database given',
      status: 'skipped',
      facts: factsWith({
        deps: depsFacts({ packagesLocked: 5, advisoryDatabase: { dir: null, filesRead: 0, advisoriesLoaded: 0, unreadableFiles: 0, truncated: false, error: null } }),
      }),
    },
    {
      name: 'advisory directory unreadable',
      status: 'error',
      facts: factsWith({
        deps: depsFacts({
          packagesLocked: 5,
          advisoryDatabase: { dir: '/x', filesRead: 0, advisoriesLoaded: 0, unreadableFiles: 0, truncated: false, error: 'cannot read advisory directory /x: ENOENT' },
        }),
      }),
    },
  ],
});

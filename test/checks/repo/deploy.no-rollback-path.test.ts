import check from '../../../src/checks/repo/deploy.no-rollback-path.ts';
import { checkTester } from '../../support/check-tester.ts';
import { deployFacts } from '../../support/deploy-facts.ts';
import { factsWith } from '../../support/facts.ts';

checkTester(check, {
  pass: [
    { name: 'runbook', facts: factsWith({ deploy: deployFacts({ rollback: [{ kind: 'docs', detail: '## Rollback', file: 'RUNBOOK.md', line: 3 }] }) }) },
    { name: 'release history', facts: factsWith({ deploy: deployFacts({ rollback: [{ kind: 'release-history', detail: 'Fly.io keeps releases', file: 'fly.toml', line: 1 }] }) }) },
  ],
  fail: [
    {
      name: 'a deploy script but no way back',
      facts: factsWith({ deploy: deployFacts({ deploys: [{ kind: 'script', name: 'deploy.sh', file: 'scripts/deploy.sh', line: 1, text: '#!/bin/sh' }] }) }),
      findings: [{ target: '.', evidence: { deployMethods: ['deploy.sh (scripts/deploy.sh)'], filesScanned: 42 } }],
    },
  ],
});

import check from '../../../src/checks/repo/deploy.no-ci.ts';
import { checkTester } from '../../support/check-tester.ts';
import { deployFacts } from '../../support/deploy-facts.ts';
import { factsWith } from '../../support/facts.ts';

const pipeline = (builds: boolean, tests: boolean) => ({
  system: 'github-actions' as const,
  file: '.github/workflows/ci.yml',
  builds,
  tests,
  deploys: false,
  evidence: [],
  error: null,
});

checkTester(check, {
  pass: [
    { name: 'a workflow runs the tests', facts: factsWith({ deploy: deployFacts({ ci: [pipeline(false, true)] }) }) },
    { name: 'a workflow builds', facts: factsWith({ deploy: deployFacts({ ci: [pipeline(true, false)] }) }) },
  ],
  fail: [
    { name: 'no CI at all', facts: factsWith({ deploy: deployFacts() }), findings: [{ target: '.', title: /No CI configuration/, evidence: { pipelines: [] } }] },
    {
      name: 'CI that only lints',
      facts: factsWith({ deploy: deployFacts({ ci: [pipeline(false, false)] }) }),
      findings: [{ title: /no job builds or tests/, evidence: { pipelines: ['.github/workflows/ci.yml (github-actions)'] } }],
    },
  ],
  notRun: [{ name: 'deploy collector failed', status: 'error', facts: factsWith({ deploy: { error: { code: 'EACCES', message: 'permission denied' } } }) }],
});

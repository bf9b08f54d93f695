import check from '../../../src/checks/repo/deploy.no-scripted-deploy.ts';
import { checkTester } from '../../support/check-tester.ts';
import { deployFacts } from '../../support/deploy-facts.ts';
import { factsWith } from '../../support/facts.ts';

checkTester(check, {
  pass: [
    { name: 'fly.toml', facts: factsWith({ deploy: deployFacts({ deploys: [{ kind: 'platform', name: 'Fly.io', file: 'fly.toml', line: 1, text: 'app = "x"' }] }) }) },
    {
      name: 'deploy workflow step',
      facts: factsWith({
        deploy: deployFacts({ deploys: [{ kind: 'workflow', name: 'github-actions deploy step', file: '.github/workflows/deploy.yml', line: 12, text: 'flyctl deploy' }] }),
      }),
    },
  ],
  fail: [
    { name: 'nothing', facts: factsWith({ deploy: deployFacts() }), findings: [{ target: '.', title: /No scripted/ }] },
    {
      name: 'a Dockerfile alone',
      facts: factsWith({ deploy: deployFacts({ dockerfiles: ['Dockerfile'] }) }),
      findings: [{ title: /Dockerfile exists/, evidence: { dockerfiles: ['Dockerfile'] } }],
    },
  ],
});

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
    {
      name: 'an image CI publishes, run by a compose file',
      facts: factsWith({
        deploy: deployFacts({
          dockerfiles: ['Dockerfile'],
          publishedImages: [{ file: '.github/workflows/publish.yml', line: 21, text: 'uses: docker/build-push-action@v6', images: ['ghcr.io/${{ github.repository }}'] }],
          deploys: [
            { kind: 'container', name: 'Docker Compose runs the image .github/workflows/publish.yml:21 publishes', file: 'compose.yml', line: 3, text: 'image: ghcr.io/acme/app' },
          ],
        }),
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
    {
      name: 'an image CI publishes that nothing in the repo runs',
      facts: factsWith({
        deploy: deployFacts({
          dockerfiles: ['Dockerfile'],
          publishedImages: [{ file: '.github/workflows/publish.yml', line: 21, text: 'uses: docker/build-push-action@v6', images: ['ghcr.io/acme/app'] }],
        }),
      }),
      findings: [{ title: /publishes a container image but no compose file/, evidence: { publishedImages: ['.github/workflows/publish.yml:21 ghcr.io/acme/app'] } }],
    },
  ],
});

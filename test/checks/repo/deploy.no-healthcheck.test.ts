import check from '../../../src/checks/repo/deploy.no-healthcheck.ts';
import type { WebFacts } from '../../../src/facts/web.ts';
import { checkTester } from '../../support/check-tester.ts';
import { deployFacts } from '../../support/deploy-facts.ts';
import { factsWith } from '../../support/facts.ts';

const web = (probes: WebFacts['healthProbes']): WebFacts => ({
  canonical: null,
  canonicalHost: null,
  variants: [],
  pages: [],
  assets: [],
  routes: [],
  cors: [],
  securityTxt: null,
  healthProbes: probes,
});

checkTester(check, {
  pass: [
    { name: 'route in code', facts: factsWith({ deploy: deployFacts({ healthChecks: [{ kind: 'route', file: 'src/app.ts', line: 9, text: "app.get('/health', ...)" }] }) }) },
    { name: 'k8s probe', facts: factsWith({ deploy: deployFacts({ healthChecks: [{ kind: 'config', file: 'k8s/deploy.yaml', line: 20, text: 'readinessProbe:' }] }) }) },
    {
      name: 'nothing in the repo but /healthz answers 200',
      facts: factsWith({
        deploy: deployFacts(),
        web: web([
          { path: '/health', status: 404 },
          { path: '/healthz', status: 200 },
        ]),
      }),
    },
  ],
  fail: [
    {
      name: 'nothing anywhere, no web facts: the title says nothing was probed',
      facts: factsWith({ deploy: deployFacts() }),
      findings: [{ target: '.', title: /no URL given, so common paths were not probed/, evidence: { probedPaths: [] } }],
    },
    {
      name: 'probes answer 404 or nothing',
      facts: factsWith({
        deploy: deployFacts(),
        web: web([
          { path: '/health', status: 404 },
          { path: '/up', status: null },
        ]),
      }),
      findings: [{ evidence: { probedPaths: ['/health → 404', '/up → no answer'] } }],
    },
    {
      name: 'web collector failed: repo alone decides',
      facts: factsWith({ deploy: deployFacts(), web: { error: { code: 'X', message: 'down' } } }),
      findings: [{ target: '.' }],
    },
  ],
});

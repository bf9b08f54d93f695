import check from '../../../src/checks/web/cors.production-origin-rejected.ts';
import type { PlannedRoute } from '../../../src/plan.ts';
import { checkTester } from '../../support/check-tester.ts';
import { corsRoute, probe, webFactsWith } from './web-facts.ts';

const FRONT = 'https://app.acme.test';
const plannedRoute = (path: string, extra: Partial<PlannedRoute> = {}): PlannedRoute => ({
  method: 'GET',
  path,
  kind: 'read',
  budgetMs: 300,
  critical: false,
  auth: 'public',
  host: null,
  headerNames: [],
  hasBody: false,
  ...extra,
});
const plan = (routes: PlannedRoute[]) => ({ frontendOrigins: [FRONT], routes });

checkTester(check, {
  pass: [
    {
      name: 'front end allowed on both',
      facts: webFactsWith(
        { cors: [corsRoute('/api/orders', [probe('simple', FRONT, FRONT), probe('preflight', FRONT, FRONT)])] },
        plan([plannedRoute('/api/orders', { headerNames: ['Authorization'] })]),
      ),
    },
    {
      name: 'simple public GET needs no preflight answer',
      facts: webFactsWith({ cors: [corsRoute('/api/catalog', [probe('simple', FRONT, '*'), probe('preflight', FRONT, null)])] }, plan([plannedRoute('/api/catalog')])),
    },
  ],
  fail: [
    {
      name: 'preflight refused for a route that sends Authorization',
      facts: webFactsWith(
        { cors: [corsRoute('/api/orders', [probe('simple', FRONT, FRONT), probe('preflight', FRONT, null)])] },
        plan([plannedRoute('/api/orders', { headerNames: ['Authorization'] })]),
      ),
      findings: [
        {
          target: 'app.acme.test',
          severity: 'high',
          evidence: { origin: FRONT, refused: ['preflight: status 200, Access-Control-Allow-Origin: (none)'] },
          fix: /OPTIONS preflight/,
        },
      ],
    },
    {
      name: 'a different origin is allowed instead',
      facts: webFactsWith({ cors: [corsRoute('/api/catalog', [probe('simple', FRONT, 'https://staging.acme.test')])] }, plan([plannedRoute('/api/catalog')])),
      findings: [{ title: /refuses the front-end origin https:\/\/app\.acme\.test/ }],
    },
  ],
  notApplicable: [
    { name: 'no frontendOrigins configured', facts: webFactsWith({ cors: [corsRoute('/api/orders', [])] }) },
    { name: 'no API routes', facts: webFactsWith({ cors: [] }, plan([])) },
  ],
});

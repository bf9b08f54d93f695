import check from '../../../src/checks/web/cors.null-origin.ts';
import { checkTester } from '../../support/check-tester.ts';
import { corsRoute, probe, webFactsWith } from './web-facts.ts';

checkTester(check, {
  pass: [{ name: 'null refused', facts: webFactsWith({ cors: [corsRoute('/api/orders', [probe('simple', 'null', null)])] }) }],
  fail: [
    {
      name: 'null allowed',
      facts: webFactsWith({ cors: [corsRoute('/api/orders', [probe('preflight', 'null', 'null', 'true')])] }),
      findings: [
        {
          target: 'app.acme.test',
          severity: 'medium',
          evidence: { probes: ['preflight: Access-Control-Allow-Origin: null; Access-Control-Allow-Credentials: true'] },
        },
      ],
    },
  ],
  notApplicable: [{ name: 'no API routes', facts: webFactsWith({}) }],
});

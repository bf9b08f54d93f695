import check from '../../../src/checks/web/cors.wildcard-with-credentials.ts';
import { checkTester } from '../../support/check-tester.ts';
import { corsRoute, probe, webFactsWith } from './web-facts.ts';

checkTester(check, {
  pass: [{ name: 'wildcard without credentials', facts: webFactsWith({ cors: [corsRoute('/api/public', [probe('simple', 'https://evil.example', '*')])] }) }],
  fail: [
    {
      name: 'wildcard with credentials',
      facts: webFactsWith({ cors: [corsRoute('/api/orders', [probe('simple', 'https://evil.example', '*', 'true')])] }),
      findings: [{ target: 'app.acme.test', severity: 'high' }],
    },
  ],
  notApplicable: [{ name: 'no API routes', facts: webFactsWith({}) }],
});

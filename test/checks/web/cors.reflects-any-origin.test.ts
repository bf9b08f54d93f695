import check from '../../../src/checks/web/cors.reflects-any-origin.ts';
import { checkTester } from '../../support/check-tester.ts';
import { corsRoute, probe, webFactsWith } from './web-facts.ts';

const EVIL = 'https://evil.example';

checkTester(check, {
  pass: [
    {
      name: 'foreign origin gets no ACAO',
      facts: webFactsWith({
        cors: [corsRoute('/api/orders', [probe('simple', EVIL, null), probe('preflight', EVIL, null), probe('simple', 'https://app.acme.test', 'https://app.acme.test')])],
      }),
    },
  ],
  fail: [
    {
      name: 'echoed without credentials: high',
      facts: webFactsWith({ cors: [corsRoute('/api/orders', [probe('simple', EVIL, EVIL)])] }),
      findings: [{ target: 'app.acme.test', severity: 'high' }],
    },
    {
      name: 'echoed with credentials: blocker',
      facts: webFactsWith({ cors: [corsRoute('/api/orders', [probe('simple', EVIL, EVIL, 'true'), probe('preflight', EVIL, EVIL, 'true')])] }),
      findings: [
        {
          severity: 'blocker',
          evidence: {
            origin: EVIL,
            probes: [
              `simple: Access-Control-Allow-Origin: ${EVIL}; Access-Control-Allow-Credentials: true`,
              `preflight: Access-Control-Allow-Origin: ${EVIL}; Access-Control-Allow-Credentials: true`,
            ],
          },
        },
      ],
    },
  ],
  notApplicable: [{ name: 'no API routes', facts: webFactsWith({ cors: [] }) }],
});

import check from '../../../src/checks/web/cors.wildcard-on-private.ts';
import { checkTester } from '../../support/check-tester.ts';
import { corsRoute, probe, route, webFactsWith } from './web-facts.ts';

checkTester(check, {
  pass: [
    {
      name: 'private route names the origin',
      facts: webFactsWith({
        cors: [
          corsRoute('/api/me', [probe('simple', 'https://evil.example', null)], { auth: 'private' }),
          corsRoute('/api/public', [probe('simple', 'https://evil.example', '*')]),
        ],
      }),
    },
  ],
  fail: [
    {
      name: 'wildcard on a private route',
      facts: webFactsWith({ cors: [corsRoute('/api/me', [probe('simple', 'https://evil.example', '*')], { auth: 'private' })] }),
      findings: [{ target: 'app.acme.test', severity: 'medium' }],
    },
    {
      name: 'wildcard on a plain private route response',
      facts: webFactsWith({ routes: [route('/reports/daily', { 'access-control-allow-origin': '*' }, { auth: 'private', kind: 'report' })] }),
      findings: [{ evidence: { seen: ['plain request: Access-Control-Allow-Origin: *'] } }],
    },
  ],
  notApplicable: [{ name: 'no private routes', facts: webFactsWith({ cors: [corsRoute('/api/public', [probe('simple', 'https://evil.example', '*')])] }) }],
});

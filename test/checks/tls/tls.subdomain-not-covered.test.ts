import check from '../../../src/checks/tls/tls.subdomain-not-covered.ts';
import { checkTester } from '../../support/check-tester.ts';
import { failedHost, tlsCase, tlsHost } from './tls-facts.ts';

checkTester(check, {
  pass: [
    { name: 'every subdomain has https', facts: tlsCase([tlsHost(), tlsHost('acme.test'), tlsHost('www.acme.test')]) },
    { name: 'a subdomain down on both ports is not this check', facts: tlsCase([tlsHost(), failedHost('www.acme.test')]) },
    {
      name: 'an apex without https is redirect.broken-variant, not a subdomain',
      facts: tlsCase([tlsHost(), failedHost('acme.test', { answers: true, status: 200, error: null })]),
    },
  ],
  fail: [
    {
      name: 'api answers on 80 only',
      facts: tlsCase([tlsHost(), failedHost('api.acme.test', { answers: true, status: 200, error: null })]),
      findings: [{ target: 'api.acme.test', severity: 'high', title: /status 200/, evidence: { httpStatus: 200, httpsPort: 443 }, fix: /certbot --nginx -d api\.acme\.test/ }],
    },
  ],
  notApplicable: [{ name: 'only the apex is configured', facts: tlsCase([tlsHost('acme.test')]) }],
});

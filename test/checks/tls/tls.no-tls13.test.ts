import check from '../../../src/checks/tls/tls.no-tls13.ts';
import { checkTester } from '../../support/check-tester.ts';
import { failedHost, tlsCase, tlsHost } from './tls-facts.ts';

const tls12only = tlsHost('www.acme.test', { protocol: 'TLSv1.2', protocols: { ...tlsHost().protocols, 'TLSv1.3': { offered: false, error: 'tlsv1 alert protocol version' } } });

checkTester(check, {
  pass: [{ name: 'TLS 1.3 offered', facts: tlsCase([tlsHost()]) }],
  fail: [
    {
      name: 'TLS 1.2 only',
      facts: tlsCase([tlsHost(), tls12only]),
      findings: [
        {
          target: 'www.acme.test',
          severity: 'low',
          title: /www\.acme\.test does not offer TLS 1\.3 \(highest: TLSv1\.2\)/,
          evidence: { offered: ['TLSv1.2'], refusal: 'tlsv1 alert protocol version' },
          fix: /ssl_protocols TLSv1\.2 TLSv1\.3;/,
        },
      ],
    },
  ],
  notRun: [
    { name: 'no host completed a handshake: could not run, never not-applicable', status: 'error', facts: tlsCase([failedHost('app.acme.test')]) },
    { name: 'local OpenSSL without TLS 1.3', status: 'error', facts: tlsCase([tlsHost()], { tls13: false }) },
    {
      name: 'the TLS 1.3 probe got no answer',
      status: 'error',
      facts: tlsCase([tlsHost('app.acme.test', { protocol: 'TLSv1.2', protocols: { ...tlsHost().protocols, 'TLSv1.3': { offered: null, error: 'timeout' } } })]),
    },
  ],
});

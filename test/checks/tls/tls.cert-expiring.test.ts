import check from '../../../src/checks/tls/tls.cert-expiring.ts';
import { checkTester } from '../../support/check-tester.ts';
import { at, certificate, failedHost, tlsCase, tlsHost } from './tls-facts.ts';

const expiringIn = (days: number, host = 'app.acme.test') => tlsHost(host, { chain: [certificate(host, { validTo: at(days) })] });

checkTester(check, {
  pass: [
    { name: '80 days left', facts: tlsCase([tlsHost()]) },
    { name: '31 days left', facts: tlsCase([expiringIn(31)]) },
    { name: 'already expired is tls.cert-expired, not this', facts: tlsCase([expiringIn(-2)]) },
  ],
  fail: [
    {
      name: '10 days left is high',
      facts: tlsCase([expiringIn(10)]),
      findings: [{ target: 'app.acme.test', severity: 'high', title: /2026-06-11 \(10 days left\)/, evidence: { daysLeft: 10 } }],
    },
    { name: 'exactly 14 days left is still high', facts: tlsCase([expiringIn(14)]), findings: [{ severity: 'high' }] },
    { name: '20 days left is medium', facts: tlsCase([expiringIn(20)]), findings: [{ severity: 'medium', fix: /certbot renew/ }] },
    {
      name: 'one finding per host',
      facts: tlsCase([expiringIn(5), expiringIn(29, 'www.acme.test'), tlsHost('acme.test')]),
      findings: [
        { target: 'app.acme.test', severity: 'high' },
        { target: 'www.acme.test', severity: 'medium' },
      ],
    },
  ],
  notRun: [{ name: 'no host completed a handshake: could not run, never not-applicable', status: 'error', facts: tlsCase([failedHost('app.acme.test')]) }],
});

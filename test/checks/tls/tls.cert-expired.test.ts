import check from '../../../src/checks/tls/tls.cert-expired.ts';
import { checkTester } from '../../support/check-tester.ts';
import { at, certificate, failedHost, intermediate, tlsCase, tlsHost } from './tls-facts.ts';

checkTester(check, {
  pass: [
    { name: 'leaf and intermediate valid', facts: tlsCase([tlsHost()]) },
    { name: 'expiring soon is not yet expired', facts: tlsCase([tlsHost('app.acme.test', { chain: [certificate('app.acme.test', { validTo: at(1) })] })]) },
    {
      name: 'an expired root appended from the local store is not served',
      facts: tlsCase([tlsHost('app.acme.test', { chain: [certificate(), intermediate(), intermediate({ subject: 'CN=Old Root', validTo: at(-5), fromTrustStore: true })] })]),
    },
  ],
  fail: [
    {
      name: 'expired leaf',
      facts: tlsCase([tlsHost('app.acme.test', { chain: [certificate('app.acme.test', { validFrom: at(-100), validTo: at(-3) }), intermediate()] })]),
      findings: [{ target: 'app.acme.test', severity: 'blocker', title: /leaf certificate.*expired on 2026-05-29/, fix: /certbot renew/ }],
    },
    {
      name: 'expired served intermediate',
      facts: tlsCase([tlsHost('app.acme.test', { chain: [certificate(), intermediate({ validTo: at(-1) })] })]),
      findings: [{ target: 'app.acme.test', title: /intermediate certificate/, fix: /fullchain/ }],
    },
    {
      name: 'not yet valid, on a non-default port, next to a healthy host',
      facts: tlsCase([tlsHost('app.acme.test', { port: 8443, chain: [certificate('app.acme.test', { validFrom: at(2) })] }), tlsHost('www.acme.test')]),
      findings: [
        {
          target: 'app.acme.test:8443',
          title: /not valid before/,
          fix: /clock/,
          evidence: {
            certificates: [{ role: 'leaf', subject: 'CN=app.acme.test', issuer: "C=US, O=Let's Encrypt, CN=R11", validFrom: at(2), validTo: at(80), state: 'not yet valid' }],
          },
        },
      ],
    },
  ],
  notRun: [
    {
      name: 'the canonical host completed no handshake while www did: its certificate was not judged',
      status: 'error',
      facts: tlsCase([failedHost('app.acme.test'), tlsHost('www.acme.test')]),
    },
    { name: 'no host completed a handshake: could not run, never not-applicable', status: 'error', facts: tlsCase([failedHost('app.acme.test')]) },
    { name: 'tls collector failed', status: 'error', facts: { ...tlsCase([]), sources: { tls: { error: { code: 'X', message: 'boom' } } } } },
  ],
});

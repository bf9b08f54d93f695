import check from '../../../src/checks/tls/tls.weak-key.ts';
import { checkTester } from '../../support/check-tester.ts';
import { certificate, failedHost, intermediate, tlsCase, tlsHost } from './tls-facts.ts';

checkTester(check, {
  pass: [
    { name: 'EC P-256 leaf, RSA 2048 intermediate', facts: tlsCase([tlsHost()]) },
    {
      name: 'RSA 4096 and Ed25519',
      facts: tlsCase([tlsHost('app.acme.test', { chain: [certificate('app.acme.test', { keyType: 'ed25519', keyBits: 256, curve: null }), intermediate({ keyBits: 4096 })] })]),
    },
    {
      name: 'a weak root from the local store is not served',
      facts: tlsCase([tlsHost('app.acme.test', { chain: [certificate(), intermediate(), intermediate({ keyBits: 1024, fromTrustStore: true })] })]),
    },
  ],
  fail: [
    {
      name: 'RSA 1024 leaf',
      facts: tlsCase([tlsHost('app.acme.test', { chain: [certificate('app.acme.test', { keyType: 'rsa', keyBits: 1024, curve: null }), intermediate()] })]),
      findings: [
        {
          target: 'app.acme.test',
          severity: 'high',
          title: /1024-bit RSA/,
          evidence: { certificates: [{ subject: 'CN=app.acme.test', keyType: 'rsa', keyBits: 1024, curve: null }] },
          fix: /2048-bit RSA or P-256/,
        },
      ],
    },
    {
      name: 'EC P-224 intermediate',
      facts: tlsCase([tlsHost('app.acme.test', { chain: [certificate(), intermediate({ keyType: 'ec', keyBits: 224, curve: 'secp224r1' })] })]),
      findings: [{ title: /224-bit EC/ }],
    },
  ],
  notRun: [{ name: 'no host completed a handshake: could not run, never not-applicable', status: 'error', facts: tlsCase([failedHost('app.acme.test')]) }],
});

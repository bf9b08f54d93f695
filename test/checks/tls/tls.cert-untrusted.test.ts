import check from '../../../src/checks/tls/tls.cert-untrusted.ts';
import { checkTester } from '../../support/check-tester.ts';
import { certificate, failedHost, intermediate, tlsCase, tlsHost } from './tls-facts.ts';

const selfSigned = certificate('app.acme.test', { issuer: 'CN=app.acme.test', issuerCommonName: 'app.acme.test', issuerOrganization: null, selfIssued: true });

checkTester(check, {
  pass: [
    { name: 'chain verifies', facts: tlsCase([tlsHost()]) },
    {
      name: 'an expired but trusted chain is tls.cert-expired, not this',
      facts: tlsCase([tlsHost('app.acme.test', { authorized: false, authorizationError: 'CERT_HAS_EXPIRED' })]),
    },
  ],
  fail: [
    {
      name: 'self-signed',
      facts: tlsCase([tlsHost('app.acme.test', { authorized: false, authorizationError: 'DEPTH_ZERO_SELF_SIGNED_CERT', chainTrust: 'self-signed', chain: [selfSigned] })]),
      findings: [
        { target: 'app.acme.test', severity: 'blocker', title: /self-signed/, evidence: { reason: 'self-signed', opensslError: 'DEPTH_ZERO_SELF_SIGNED_CERT' }, fix: /public CA/ },
      ],
    },
    {
      name: 'incomplete chain',
      facts: tlsCase([
        tlsHost('app.acme.test', { authorized: false, authorizationError: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', chainTrust: 'incomplete-chain', chain: [certificate()] }),
      ]),
      findings: [{ title: /incomplete chain/, evidence: { reason: 'incomplete-chain' }, fix: /fullchain\.pem/ }],
    },
    {
      name: 'unknown issuer names the top of the chain',
      facts: tlsCase([
        tlsHost('app.acme.test', {
          authorized: false,
          authorizationError: 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
          chainTrust: 'unknown-issuer',
          chain: [certificate(), intermediate({ issuer: 'CN=Corp Private Root' })],
        }),
      ]),
      findings: [{ title: /no trusted root/, evidence: { reason: 'unknown-issuer' }, fix: /Corp Private Root.*--ca-file/ }],
    },
  ],
  notRun: [{ name: 'no host completed a handshake: could not run, never not-applicable', status: 'error', facts: tlsCase([failedHost('app.acme.test')]) }],
});

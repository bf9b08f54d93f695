import check from '../../../src/checks/tls/tls.legacy-protocol.ts';
import { checkTester } from '../../support/check-tester.ts';
import { failedHost, tlsCase, tlsHost } from './tls-facts.ts';

const legacy = tlsHost('app.acme.test', {
  protocol: 'TLSv1.2',
  protocols: {
    TLSv1: { offered: true, error: null },
    'TLSv1.1': { offered: false, error: 'alert' },
    'TLSv1.2': { offered: true, error: null },
    'TLSv1.3': { offered: false, error: 'alert' },
  },
});

checkTester(check, {
  pass: [{ name: 'TLS 1.0 and 1.1 refused', facts: tlsCase([tlsHost(), tlsHost('www.acme.test')]) }],
  fail: [
    {
      name: 'TLS 1.0 accepted',
      facts: tlsCase([legacy, tlsHost('www.acme.test')]),
      findings: [
        {
          target: 'app.acme.test',
          severity: 'high',
          title: /TLS 1\.0$/,
          evidence: { accepted: ['TLSv1'], offered: ['TLSv1', 'TLSv1.2'] },
          fix: /ssl_protocols TLSv1\.2 TLSv1\.3;/,
        },
      ],
    },
    {
      name: 'a host that refuses TLS 1.2+ but speaks TLS 1.0 and 1.1',
      facts: tlsCase([
        {
          ...failedHost('old.acme.test'),
          error: { code: 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION', message: 'tlsv1 alert protocol version' },
          protocols: { ...failedHost('x').protocols, TLSv1: { offered: true, error: null }, 'TLSv1.1': { offered: true, error: null } },
        },
      ]),
      findings: [{ target: 'old.acme.test', title: /TLS 1\.0 and TLS 1\.1/, evidence: { accepted: ['TLSv1', 'TLSv1.1'], offered: ['TLSv1', 'TLSv1.1'] } }],
    },
  ],
  notRun: [
    { name: 'no host completed a handshake: could not run, never not-applicable', status: 'error', facts: tlsCase([failedHost('app.acme.test')]) },
    {
      name: 'the local OpenSSL cannot offer TLS 1.0/1.1: error, never passed',
      status: 'error',
      facts: tlsCase([tlsHost()], { legacyProtocols: false, legacyError: 'no protocols available' }),
    },
    {
      name: 'the legacy probes got no answer',
      status: 'error',
      facts: tlsCase([tlsHost('app.acme.test', { protocols: { ...tlsHost().protocols, TLSv1: { offered: null, error: 'no TLS handshake within 10000 ms' } } })]),
    },
  ],
});

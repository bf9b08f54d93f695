import check from '../../../src/checks/tls/tls.cert-hostname-mismatch.ts';
import { checkTester } from '../../support/check-tester.ts';
import { certificate, failedHost, tlsCase, tlsHost } from './tls-facts.ts';

checkTester(check, {
  pass: [{ name: 'certificate names the host', facts: tlsCase([tlsHost(), tlsHost('www.acme.test')]) }],
  fail: [
    {
      name: 'www served the app certificate',
      facts: tlsCase([
        tlsHost(),
        tlsHost('www.acme.test', {
          hostnameMatches: false,
          hostnameError: "Hostname/IP does not match certificate's altnames: Host: www.acme.test. is not in the cert's altnames: DNS:app.acme.test",
          chain: [certificate('app.acme.test')],
        }),
      ]),
      findings: [
        {
          target: 'www.acme.test',
          severity: 'blocker',
          title: /for DNS:app\.acme\.test/,
          evidence: { subjectAltNames: ['DNS:app.acme.test'] },
          fix: /certbot --nginx -d www\.acme\.test/,
        },
      ],
    },
  ],
  notRun: [{ name: 'no host completed a handshake: could not run, never not-applicable', status: 'error', facts: tlsCase([failedHost('app.acme.test')]) }],
});

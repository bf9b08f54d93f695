import check from '../../../src/checks/tls/tls.no-auto-renew-signal.ts';
import { checkTester } from '../../support/check-tester.ts';
import { at, certificate, failedHost, tlsCase, tlsHost } from './tls-facts.ts';

const digicertYear = certificate('app.acme.test', {
  issuer: 'C=US, O=DigiCert Inc, CN=DigiCert Global G2 TLS RSA SHA256 2020 CA1',
  issuerCommonName: 'DigiCert Global G2 TLS RSA SHA256 2020 CA1',
  issuerOrganization: 'DigiCert Inc',
  validFrom: at(-30),
  validTo: at(335),
});

checkTester(check, {
  pass: [
    { name: "90-day Let's Encrypt certificate", facts: tlsCase([tlsHost()]) },
    {
      name: 'a 1-year certificate from an ACME CA (Google Trust Services)',
      facts: tlsCase([
        tlsHost('app.acme.test', {
          chain: [{ ...digicertYear, issuer: 'C=US, O=Google Trust Services, CN=WR1', issuerOrganization: 'Google Trust Services', issuerCommonName: 'WR1' }],
        }),
      ]),
    },
    { name: 'a 180-day certificate from a traditional CA', facts: tlsCase([tlsHost('app.acme.test', { chain: [{ ...digicertYear, validTo: at(150) }] })]) },
  ],
  fail: [
    {
      name: '365-day DigiCert certificate',
      facts: tlsCase([tlsHost('app.acme.test', { chain: [digicertYear] })]),
      findings: [
        {
          target: 'app.acme.test',
          severity: 'info',
          title: /365-day certificate .* from DigiCert Inc expires on 2027-05-02/,
          evidence: { expires: '2027-05-02', lifetimeDays: 365, daysLeft: 335 },
          fix: /2027-05-02/,
        },
      ],
    },
  ],
  notRun: [{ name: 'no host completed a handshake: could not run, never not-applicable', status: 'error', facts: tlsCase([failedHost('app.acme.test')]) }],
});

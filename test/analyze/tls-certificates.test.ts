import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { autoRenewingIssuer, completedHandshakes, daysLeft, lifetimeDays, servedCertificates, tlsTarget } from '../../src/analyze/tls-certificates.ts';
import { at, CHECKED_AT, certificate, failedHost, intermediate, tlsFacts, tlsHost } from '../checks/tls/tls-facts.ts';

describe('tls certificate helpers', () => {
  it('knows ACME and managed issuers, and not traditional ones', () => {
    const issuedBy = (o: string | null, cn: string) => certificate('a.test', { issuerOrganization: o, issuerCommonName: cn, issuer: `O=${o}, CN=${cn}` });
    assert.equal(autoRenewingIssuer(issuedBy("Let's Encrypt", 'R11')), "Let's Encrypt");
    assert.equal(autoRenewingIssuer(issuedBy('ZeroSSL', 'ZeroSSL RSA Domain Secure Site CA')), 'ZeroSSL');
    assert.equal(autoRenewingIssuer(issuedBy('Google Trust Services', 'WE1')), 'Google Trust Services');
    assert.equal(autoRenewingIssuer(issuedBy('Buypass AS-983163327', 'Buypass Class 2 CA 5')), 'Buypass');
    assert.equal(autoRenewingIssuer(issuedBy('SSL Corporation', 'SSL.com RSA SSL subCA')), 'SSL.com');
    assert.equal(autoRenewingIssuer(issuedBy('Amazon', 'Amazon RSA 2048 M02')), 'Amazon (ACM)');
    assert.equal(autoRenewingIssuer(issuedBy('DigiCert Inc', 'DigiCert Global G2 TLS RSA SHA256 2020 CA1')), null);
    assert.equal(autoRenewingIssuer(issuedBy(null, 'Corp Internal CA')), null);
  });

  it('measures days left against checkedAt, not the clock', () => {
    assert.equal(daysLeft(certificate('a.test', { validTo: at(10) }), CHECKED_AT), 10);
    assert.equal(daysLeft(certificate('a.test', { validTo: at(-1.5) }), CHECKED_AT), -2);
    assert.equal(lifetimeDays(certificate('a.test', { validFrom: at(-30), validTo: at(335) })), 365);
  });

  it('served certificates leave out a root appended from the local store', () => {
    const host = tlsHost('a.test', { chain: [certificate('a.test'), intermediate(), intermediate({ fromTrustStore: true, subject: 'CN=Root' })] });
    assert.deepEqual(
      servedCertificates(host).map((c) => c.subject),
      ['CN=a.test', "C=US, O=Let's Encrypt, CN=R11"],
    );
  });

  it('only hosts with a completed handshake are judged; targets carry odd ports', () => {
    const facts = tlsFacts([tlsHost('a.test'), failedHost('b.test'), tlsHost('c.test', { port: 8443 })]);
    assert.deepEqual(completedHandshakes(facts).map(tlsTarget), ['a.test', 'c.test:8443']);
  });
});

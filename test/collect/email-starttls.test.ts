// STARTTLS against a real MTA: Debian's postfix on 127.0.21.25, with a valid certificate, without STARTTLS, and with a wrong-host certificate.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createCertificateAuthority, issueCertificate } from '../../src/pki/ca.ts';
import { type AuthoritativeDns, startAuthoritativeDns } from '../support/bind.ts';
import { type RunningPostfix, startPostfix } from '../support/postfix.ts';
import { auditEmail } from './email-harness.ts';

const MX_ADDRESS = '127.0.21.25';
const SMTP_PORT = 2525;
const DOMAIN = 'mta.test';

describe('STARTTLS probe against postfix', { timeout: 120_000 }, () => {
  let dns: AuthoritativeDns;
  const ca = createCertificateAuthority('launchready SMTP test CA');
  const goodCert = issueCertificate(ca, { hosts: [`mx.${DOMAIN}`] });
  const wrongHostCert = issueCertificate(ca, { hosts: ['other-host.example.test'] });

  before(async () => {
    dns = await startAuthoritativeDns({
      address: '127.0.21.54',
      port: 5322,
      zones: [
        {
          origin: DOMAIN,
          records: [
            `@ IN TXT "v=spf1 mx -all"`,
            `@ IN MX 10 mx.${DOMAIN}.`,
            `mx IN A ${MX_ADDRESS}`,
            `@ IN MX 20 pinned.${DOMAIN}.`,
            // pinned.mta.test points nowhere useful: only --resolve makes it reachable
            'pinned IN A 127.0.21.99',
          ].join('\n'),
        },
      ],
    });
  });
  after(async () => {
    await dns?.stop();
  });

  async function withPostfix<T>(tls: { keyPem: string; certPem: string } | undefined, fn: () => Promise<T>): Promise<T> {
    let mta: RunningPostfix | undefined;
    try {
      mta = await startPostfix({ address: MX_ADDRESS, port: SMTP_PORT, hostname: `mx.${DOMAIN}`, ...(tls ? { tls } : {}) });
      return await fn();
    } finally {
      await mta?.stop();
    }
  }

  const audit = (extraCaPem: string[]) =>
    auditEmail({ domain: DOMAIN, dnsServer: dns.server, smtpPort: SMTP_PORT, extraCaPem, resolve: [`pinned.${DOMAIN}:${SMTP_PORT}:${MX_ADDRESS}`], timeoutMs: 5000 });

  it('valid certificate from a trusted CA: no finding; untrusted CA: "untrusted"', async () => {
    await withPostfix({ keyPem: goodCert.keyPem, certPem: goodCert.certPem }, async () => {
      const trusted = await audit([ca.certPem]);
      const mx = trusted.email.starttls.find((p) => p.host === `mx.${DOMAIN}`);
      assert.equal(mx?.offered, true);
      assert.equal(mx?.tls?.authorized, true, JSON.stringify(mx));
      assert.equal(mx?.failure, null);
      assert.match(mx?.banner ?? '', /launchready-test/);
      // the --resolve pin is honoured: pinned.mta.test reaches the same MTA; its certificate does not name it
      const pinned = trusted.email.starttls.find((p) => p.host === `pinned.${DOMAIN}`);
      assert.equal(pinned?.address, MX_ADDRESS);
      assert.equal(pinned?.failure, 'wrong-host');
      assert.deepEqual(
        trusted.findings.filter((f) => f.id === 'email.starttls-missing').map((f) => f.target),
        [`pinned.${DOMAIN}:${SMTP_PORT}`],
      );

      const untrusted = await audit([]);
      const probe = untrusted.email.starttls.find((p) => p.host === `mx.${DOMAIN}`);
      assert.equal(probe?.failure, 'untrusted');
      const finding = untrusted.findings.find((f) => f.id === 'email.starttls-missing' && f.target === `mx.${DOMAIN}:${SMTP_PORT}`);
      assert.match(finding?.title ?? '', /not trusted/);
    });
  });

  it('no STARTTLS offered', async () => {
    await withPostfix(undefined, async () => {
      const result = await audit([ca.certPem]);
      const probe = result.email.starttls.find((p) => p.host === `mx.${DOMAIN}`);
      assert.equal(probe?.offered, false);
      assert.equal(probe?.failure, 'not-offered');
      const finding = result.findings.find((f) => f.id === 'email.starttls-missing' && f.target === `mx.${DOMAIN}:${SMTP_PORT}`);
      assert.equal(finding?.severity, 'medium');
      assert.match(finding?.title ?? '', /does not offer STARTTLS/);
    });
  });

  it('certificate for another host name', async () => {
    await withPostfix({ keyPem: wrongHostCert.keyPem, certPem: wrongHostCert.certPem }, async () => {
      const result = await audit([ca.certPem]);
      const probe = result.email.starttls.find((p) => p.host === `mx.${DOMAIN}`);
      assert.equal(probe?.offered, true);
      assert.equal(probe?.failure, 'wrong-host');
      assert.equal(probe?.error, 'ERR_TLS_CERT_ALTNAME_INVALID');
      const finding = result.findings.find((f) => f.id === 'email.starttls-missing' && f.target === `mx.${DOMAIN}:${SMTP_PORT}`);
      assert.match(finding?.title ?? '', /another host name/);
    });
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DnsFacts, HostDns } from '../../src/facts/dns.ts';
import type { Facts } from '../../src/facts/index.ts';
import type { TlsFacts, TlsHostFacts } from '../../src/facts/tls.ts';
import { buildDomainMap } from '../../src/report/domain-map.ts';
import { hops, variant, web } from '../checks/web/web-facts.ts';

const outcome = { rcode: 'NOERROR' as const, server: '127.0.20.1:53', timeMs: 1, error: null };
function dnsHost(host: string, extra: Partial<HostDns> = {}): HostDns {
  return { host, role: 'extra', configured: true, canonical: false, ipv4: [], ipv6: [], cnameChain: [], cnameTargetResolves: null, a: outcome, aaaa: outcome, ...extra };
}
const off = { offered: false, error: null };
function tlsHost(host: string): TlsHostFacts {
  return {
    host,
    port: 443,
    address: '192.0.2.10',
    error: null,
    authorized: true,
    authorizationError: null,
    chainTrust: 'trusted',
    hostnameMatches: true,
    hostnameError: null,
    protocol: 'TLSv1.3',
    cipher: 'TLS_AES_256_GCM_SHA384',
    chain: [
      {
        subject: `CN=${host}`,
        subjectCommonName: host,
        issuer: "CN=R11, O=Let's Encrypt",
        issuerCommonName: 'R11',
        issuerOrganization: "Let's Encrypt",
        subjectAltNames: [host],
        validFrom: '2026-11-01T00:00:00.000Z',
        validTo: '2027-01-30T00:00:00.000Z',
        keyType: 'EC',
        keyBits: 256,
        curve: 'prime256v1',
        isCa: false,
        selfIssued: false,
        fingerprint256: 'AA',
        serialNumber: '01',
        fromTrustStore: false,
      },
    ],
    protocols: { TLSv1: off, 'TLSv1.1': off, 'TLSv1.2': { offered: true, error: null }, 'TLSv1.3': { offered: true, error: null } },
    plainHttp: null,
  };
}

describe('domain map', () => {
  const webFacts = web({
    variants: [
      variant('http://acme.test/', hops(['http://acme.test/', 301, 'https://app.acme.test/'], ['https://app.acme.test/', 200])),
      variant('https://app.acme.test/', hops(['https://app.acme.test/', 200])),
      variant('https://www.acme.test/', hops(['https://www.acme.test/', 'ECONNREFUSED'])),
    ],
  });

  it('uses dns addresses and CNAMEs, web hops and the tls summary of the host the visitor ends on', () => {
    const dns = {
      hosts: [
        dnsHost('acme.test', { role: 'apex', ipv4: ['192.0.2.10'] }),
        dnsHost('app.acme.test', { role: 'app', ipv4: ['192.0.2.10'], cnameChain: ['lb.hosting.test'] }),
        dnsHost('mail.acme.test', { role: 'mail', configured: false, ipv4: ['192.0.2.25'] }),
      ],
    } as unknown as DnsFacts;
    const tls = {
      checkedAt: '2026-11-30T00:00:00.000Z',
      port: 443,
      local: { openssl: '3', legacyProtocols: false, legacyError: null, tls13: true },
      hosts: [tlsHost('app.acme.test')],
    } as TlsFacts;
    const map = buildDomainMap({ sources: { web: webFacts, dns, tls } } as Pick<Facts, 'sources'>);
    assert.deepEqual(
      map.map((e) => e.host),
      ['acme.test', 'app.acme.test', 'www.acme.test', 'mail.acme.test'],
    );
    const apex = map[0];
    assert.deepEqual(apex?.addresses, ['192.0.2.10']);
    assert.equal(apex?.role, 'apex');
    assert.deepEqual(apex?.variants[0]?.hops, [
      { url: 'http://acme.test/', status: 301, location: 'https://app.acme.test/', error: null },
      { url: 'https://app.acme.test/', status: 200, location: null, error: null },
    ]);
    assert.equal(apex?.variants[0]?.final, 'https://app.acme.test/');
    assert.deepEqual(apex?.variants[0]?.tls, {
      issuer: "Let's Encrypt",
      subject: 'app.acme.test',
      validTo: '2027-01-30T00:00:00.000Z',
      daysLeft: 61,
      protocols: ['TLSv1.2', 'TLSv1.3'],
      authorized: true,
      error: null,
    });
    assert.equal(map[1]?.cname, 'lb.hosting.test');
    assert.equal(map[2]?.variants[0]?.error, 'ECONNREFUSED: ECONNREFUSED');
    assert.equal(map[2]?.variants[0]?.tls, null);
    assert.deepEqual(map[3]?.variants, []);
  });

  it('falls back to the web facts alone: remote addresses and the socket TLS state', () => {
    const map = buildDomainMap({ sources: { web: webFacts, tls: { error: { code: 'X', message: 'tls collector failed' } } } } as Pick<Facts, 'sources'>);
    assert.deepEqual(map[1]?.addresses, ['127.0.0.1']);
    assert.deepEqual(map[1]?.variants[0]?.tls, { issuer: null, validTo: null, daysLeft: null, protocols: ['TLSv1.3'], authorized: true, error: null });
    assert.equal(map[1]?.cname, null);
  });

  it('is empty without facts', () => {
    assert.deepEqual(buildDomainMap({ sources: {} }), []);
  });
});

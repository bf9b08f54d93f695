// Fact builders for tls check tests: a healthy host by default, overridden per case.
import type { TlsCertificateFacts, TlsFacts, TlsHostFacts } from '../../../src/facts/tls.ts';
import type { AuditPlan } from '../../../src/plan.ts';
import { factsWith } from '../../support/facts.ts';

export const CHECKED_AT = '2026-06-01T00:00:00.000Z';
const DAY = 86_400_000;

export function at(days: number): string {
  return new Date(Date.parse(CHECKED_AT) + days * DAY).toISOString();
}

/** A leaf for `host` from a Let's Encrypt intermediate, issued 10 days ago, 90-day lifetime. */
export function certificate(host = 'app.acme.test', overrides: Partial<TlsCertificateFacts> = {}): TlsCertificateFacts {
  return {
    subject: `CN=${host}`,
    subjectCommonName: host,
    issuer: "C=US, O=Let's Encrypt, CN=R11",
    issuerCommonName: 'R11',
    issuerOrganization: "Let's Encrypt",
    subjectAltNames: [`DNS:${host}`],
    validFrom: at(-10),
    validTo: at(80),
    keyType: 'ec',
    keyBits: 256,
    curve: 'prime256v1',
    isCa: false,
    selfIssued: false,
    fingerprint256: `AA:${host}`,
    serialNumber: '01',
    fromTrustStore: false,
    ...overrides,
  };
}

export function intermediate(overrides: Partial<TlsCertificateFacts> = {}): TlsCertificateFacts {
  return certificate('R11', {
    subject: "C=US, O=Let's Encrypt, CN=R11",
    subjectCommonName: 'R11',
    issuer: 'C=US, O=Internet Security Research Group, CN=ISRG Root X1',
    issuerCommonName: 'ISRG Root X1',
    issuerOrganization: 'Internet Security Research Group',
    subjectAltNames: [],
    validFrom: at(-400),
    validTo: at(700),
    keyType: 'rsa',
    keyBits: 2048,
    curve: null,
    isCa: true,
    fingerprint256: 'BB:R11',
    ...overrides,
  });
}

export function tlsHost(host = 'app.acme.test', overrides: Partial<TlsHostFacts> = {}): TlsHostFacts {
  return {
    host,
    port: 443,
    address: '127.0.11.1',
    error: null,
    authorized: true,
    authorizationError: null,
    chainTrust: 'trusted',
    hostnameMatches: true,
    hostnameError: null,
    protocol: 'TLSv1.3',
    cipher: 'TLS_AES_128_GCM_SHA256',
    chain: [certificate(host), intermediate()],
    protocols: {
      TLSv1: { offered: false, error: 'tlsv1 alert protocol version' },
      'TLSv1.1': { offered: false, error: 'tlsv1 alert protocol version' },
      'TLSv1.2': { offered: true, error: null },
      'TLSv1.3': { offered: true, error: null },
    },
    plainHttp: null,
    ...overrides,
  };
}

/** A host whose https port refused the connection. */
export function failedHost(host: string, plainHttp: TlsHostFacts['plainHttp'] = { answers: false, status: null, error: 'connection refused' }): TlsHostFacts {
  return tlsHost(host, {
    error: { code: 'ECONNREFUSED', message: `connect ECONNREFUSED 127.0.11.1:443` },
    authorized: null,
    chainTrust: null,
    hostnameMatches: null,
    protocol: null,
    cipher: null,
    chain: [],
    protocols: {
      TLSv1: { offered: null, error: null },
      'TLSv1.1': { offered: null, error: null },
      'TLSv1.2': { offered: null, error: null },
      'TLSv1.3': { offered: null, error: null },
    },
    plainHttp,
  });
}

export function tlsFacts(hosts: TlsHostFacts[], local: Partial<TlsFacts['local']> = {}): TlsFacts {
  return { checkedAt: CHECKED_AT, port: 443, local: { openssl: '3.0.19', legacyProtocols: true, legacyError: null, tls13: true, ...local }, hosts };
}

export function tlsCase(hosts: TlsHostFacts[], local: Partial<TlsFacts['local']> = {}, plan: Partial<AuditPlan> = {}) {
  return factsWith({ tls: tlsFacts(hosts, local) }, plan);
}

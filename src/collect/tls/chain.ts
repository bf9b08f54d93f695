// Certificate facts from the served chain, and our own chain walk that names why a chain is untrusted.
import { X509Certificate } from 'node:crypto';
import type { DetailedPeerCertificate } from 'node:tls';
import type { ChainTrust, TlsCertificateFacts } from '../../facts/tls.js';

const MAX_CHAIN = 10;

/** Leaf first, following issuerCertificate links (bounded, cycle-safe). */
export function servedChain(peer: DetailedPeerCertificate): DetailedPeerCertificate[] {
  const chain: DetailedPeerCertificate[] = [];
  const seen = new Set<string>();
  let cur: DetailedPeerCertificate | undefined = peer;
  while (cur?.raw && chain.length < MAX_CHAIN && !seen.has(cur.fingerprint256)) {
    seen.add(cur.fingerprint256);
    chain.push(cur);
    cur = cur.issuerCertificate;
  }
  return chain;
}

function dnField(dn: string, field: string): string | null {
  for (const line of dn.split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0 && line.slice(0, eq) === field) return line.slice(eq + 1);
  }
  return null;
}

function curveBits(curve: string | undefined): number | null {
  if (!curve) return null;
  const m = /(\d{3})/.exec(curve);
  return m ? Number(m[1]) : null;
}

export function certificateFacts(x509: X509Certificate, fromTrustStore: boolean): TlsCertificateFacts {
  const key = x509.publicKey;
  const keyType = key.asymmetricKeyType ?? null;
  const details = key.asymmetricKeyDetails ?? {};
  const keyBits =
    keyType === 'rsa' || keyType === 'rsa-pss' || keyType === 'dsa'
      ? (details.modulusLength ?? null)
      : keyType === 'ec'
        ? curveBits(details.namedCurve)
        : keyType === 'ed25519' || keyType === 'x25519'
          ? 256
          : keyType === 'ed448' || keyType === 'x448'
            ? 448
            : null;
  return {
    subject: x509.subject.split('\n').join(', '),
    subjectCommonName: dnField(x509.subject, 'CN'),
    issuer: x509.issuer.split('\n').join(', '),
    issuerCommonName: dnField(x509.issuer, 'CN'),
    issuerOrganization: dnField(x509.issuer, 'O'),
    subjectAltNames: (x509.subjectAltName ?? '')
      .split(', ')
      .map((s) => s.trim())
      .filter(Boolean)
      .slice(0, 200),
    validFrom: new Date(x509.validFrom).toISOString(),
    validTo: new Date(x509.validTo).toISOString(),
    keyType,
    keyBits,
    curve: details.namedCurve ?? null,
    isCa: x509.ca,
    selfIssued: isSelfSigned(x509),
    fingerprint256: x509.fingerprint256,
    serialNumber: x509.serialNumber,
    fromTrustStore,
  };
}

function isSelfSigned(x509: X509Certificate): boolean {
  try {
    // names + own signature, like OpenSSL's X509_self_signed (checkIssued would also demand keyCertSign)
    return x509.subject === x509.issuer && x509.verify(x509.publicKey);
  } catch {
    return false;
  }
}

function signedBy(cert: X509Certificate, issuer: X509Certificate): boolean {
  try {
    return cert.checkIssued(issuer) && cert.verify(issuer.publicKey);
  } catch {
    return false;
  }
}

export interface TrustStore {
  certs: X509Certificate[];
  fingerprints: Set<string>;
}

const stores = new WeakMap<readonly string[], TrustStore>();

/** Parsed system roots plus --ca-file, cached per NetContext certificate list. */
export function trustStore(pems: readonly string[]): TrustStore {
  const cached = stores.get(pems);
  if (cached) return cached;
  const certs: X509Certificate[] = [];
  for (const pem of pems) {
    // a --ca-file may hold several certificates in one string
    for (const block of pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? []) {
      try {
        certs.push(new X509Certificate(block));
      } catch {
        // an unparsable root cannot anchor anything
      }
    }
  }
  const store = { certs, fingerprints: new Set(certs.map((c) => c.fingerprint256)) };
  stores.set(pems, store);
  return store;
}

/** Walk leaf → served issuers → trusted root; dates are ignored (expiry is its own fact). */
export function chainTrust(chain: X509Certificate[], store: TrustStore): ChainTrust {
  const leaf = chain[0];
  if (!leaf) return 'unknown-issuer';
  const visited = new Set<string>();
  let cur: X509Certificate = leaf;
  for (let depth = 0; depth < MAX_CHAIN; depth++) {
    if (store.fingerprints.has(cur.fingerprint256)) return 'trusted';
    if (isSelfSigned(cur)) return 'self-signed';
    if (store.certs.some((root) => signedBy(cur, root))) return 'trusted';
    visited.add(cur.fingerprint256);
    const current = cur;
    const next = chain.find((c) => !visited.has(c.fingerprint256) && current.checkIssued(c));
    if (!next) return current === leaf ? 'incomplete-chain' : 'unknown-issuer';
    if (!signedBy(current, next)) return 'invalid-signature';
    cur = next;
  }
  return 'unknown-issuer';
}

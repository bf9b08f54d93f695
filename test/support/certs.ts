// Test certificates on top of src/pki/ca.ts: a root + intermediate, and the broken shapes the TLS checks must catch.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import forge from 'node-forge';
import { type CertificateAuthority, type CertOptions, createCertificateAuthority, issueCertificate } from '../../src/pki/ca.ts';

/** What a TLS server needs: the PEM it serves (leaf first, then intermediates) and the leaf key. */
export interface ServedCertificate {
  chainPem: string;
  keyPem: string;
  leafPem: string;
}

export interface TestPki {
  root: CertificateAuthority;
  intermediate: CertificateAuthority;
  /** PEM to trust (what --ca-file would hold). */
  caPem: string;
  /** Leaf from the intermediate, served with it (a complete chain) unless serveIntermediate is false. */
  leaf(options: CertOptions & { serveIntermediate?: boolean }): ServedCertificate;
}

export function createTestPki(name = 'launchready test'): TestPki {
  const root = createCertificateAuthority(`${name} Root CA`);
  const intermediate = issueCertificate(root, { hosts: [`${name} Intermediate CA`], isCa: true, notAfterDays: 1825 });
  return {
    root,
    intermediate,
    caPem: root.certPem,
    leaf(options) {
      const leaf = issueCertificate(intermediate, options);
      const chainPem = options.serveIntermediate === false ? leaf.certPem : `${leaf.certPem}${intermediate.certPem}`;
      return { chainPem, keyPem: leaf.keyPem, leafPem: leaf.certPem };
    },
  };
}

/** A leaf signed by its own key (with SANs, so only trust fails, not the host name). */
export function selfSignedLeaf(hosts: string[], days = 90): ServedCertificate {
  const { privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  const key = forge.pki.privateKeyFromPem(privateKey) as forge.pki.rsa.PrivateKey;
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
  cert.serialNumber = `01${randomBytes(15).toString('hex')}`;
  cert.validity.notBefore = new Date(Date.now() - 86_400_000);
  cert.validity.notAfter = new Date(Date.now() + days * 86_400_000);
  const attrs = [{ name: 'commonName', value: hosts[0] ?? 'localhost' }];
  cert.setSubject(attrs);
  cert.setIssuer(attrs);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames: hosts.map((h) => (isIP(h) ? { type: 7, ip: h } : { type: 2, value: h })) },
  ]);
  cert.sign(key, forge.md.sha256.create());
  const pem = forge.pki.certificateToPem(cert);
  return { chainPem: pem, keyPem: privateKey, leafPem: pem };
}

/** A leaf whose issuer chain ends at a root nobody trusts (served with its intermediate). */
export function unknownIssuerLeaf(hosts: string[]): ServedCertificate {
  return createTestPki('Unknown Private').leaf({ hosts });
}

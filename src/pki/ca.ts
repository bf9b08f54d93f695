// A throwaway certificate authority for the demo stack and the test servers: RSA keys from node:crypto, X.509 from node-forge.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import forge from 'node-forge';
import { rsaPemOptions } from './keys.js';

export interface IssuedCertificate {
  certPem: string;
  keyPem: string;
}

export interface CertificateAuthority extends IssuedCertificate {
  name: string;
  /** forge objects kept for signing */
  cert: forge.pki.Certificate;
  key: forge.pki.rsa.PrivateKey;
}

export interface CertOptions {
  /** DNS names and IP addresses for the SAN extension; the first is the CN. */
  hosts: string[];
  /** Validity start relative to now, in days (negative = in the past). Default -1. */
  notBeforeDays?: number;
  /** Validity end relative to now, in days. Default 90. */
  notAfterDays?: number;
  keyBits?: number;
  /** A PKCS#1 PEM private key to certify instead of a new one of keyBits (see generateRsaKeys). */
  keyPem?: string;
  /** Issue as an intermediate CA (can sign leaves). */
  isCa?: boolean;
}

function rsaKey(bits: number, pem?: string): { forgeKey: forge.pki.rsa.PrivateKey; publicKey: forge.pki.rsa.PublicKey; pem: string } {
  const privateKey = pem ?? generateKeyPairSync('rsa', rsaPemOptions(bits)).privateKey;
  const forgeKey = forge.pki.privateKeyFromPem(privateKey) as forge.pki.rsa.PrivateKey;
  return { forgeKey, publicKey: forge.pki.setRsaPublicKey(forgeKey.n, forgeKey.e), pem: privateKey };
}

function daysFromNow(days: number): Date {
  return new Date(Date.now() + days * 86_400_000);
}

function serial(): string {
  // positive, non-zero 16-byte serial
  return `01${randomBytes(15).toString('hex')}`;
}

/** A self-signed root CA valid for `days` (default 3650), on a new key of keyBits or on keyPem. */
export function createCertificateAuthority(name = 'launchready test CA', days = 3650, keyBits = 2048, keyPem?: string): CertificateAuthority {
  const key = rsaKey(keyBits, keyPem);
  const cert = forge.pki.createCertificate();
  cert.publicKey = key.publicKey;
  cert.serialNumber = serial();
  cert.validity.notBefore = daysFromNow(-1);
  cert.validity.notAfter = daysFromNow(days);
  const attrs = [
    { name: 'commonName', value: name },
    { name: 'organizationName', value: 'launchready' },
  ];
  cert.setSubject(attrs);
  cert.setIssuer(attrs);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(key.forgeKey, forge.md.sha256.create());
  return { name, cert, key: key.forgeKey, certPem: forge.pki.certificateToPem(cert), keyPem: key.pem };
}

/** A certificate signed by `issuer` (a CA or an intermediate issued with isCa). */
export function issueCertificate(issuer: CertificateAuthority, options: CertOptions): CertificateAuthority {
  const key = rsaKey(options.keyBits ?? 2048, options.keyPem);
  const cert = forge.pki.createCertificate();
  cert.publicKey = key.publicKey;
  cert.serialNumber = serial();
  cert.validity.notBefore = daysFromNow(options.notBeforeDays ?? -1);
  cert.validity.notAfter = daysFromNow(options.notAfterDays ?? 90);
  const cn = options.hosts[0] ?? 'localhost';
  cert.setSubject([{ name: 'commonName', value: cn }]);
  cert.setIssuer(issuer.cert.subject.attributes);
  const altNames = options.hosts.map((h) => (isIP(h) ? { type: 7, ip: h } : { type: 2, value: h }));
  cert.setExtensions(
    options.isCa
      ? [{ name: 'basicConstraints', cA: true, critical: true }, { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true }, { name: 'subjectKeyIdentifier' }]
      : [
          { name: 'basicConstraints', cA: false },
          { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
          { name: 'extKeyUsage', serverAuth: true },
          { name: 'subjectAltName', altNames },
          { name: 'subjectKeyIdentifier' },
        ],
  );
  cert.sign(issuer.key, forge.md.sha256.create());
  return { name: cn, cert, key: key.forgeKey, certPem: forge.pki.certificateToPem(cert), keyPem: key.pem };
}

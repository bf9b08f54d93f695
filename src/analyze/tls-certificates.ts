// Shared reading of tls facts for the tls.* checks: which hosts completed a handshake, dates, and ACME issuers.
import type { TlsCertificateFacts, TlsFacts, TlsHostFacts } from '../facts/tls.js';

export const DAY_MS = 86_400_000;

/** Finding target for a host on the https port: "host", or "host:port" off 443. */
export function tlsTarget(host: TlsHostFacts): string {
  return host.port === 443 ? host.host : `${host.host}:${host.port}`;
}

/** Hosts whose default handshake completed with a certificate: the only ones certificate checks can judge. */
export function completedHandshakes(tls: TlsFacts): TlsHostFacts[] {
  return tls.hosts.filter((h) => h.error === null && h.chain.length > 0);
}

/** Why no host can be judged: the tls checks report could-not-run with it. */
export function noHandshakeReason(tls: TlsFacts): string {
  if (tls.hosts.length === 0) return 'no hosts were checked';
  const failures = tls.hosts.map((h) => `${tlsTarget(h)}: ${h.error?.message ?? 'no certificate'}`);
  return `no host completed a TLS handshake (${failures.slice(0, 5).join('; ')})`;
}

/** Certificates the server sent: the leaf and intermediates, not a root Node appended from the local store. */
export function servedCertificates(host: TlsHostFacts): TlsCertificateFacts[] {
  return host.chain.filter((c, i) => i === 0 || !c.fromTrustStore);
}

/** Whole days from checkedAt to notAfter (negative once expired). */
export function daysLeft(cert: TlsCertificateFacts, checkedAt: string): number {
  return Math.floor((Date.parse(cert.validTo) - Date.parse(checkedAt)) / DAY_MS);
}

export function lifetimeDays(cert: TlsCertificateFacts): number {
  return Math.round((Date.parse(cert.validTo) - Date.parse(cert.validFrom)) / DAY_MS);
}

export function isoDate(iso: string): string {
  return iso.slice(0, 10);
}

/** Issuers whose certificates are normally renewed by a machine: ACME CAs and managed cloud certificates. */
const AUTO_RENEWING_ISSUERS: { name: string; pattern: RegExp }[] = [
  { name: "Let's Encrypt", pattern: /let'?s encrypt/i },
  { name: 'ZeroSSL', pattern: /zerossl/i },
  { name: 'Google Trust Services', pattern: /google trust services/i },
  { name: 'Buypass', pattern: /buypass/i },
  { name: 'SSL.com', pattern: /ssl\.com|ssl corporation/i },
  { name: 'Sectigo', pattern: /sectigo/i },
  { name: 'Actalis', pattern: /actalis/i },
  { name: 'HARICA', pattern: /harica|hellenic academic/i },
  { name: 'Amazon (ACM)', pattern: /^amazon\b/i },
  { name: 'Cloudflare', pattern: /cloudflare/i },
];

/** The auto-renewing issuer family of a certificate, or null for an issuer renewed by hand as far as we know. */
export function autoRenewingIssuer(cert: TlsCertificateFacts): string | null {
  const names = [cert.issuerOrganization, cert.issuerCommonName, cert.issuer].filter((n): n is string => Boolean(n));
  return AUTO_RENEWING_ISSUERS.find((i) => names.some((n) => i.pattern.test(n)))?.name ?? null;
}

/** Why the canonical host's certificate was not judged (its handshake failed), or null when it was or is not in the list. */
export function canonicalHandshakeGap(tls: TlsFacts, canonicalHost: string | null): string | null {
  const host = tls.hosts.find((h) => h.host === canonicalHost);
  if (!host || (host.error === null && host.chain.length > 0)) return null;
  return `${tlsTarget(host)} completed no TLS handshake: ${host.error?.message ?? 'no certificate'}`;
}

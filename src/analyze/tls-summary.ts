// The TLS summary shown per URL variant in the domain map (issuer, expiry, protocols), from the tls facts.

import { PROBED_PROTOCOLS, type TlsFacts } from '../facts/tls.js';
import type { TlsSummary } from '../types.js';

const DAY_MS = 86_400_000;

export function tlsSummaryForHost(tls: TlsFacts, host: string): TlsSummary | null {
  const entry = tls.hosts.find((h) => h.host === host.toLowerCase());
  if (!entry) return null;
  const leaf = entry.chain[0];
  const protocols = PROBED_PROTOCOLS.filter((p) => entry.protocols[p]?.offered === true);
  if (entry.protocol && !protocols.includes(entry.protocol as (typeof PROBED_PROTOCOLS)[number])) protocols.push(entry.protocol as (typeof PROBED_PROTOCOLS)[number]);
  const checkedAt = Date.parse(tls.checkedAt);
  const validTo = leaf ? Date.parse(leaf.validTo) : Number.NaN;
  const problems = [
    entry.error?.message,
    entry.chainTrust && entry.chainTrust !== 'trusted' ? `untrusted: ${entry.chainTrust}` : null,
    entry.hostnameMatches === false ? `certificate does not cover ${entry.host}` : null,
    entry.authorizationError && entry.chainTrust === 'trusted' ? entry.authorizationError : null,
  ].filter((p): p is string => Boolean(p));
  return {
    issuer: leaf ? (leaf.issuerOrganization ?? leaf.issuerCommonName ?? leaf.issuer) : null,
    subject: leaf ? (leaf.subjectCommonName ?? leaf.subject) : null,
    validTo: leaf?.validTo ?? null,
    daysLeft: Number.isFinite(validTo) && Number.isFinite(checkedAt) ? Math.floor((validTo - checkedAt) / DAY_MS) : null,
    protocols,
    authorized: entry.error ? null : entry.chainTrust === 'trusted' && entry.hostnameMatches === true && entry.authorized === true,
    error: problems.length > 0 ? problems.join('; ') : null,
  };
}

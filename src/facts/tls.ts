// Facts produced by the tls collector: one entry per configured host on the https port. Plain JSON data.

/** Protocol versions probed with separate pinned handshakes. */
export const PROBED_PROTOCOLS = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'] as const;
export type TlsProtocolName = (typeof PROBED_PROTOCOLS)[number];

export interface TlsCertificateFacts {
  /** Subject DN in one line, e.g. "CN=app.acme.example". */
  subject: string;
  subjectCommonName: string | null;
  issuer: string;
  issuerCommonName: string | null;
  issuerOrganization: string | null;
  /** "DNS:name" / "IP Address:addr" entries, as Node reports them. */
  subjectAltNames: string[];
  /** ISO-8601. */
  validFrom: string;
  validTo: string;
  /** "rsa", "ec", "ed25519", "dsa"... or null when unknown. */
  keyType: string | null;
  keyBits: number | null;
  curve: string | null;
  isCa: boolean;
  selfIssued: boolean;
  fingerprint256: string;
  serialNumber: string;
  /** True for a root that Node appended from the local trust store rather than the server sending it. */
  fromTrustStore: boolean;
}

/** Why the chain does not verify against the system roots plus --ca-file. */
export type ChainTrust = 'trusted' | 'self-signed' | 'unknown-issuer' | 'incomplete-chain' | 'invalid-signature';

export interface TlsProtocolProbe {
  /** true: the server completed a handshake pinned to this version; false: it refused; null: could not tell. */
  offered: boolean | null;
  error: string | null;
}

export interface TlsHostFacts {
  host: string;
  port: number;
  /** Address connected to (--resolve pin or DNS answer). */
  address: string | null;
  /** The default handshake failed entirely (refused, timeout, not TLS): nothing below is known. */
  error: { code: string; message: string } | null;
  /** OpenSSL's verdict against the system roots plus --ca-file (hostname not included). */
  authorized: boolean | null;
  /** OpenSSL error code such as DEPTH_ZERO_SELF_SIGNED_CERT or CERT_HAS_EXPIRED. */
  authorizationError: string | null;
  /** Our own chain walk, independent of validity dates. */
  chainTrust: ChainTrust | null;
  hostnameMatches: boolean | null;
  hostnameError: string | null;
  /** Negotiated by the default handshake. */
  protocol: string | null;
  cipher: string | null;
  /** Leaf first, then the issuers the server sent (and a trusted root Node appended, flagged). */
  chain: TlsCertificateFacts[];
  protocols: Record<TlsProtocolName, TlsProtocolProbe>;
  /** Only probed when https fails: does plain http on plan.ports.http answer? */
  plainHttp: { answers: boolean; status: number | null; error: string | null } | null;
}

export interface TlsFacts {
  /** When the handshakes ran (ISO-8601): checks measure expiry against this, not the clock. */
  checkedAt: string;
  port: number;
  /** What the local OpenSSL can offer: legacy protocols need it (OpenSSL 3 disables them by default). */
  local: { openssl: string; legacyProtocols: boolean; legacyError: string | null; tls13: boolean };
  hosts: TlsHostFacts[];
}

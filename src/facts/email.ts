// Facts produced by the email collector: the DNS records seen, as published, plus the SMTP and MTA-STS probes.
import type { DkimKey } from '../analyze/dkim.js';
import type { DmarcRecord } from '../analyze/dmarc.js';
import type { MtaStsPolicy } from '../analyze/mta-sts.js';
import type { SpfAnalysis } from '../analyze/spf.js';

export interface DkimSelectorFacts {
  selector: string;
  /** <selector>._domainkey.<domain> */
  name: string;
  /** Named in the config (true) or from the common provider list (false). */
  configured: boolean;
  rcode: string;
  record: string | null;
  key: DkimKey | null;
}

export interface DmarcFacts {
  /** Where the record was looked for first: _dmarc.<domain>. */
  name: string;
  orgDomain: string | null;
  /** The _dmarc name the record was found at, or null. */
  foundAt: string | null;
  usedOrgDomain: boolean;
  rcode: string;
  /** TXT records at foundAt meant as DMARC (may be malformed). */
  records: string[];
  record: string | null;
  parsed: DmarcRecord | null;
}

export interface MxFacts {
  rcode: string;
  hosts: { priority: number; exchange: string }[];
  /** RFC 7505 "0 ." : the domain accepts no mail. */
  nullMx: boolean;
}

export type StarttlsFailure = 'not-offered' | 'untrusted' | 'wrong-host' | 'expired' | 'connect' | 'handshake' | 'smtp-error' | 'unresolvable';

export interface StarttlsProbe {
  host: string;
  port: number;
  address: string | null;
  banner: string | null;
  offered: boolean | null;
  tls: {
    authorized: boolean;
    authorizationError: string | null;
    protocol: string | null;
    subject: string | null;
    issuer: string | null;
    validTo: string | null;
  } | null;
  failure: StarttlsFailure | null;
  error: string | null;
}

export interface MtaStsFacts {
  /** _mta-sts.<domain> */
  name: string;
  /** rcode of the _mta-sts TXT lookup (a failed lookup means the check cannot judge). */
  rcode?: string;
  records: string[];
  recordErrors: string[];
  policyUrl: string;
  /** null when the policy was not fetched (no TXT record). */
  fetch: { status: number | null; error: string | null; contentType: string | null } | null;
  policy: MtaStsPolicy | null;
  /** MX hosts the policy's mx: patterns do not cover (mail to them would fail in enforce mode). */
  mxNotCovered: string[];
}

export interface EmailFacts {
  domain: string;
  spf: SpfAnalysis;
  dkim: { selectors: DkimSelectorFacts[]; commonSelectorsTried: string[] };
  dmarc: DmarcFacts;
  mx: MxFacts;
  starttls: StarttlsProbe[];
  mtaSts: MtaStsFacts;
  tlsRpt: { name: string; rcode: string; records: string[] };
  /** DNS queries the stage sent (cache misses), for the benchmark. */
  dnsQueries: number;
}

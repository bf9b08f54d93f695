// Facts produced by the dns collector. Plain JSON-serialisable data; secrets only masked.
import type { DnsRcode } from './dns-wire.js';

/** How a host relates to the audited domain; `extra` is any other configured host. */
export type HostRole = 'apex' | 'www' | 'app' | 'api' | 'mail' | 'extra';

/** The outcome of one query: rcode, which server answered, and why there is no answer. */
export interface QueryOutcome {
  rcode: DnsRcode;
  server: string;
  timeMs: number;
  error: string | null;
}

export interface HostDns {
  host: string;
  role: HostRole;
  /** In plan.hosts (checks judge only these); false for app/api/mail/www discovered for the domain map. */
  configured: boolean;
  canonical: boolean;
  ipv4: string[];
  ipv6: string[];
  /** Names followed through CNAMEs, first target first (from the A query, else the AAAA one). */
  cnameChain: string[];
  /** Whether the last name of the CNAME chain has an address; null when there is no CNAME. */
  cnameTargetResolves: boolean | null;
  a: QueryOutcome;
  aaaa: QueryOutcome;
  /** IP literal or localhost: nothing to resolve. */
  literal?: boolean;
}

export interface NameserverDns {
  name: string;
  ipv4: string[];
  ipv6: string[];
  a: QueryOutcome;
}

export interface CaaDns {
  /** Names asked, apex first, climbing to the parent domains below the public suffix (RFC 8659 tree climbing). */
  queried: string[];
  /** Where the relevant CAA set was found (the apex or an ancestor), null when none. */
  foundAt: string | null;
  /** Records in presentation form: 0 issue "letsencrypt.org". */
  records: string[];
  /** The outcome of the query that decided (the one that found records, or the failure that stopped the climb). */
  outcome: QueryOutcome;
}

export interface MxDns {
  domain: string;
  /** Lowest preference first; addresses looked up for the first few (the ones mail actually goes to). */
  exchanges: { preference: number; exchange: string; ipv4: string[]; ipv6: string[] }[];
  outcome: QueryOutcome;
}

export interface DnsFacts {
  /** The DNS servers queried ('addr:port') and where they came from. */
  resolver: { servers: string[]; source: 'dns-server' | 'resolv.conf' };
  /** The audited apex (plan.domain), null when the target is an IP address. */
  apex: string | null;
  hosts: HostDns[];
  /** NS at the apex with each nameserver's addresses; null without an apex. */
  nameservers: { zone: string; outcome: QueryOutcome; servers: NameserverDns[] } | null;
  caa: CaaDns | null;
  mx: MxDns | null;
  /** Distinct (name, type) queries sent on the wire. */
  queriesSent: number;
}

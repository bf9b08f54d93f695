// What a DNS query returns, as plain data. src/net/wire-dns.ts is the client.

export type DnsRcode = 'NOERROR' | 'NXDOMAIN' | 'SERVFAIL' | 'REFUSED' | 'FORMERR' | 'NOTIMP' | 'TIMEOUT' | 'ERROR';

export interface DnsRecord {
  name: string;
  type: string;
  ttl: number;
  /** Presentation form, as dig prints it: A "1.2.3.4", MX "10 mail.example.", TXT chunks joined, CAA '0 issue "ca.example"'. */
  data: string;
  /** TXT only: the character-strings as sent. */
  chunks?: string[];
}

export interface DnsAnswer {
  name: string;
  type: string;
  rcode: DnsRcode;
  answers: DnsRecord[];
  /** Names followed through CNAMEs, starting with the first target. */
  cnameChain: string[];
  server: string;
  timeMs: number;
  truncated?: boolean;
  error?: string;
}

export interface DnsClient {
  query(name: string, type: string): Promise<DnsAnswer>;
  /** Number of queries actually sent (cache misses), for benchmarks. */
  readonly queriesSent: number;
}

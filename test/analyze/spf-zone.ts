// A DnsClient stub answering from openspf-suite style zonedata, for SPF tests that need exact DNS behaviour (incl. TIMEOUT).
import type { DnsAnswer, DnsClient, DnsRecord } from '../../src/facts/dns-wire.ts';

export type ZoneEntry = 'TIMEOUT' | Record<string, unknown>;

/** A DnsClient answering from a scenario's zonedata, with the suite driver's semantics (SPF copied to TXT unless TXT given; TIMEOUT applies when no record of the type precedes it). */
export function zoneClient(zonedata: Record<string, ZoneEntry[]>): DnsClient {
  const zone = new Map<string, ZoneEntry[]>();
  for (const [name, entries] of Object.entries(zonedata ?? {})) {
    const list = [...(entries ?? [])];
    const hasTxt = list.some((e) => e !== 'TIMEOUT' && 'TXT' in e);
    const withTxt = hasTxt ? list : list.flatMap((e) => (e !== 'TIMEOUT' && 'SPF' in e ? [e, { TXT: e.SPF }] : [e]));
    zone.set(name.toLowerCase().replace(/\.$/, ''), withTxt);
  }
  let queriesSent = 0;
  const answer = (name: string, type: string, hops = 0): DnsAnswer => {
    const base = { name, type, cnameChain: [], server: 'zonedata', timeMs: 0 };
    const entries = zone.get(name.toLowerCase().replace(/\.$/, ''));
    if (!entries) return { ...base, rcode: 'NXDOMAIN', answers: [] };
    const answers: DnsRecord[] = [];
    for (const e of entries) {
      if (e === 'TIMEOUT') {
        if (answers.length === 0) return { ...base, rcode: 'TIMEOUT', answers: [] };
        break;
      }
      const [t, v] = Object.entries(e)[0] ?? ['', ''];
      if (t === 'CNAME' && type !== 'CNAME') {
        if (hops > 8) return { ...base, rcode: 'SERVFAIL', answers: [] };
        return answer(String(v), type, hops + 1);
      }
      if (t !== type || v === 'NONE') continue;
      if (t === 'MX') {
        const [prio, host] = v as [number, string];
        answers.push({ name, type, ttl: 0, data: `${prio} ${host}` });
      } else if (t === 'TXT') {
        const chunks = Array.isArray(v) ? v.map(String) : [String(v)];
        answers.push({ name, type, ttl: 0, data: chunks.join(''), chunks });
      } else answers.push({ name, type, ttl: 0, data: String(v) });
    }
    return { ...base, rcode: 'NOERROR', answers };
  };
  return {
    async query(name, type) {
      queriesSent++;
      return answer(name, type);
    },
    get queriesSent() {
      return queriesSent;
    },
  };
}

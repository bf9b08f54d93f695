// RFC 7208 conformance: the openspf.org suite run against the SPF evaluation the product uses (mailauth over our DNS adapter).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { evaluateSpf, spfResolverFor } from '../../src/analyze/spf.ts';
import type { DnsAnswer, DnsClient, DnsRecord } from '../../src/net/dns-types.ts';

const SUITE = new URL('../../../shared/vectors/spf/rfc7208-tests.yml', import.meta.url);

type ZoneEntry = 'TIMEOUT' | Record<string, unknown>;
interface Scenario {
  description: string;
  tests: Record<string, { host: string; mailfrom: string; helo: string; result: string | string[]; description?: string }>;
  zonedata: Record<string, ZoneEntry[]>;
}

/** Skipped on purpose, each with the reason printed in the output. */
const KNOWN_SKIPS: Record<string, string> = {};

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

describe('SPF: RFC 7208 test suite', () => {
  it('passes at least 95% of the openspf.org RFC 7208 tests', { timeout: 60_000 }, async () => {
    const docs = parseAllDocuments(readFileSync(SUITE, 'utf8')).map((d) => d.toJS() as Scenario);
    let passed = 0;
    let total = 0;
    const failures: string[] = [];
    const skipped: string[] = [];
    for (const scenario of docs) {
      if (!scenario?.tests) continue;
      const resolver = spfResolverFor(zoneClient(scenario.zonedata));
      for (const [name, t] of Object.entries(scenario.tests)) {
        const reason = KNOWN_SKIPS[name];
        if (reason) {
          skipped.push(`${name}: ${reason}`);
          continue;
        }
        total++;
        const expected = Array.isArray(t.result) ? t.result : [t.result];
        const got = await evaluateSpf({ ip: t.host, sender: t.mailfrom, helo: t.helo, resolver }).catch((e: Error) => ({ result: `threw ${e.message}` }));
        if (expected.includes(got.result)) passed++;
        else failures.push(`${scenario.description} / ${name}: expected ${expected.join('|')}, got ${got.result}`);
      }
    }
    const pct = (100 * passed) / total;
    console.log(`RFC 7208 suite: ${passed}/${total} passed (${pct.toFixed(1)}%), ${skipped.length} skipped`);
    for (const s of skipped) console.log(`  skipped ${s}`);
    for (const f of failures) console.log(`  failed ${f}`);
    assert.ok(total > 100, 'the suite was read');
    assert.ok(pct >= 95, `only ${pct.toFixed(1)}% of the RFC 7208 suite passes`);
  });
});

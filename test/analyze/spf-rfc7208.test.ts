// RFC 7208 conformance: the openspf.org suite run against the SPF evaluation the product uses (mailauth over our DNS adapter).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { evaluateSpf, spfResolverFor } from '../../src/analyze/spf.ts';
import { type ZoneEntry, zoneClient } from './spf-zone.ts';

const SUITE = new URL('../fixtures/vectors/spf/rfc7208-tests.yml', import.meta.url);

interface Scenario {
  description: string;
  tests: Record<string, { host: string; mailfrom: string; helo: string; result: string | string[]; description?: string }>;
  zonedata: Record<string, ZoneEntry[]>;
}

/** Skipped on purpose, each with the reason printed in the output. */
const KNOWN_SKIPS: Record<string, string> = {};

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

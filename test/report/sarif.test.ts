// SARIF output validates against the official SARIF 2.1.0 schema (shipped offline by @microsoft/jest-sarif) and maps
// rules, levels, fingerprints and locations the way code-scanning tools expect.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { CATALOG } from '../../src/catalog.ts';
import { fileLocation, renderSarif } from '../../src/report/formats/sarif.ts';
import { HOSTILE, hugeReport, readyReport, sampleReport } from '../support/sample-report.ts';

const require = createRequire(import.meta.url);
const schemaPath = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
const schema = JSON.parse(readFileSync(schemaPath, 'utf8'));
// unicodeRegExp off: the published schema's language pattern has a stray ']' that only non-unicode regexes accept.
const ajv = new AjvDraft04.default({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats.default(ajv as never);
const validate = ajv.compile(schema);

// biome-ignore lint/suspicious/noExplicitAny: SARIF is checked structurally below
type Json = any;

function sarif(report = sampleReport()): Json {
  return JSON.parse(renderSarif(report));
}

describe('sarif reporter', () => {
  it('validates against the official SARIF 2.1.0 schema', () => {
    assert.equal(schema.title.includes('2.1.0'), true);
    for (const report of [sampleReport(), sampleReport({ baseline: true }), readyReport(), hugeReport(200)]) {
      const log = sarif(report);
      assert.ok(validate(log), ajv.errorsText(validate.errors));
    }
  });

  it('the validator is strict enough to reject a broken log', () => {
    const log = sarif();
    log.runs[0].results[0].level = 'fatal';
    assert.equal(validate(log), false);
    const log2 = sarif();
    delete log2.runs[0].tool.driver.name;
    assert.equal(validate(log2), false);
  });

  it('names one rule per catalog check launchready/<id>, with a docs helpUri and a default level', () => {
    const log = sarif();
    const rules = log.runs[0].tool.driver.rules as Json[];
    assert.equal(log.version, '2.1.0');
    assert.equal(rules.length, CATALOG.length);
    const byId = new Map(rules.map((r) => [r.id, r]));
    const hsts = byId.get('launchready/http.hsts-missing');
    assert.ok(hsts);
    assert.match(hsts.helpUri, /^https:\/\/.+\/docs\/checks\/http\.hsts-missing\.md$/);
    assert.equal(hsts.defaultConfiguration.level, 'error');
    assert.ok(hsts.shortDescription.text.length > 5);
    assert.equal(byId.get('launchready/dns.no-caa').defaultConfiguration.level, 'note');
    assert.equal(byId.get('launchready/dns.single-nameserver').defaultConfiguration.level, 'warning');
  });

  it('maps every finding to a result: level by severity, fingerprint, message with the fix', () => {
    const report = sampleReport({ baseline: true });
    const results = sarif(report).runs[0].results as Json[];
    assert.equal(results.length, report.findings.length);
    const level = { blocker: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note' } as const;
    for (const f of report.findings) {
      const r = results.find((x) => x.partialFingerprints['launchready/v1'] === f.fingerprint);
      assert.ok(r, `no result for ${f.id}`);
      assert.equal(r.ruleId, `launchready/${f.id}`);
      assert.equal(r.level, level[f.severity]);
      assert.ok(r.message.text.includes(f.fix.slice(0, 20)));
      assert.equal(r.baselineState, f.baseline === 'new' ? 'new' : 'unchanged');
      assert.equal(log_rule(report, r.ruleIndex), `launchready/${f.id}`);
    }
  });

  it('locates repo findings by relative path and line; web findings logically', () => {
    const results = sarif().runs[0].results as Json[];
    const byRule = (id: string) => results.find((r) => r.ruleId === `launchready/${id}`);
    const secret = byRule('secrets.hardcoded').locations[0].physicalLocation;
    assert.deepEqual(secret.artifactLocation.uri, 'src/billing/stripe.ts');
    assert.equal(secret.region.startLine, 12);
    const migration = byRule('migrations.blocking-lock').locations[0].physicalLocation;
    assert.equal(migration.artifactLocation.uri, 'db/migrations/20261101_orders_customer_idx.sql');
    assert.equal(migration.region.startLine, 4);
    const lockfile = byRule('deps.no-lockfile').locations[0].physicalLocation;
    assert.equal(lockfile.artifactLocation.uri, 'package.json');
    assert.equal(lockfile.region, undefined);
    const hsts = byRule('http.hsts-missing').locations[0];
    assert.equal(hsts.physicalLocation, undefined);
    assert.equal(hsts.logicalLocations[0].fullyQualifiedName, 'https://app.acme.test/');
    for (const r of results) {
      const uri = r.locations[0].physicalLocation?.artifactLocation.uri;
      if (uri) assert.ok(!uri.startsWith('/') && !uri.includes('..') && !/^[a-z]+:/i.test(uri), `not relative: ${uri}`);
    }
  });

  it('relative file locations: absolute paths inside the repo become relative, outside are refused', () => {
    assert.deepEqual(fileLocation('/srv/acme/src/a b.ts:7:3', '/srv/acme'), { uri: 'src/a%20b.ts', line: 7, column: 3 });
    assert.deepEqual(fileLocation('./config/.env', null), { uri: 'config/.env', line: null, column: null });
    assert.equal(fileLocation('/etc/passwd:1', '/srv/acme'), null);
    assert.equal(fileLocation('../outside.ts:3', '/srv/acme'), null);
    assert.equal(fileLocation('https://app.acme.test/', '/srv/acme'), null);
    assert.deepEqual(fileLocation('C:\\repo\\x.ts', null)?.uri, 'C%3A/repo/x.ts');
  });

  it('reports checks that could not run as tool notifications', () => {
    const notes = sarif().runs[0].invocations[0].toolExecutionNotifications as Json[];
    assert.equal(notes.length, 2);
    assert.match(notes[0].message.text, /logs collector failed/);
  });

  it('hostile evidence stays data (JSON-escaped), secrets stay masked', () => {
    const text = renderSarif(sampleReport());
    assert.doesNotThrow(() => JSON.parse(text));
    assert.ok(text.includes(JSON.stringify(HOSTILE).slice(1, -1)));
    assert.doesNotMatch(text, /sk_live_51HxQe2/);
  });
});

function log_rule(report: ReturnType<typeof sampleReport>, index: number): string {
  return sarif(report).runs[0].tool.driver.rules[index].id;
}

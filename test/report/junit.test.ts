// JUnit XML: well-formed whatever the evidence holds, one testcase per check, failures carry their findings.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { CATALOG_BY_ID } from '../../src/catalog.ts';
import { renderJunit, xmlEscape } from '../../src/report/formats/junit.ts';
import { HOSTILE, readyReport, sampleReport, TERMINAL_ESCAPE } from '../support/sample-report.ts';

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => ['testsuite', 'testcase'].includes(name) });

interface Case {
  classname: string;
  name: string;
  time: string;
  failure?: { message: string; type: string; '#text': string };
  error?: { message: string };
  skipped?: { message: string };
}

function parse(xml: string): { suites: { name: string; tests: string; failures: string; errors: string; skipped: string; testcase: Case[] }[]; root: Record<string, string> } {
  const valid = XMLValidator.validate(xml);
  assert.equal(valid, true, JSON.stringify(valid));
  const doc = parser.parse(xml);
  return { suites: doc.testsuites.testsuite, root: doc.testsuites };
}

describe('junit reporter', () => {
  it('is well-formed XML with one testcase per check (classname = stage, name = id)', () => {
    const report = sampleReport();
    const { suites, root } = parse(renderJunit(report));
    const cases = suites.flatMap((s) => s.testcase);
    assert.equal(cases.length, report.checks.length);
    assert.equal(Number(root.tests), report.checks.length);
    assert.deepEqual(new Set(cases.map((c) => c.name)), new Set(report.checks.map((c) => c.id)));
    for (const c of cases) assert.equal(c.classname, CATALOG_BY_ID.get(c.name)?.pipelineStage);
    for (const s of suites) assert.equal(Number(s.tests), s.testcase.length);
  });

  it('failed checks carry their findings; skipped, not-applicable and error checks say why', () => {
    const report = sampleReport();
    const { suites, root } = parse(renderJunit(report));
    const cases = new Map(suites.flatMap((s) => s.testcase).map((c) => [c.name, c]));
    const hsts = cases.get('http.hsts-missing');
    assert.ok(hsts?.failure);
    assert.equal(hsts.failure.type, 'high');
    assert.match(hsts.failure['#text'], /Strict-Transport-Security "max-age=31536000; includeSubDomains" always;/);
    assert.match(hsts.failure['#text'], /where: https:\/\/app\.acme\.test\//);
    assert.equal(cases.get('db.unused-index')?.skipped?.message, 'not implemented yet');
    assert.match(cases.get('cors.wildcard-on-private')?.skipped?.message ?? '', /^not applicable: no private routes/);
    assert.match(cases.get('logging.sensitive-data')?.error?.message ?? '', /logs collector failed/);
    assert.equal(cases.get('dns.no-ipv6')?.failure?.type, 'info');
    const passed = cases.get('tls.weak-key');
    assert.ok(passed && !passed.failure && !passed.error && !passed.skipped);
    const failedIds = new Set(report.findings.map((f) => f.id));
    assert.equal(Number(root.failures), failedIds.size);
    assert.equal(Number(root.errors), 2);
    assert.equal(Number(root.skipped), report.checks.filter((c) => c.status === 'skipped' || c.status === 'not-applicable').length);
  });

  it('escapes hostile evidence and drops characters XML cannot carry', () => {
    const xml = renderJunit(sampleReport());
    assert.ok(!xml.includes(HOSTILE), 'raw markup from evidence');
    assert.ok(!xml.includes('\u001b'), 'control characters');
    const { suites } = parse(xml);
    const leak = suites.flatMap((s) => s.testcase).find((c) => c.name === 'http.server-version-leak');
    // The parser decodes entities: the evidence comes back as the text it was.
    assert.ok(leak?.failure?.['#text'].includes(HOSTILE));
    assert.equal(xmlEscape(`a<b>&"'${TERMINAL_ESCAPE}\ufffe`), 'a&lt;b&gt;&amp;&quot;&apos;[2J]0;pwned');
  });

  it('a report whose checks all ran has no errors, and a failure per failing check', () => {
    const { root } = parse(renderJunit(readyReport()));
    assert.equal(Number(root.errors), 0);
    assert.equal(Number(root.failures), 5);
  });
});

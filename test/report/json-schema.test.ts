// The json reporter's output validates against schema/report.schema.json, and the schema rejects shape mistakes.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { Redactor } from '../../src/mask.ts';
import { buildReport } from '../../src/report/build.ts';
import { renderJson } from '../../src/report/formats/json.ts';
import type { Report } from '../../src/types.ts';
import { factsWith } from '../support/facts.ts';
import { runAllChecks } from '../support/run-all.ts';
import { hugeReport, readyReport, sampleReport } from '../support/sample-report.ts';

const schema = JSON.parse(readFileSync(new URL('../../schema/report.schema.json', import.meta.url), 'utf8'));
const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
addFormats.default(ajv);
const validate = ajv.compile(schema);

function errorsOf(value: unknown): string {
  return validate(value) ? '' : ajv.errorsText(validate.errors, { separator: '\n' });
}

const json = (report: Report) => JSON.parse(renderJson(report)) as Record<string, unknown>;

describe('report JSON schema', () => {
  it('accepts the json reporter output for rich, baseline, ready and large reports', () => {
    for (const report of [sampleReport(), sampleReport({ baseline: true, reportFile: 'r.html' }), readyReport(), hugeReport(300)]) {
      assert.equal(errorsOf(json(report)), '');
    }
  });

  it('accepts a report the real pipeline builds from facts with nothing collected', () => {
    const facts = factsWith({}, {}, { web: 'no URL given (pass --url)' });
    const report = buildReport(facts, runAllChecks(facts), { startedAt: new Date('2026-11-27T20:00:00Z'), redactor: new Redactor() });
    const out = json(report);
    assert.equal(errorsOf(out), '');
    assert.equal('reportFile' in out, false, 'the html path is not part of the JSON report');
  });

  it('rejects shape mistakes', () => {
    const cases: [string, (r: Record<string, unknown> & Report) => void][] = [
      ['wrong schemaVersion', (r) => Object.assign(r, { schemaVersion: 2 })],
      ['unknown top-level key', (r) => Object.assign(r, { extra: true })],
      ['reportFile leaking into the json', (r) => Object.assign(r, { reportFile: 'x.html' })],
      ['missing findings', (r) => delete (r as Partial<Report>).findings],
      ['a severity outside the scale', (r) => Object.assign(r.findings[0] as object, { severity: 'critical' })],
      ['a finding without a fingerprint', (r) => delete (r.findings[0] as Partial<Report['findings'][0]>).fingerprint],
      ['a blocker with fixOrder 0', (r) => Object.assign(r.findings[0] as object, { fixOrder: 0 })],
      ['a stage out of range', (r) => Object.assign(r.findings[0] as object, { stage: 7 })],
      ['evidence that is not an object', (r) => Object.assign(r.findings[0] as object, { evidence: 'text' })],
      ['a bar row that fails with no findings', (r) => Object.assign(r.minimumBar[0] as object, { status: 'fail', findings: [] })],
      ['an unknown bar row without the missing input', (r) => Object.assign(r.minimumBar[5] as object, { status: 'unknown', findings: [], missing: null })],
      ['six bar rows', (r) => r.minimumBar.pop()],
      ['a skipped check without a reason', (r) => Object.assign(r.checks[0] as object, { status: 'skipped', reason: null })],
      ['a check status outside the list', (r) => Object.assign(r.checks[0] as object, { status: 'ok' })],
      ['a blocker without after', (r) => delete (r.blockers[0] as Partial<Report['blockers'][0]>).after],
      ['a hop with a string status', (r) => Object.assign(r.domainMap[0]?.variants[0]?.hops[0] as object, { status: '200' })],
      ['a route without p95', (r) => delete (r.metrics.routes[0] as Partial<Report['metrics']['routes'][0]>).p95Ms],
      ['an inventory cell that is a number', (r) => ((r.inventory as { envVars: { rows: unknown[][] } }).envVars.rows[0] = [1, 2, 3])],
      ['a grade outside the scale', (r) => Object.assign(r, { grade: 'E' })],
      ['a startedAt that is not a date', (r) => Object.assign(r, { startedAt: 'yesterday' })],
    ];
    for (const [name, mutate] of cases) {
      const r = json(sampleReport()) as Record<string, unknown> & Report;
      mutate(r);
      assert.notEqual(errorsOf(r), '', `schema accepted ${name}`);
    }
  });

  it('the json report keeps masked secrets masked', () => {
    const text = renderJson(sampleReport());
    assert.doesNotMatch(text, /sk_live_51HxQe2/);
    assert.match(text, /sk_l…\(34 chars\)/);
  });
});

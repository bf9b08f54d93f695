// squawk's own rule tests (test/fixtures/vectors/migrations) through launchready's static analysis and checks:
// prints agreement per squawk rule and holds the parity goals (>= 95% of violating cases flagged, < 2% of ok cases).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SQUAWK_RULES } from '../../src/analyze/sql/squawk-rules.ts';
import { agreementTable, conformance, judge, loadSquawkCases } from '../support/squawk-conformance.ts';

describe('squawk conformance', () => {
  const cases = loadSquawkCases();

  it('every squawk rule in the cases is mapped to a catalog id or is a documented decision', () => {
    const known = new Set(SQUAWK_RULES.map((r) => r.rule));
    assert.deepEqual(
      [...new Set(cases.map((c) => c.rule))].filter((r) => !known.has(r)),
      [],
    );
    for (const r of SQUAWK_RULES) assert.ok(r.id !== null || r.note.length > 20, `${r.rule}: a decision needs its reason`);
    for (const r of SQUAWK_RULES)
      for (const test of Object.keys(r.deviations ?? {}))
        assert.ok(
          cases.some((c) => c.rule === r.rule && c.test === test),
          `${r.rule}: deviation ${test} names no case`,
        );
  });

  it('flags at least 95% of violating cases under the mapped ids and under 2% of ok cases', () => {
    const started = performance.now();
    const result = conformance(cases);
    console.log(agreementTable(result));
    console.log(`${cases.length} cases in ${Math.round(performance.now() - started)} ms`);
    assert.ok(result.violating >= 100, `only ${result.violating} violating cases were scored`);
    assert.ok(result.flagged / result.violating >= 0.95, `${result.flagged}/${result.violating} violating cases flagged`);
    assert.ok(result.wronglyFlagged / result.ok < 0.02, `${result.wronglyFlagged}/${result.ok} ok cases flagged`);
    const deviations = result.rules.reduce((n, r) => n + r.deviations, 0);
    assert.ok(deviations <= 20, `${deviations} cases left out as deviations: each must stay a documented exception`);
  });

  it('honours the case settings: PostgreSQL version and the tool transaction', () => {
    const sql = 'ALTER TABLE foo ADD COLUMN bar int DEFAULT 10;';
    const on = (pg: string) => judge({ rule: 'x', test: 'x', expect: 'ok', settings: { pg_version: pg }, sql }).findings.map((f) => f.evidence.rule);
    assert.ok(on('10').includes('adding-field-with-default'), 'PostgreSQL 10 rewrites for any default');
    assert.ok(!on('11').includes('adding-field-with-default'), 'PostgreSQL 11 does not');
    const cic = 'CREATE INDEX CONCURRENTLY i ON t (c);\nSELECT 1;';
    const ids = (assume: boolean) => judge({ rule: 'x', test: 'x', expect: 'ok', settings: { assume_in_transaction: assume }, sql: cic }).findings.map((f) => f.id);
    assert.ok(ids(true).includes('migrations.concurrent-in-transaction'));
    assert.ok(!ids(false).includes('migrations.concurrent-in-transaction'));
  });
});

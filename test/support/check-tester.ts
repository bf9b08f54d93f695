// CheckTester: ESLint's RuleTester for checks. Each case runs through the real runner (skipped/error semantics included).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AnyCheck } from '../../src/checks/define.ts';
import { runChecks } from '../../src/checks/run.ts';
import type { Facts } from '../../src/facts/index.ts';
import type { CheckStatus, Finding, Severity } from '../../src/types.ts';

export interface ExpectedFinding {
  target?: string | RegExp;
  severity?: Severity;
  /** Evidence keys/values that must be present (deep partial match on top-level keys). */
  evidence?: Record<string, unknown>;
  title?: RegExp;
  fix?: RegExp;
}

export interface CheckCase {
  name: string;
  facts: Facts;
}

export interface FailCase extends CheckCase {
  findings: ExpectedFinding[];
}

export interface CheckCases {
  pass: CheckCase[];
  fail: FailCase[];
  notApplicable?: CheckCase[];
  /** Cases where the runner must report error or skipped (collector failed, facts missing). */
  notRun?: (CheckCase & { status: Extract<CheckStatus, 'error' | 'skipped'> })[];
}

export function runOne(check: AnyCheck, facts: Facts): { status: CheckStatus; reason: string | null; findings: Finding[] } {
  const out = runChecks(facts, new Map([[check.meta.id, check]]));
  const result = out.checks.find((c) => c.id === check.meta.id);
  assert.ok(result, `runner produced no result for ${check.meta.id}`);
  return { status: result.status, reason: result.reason, findings: out.findings };
}

function matches(f: Finding, e: ExpectedFinding): boolean {
  if (e.target !== undefined && !(typeof e.target === 'string' ? f.target === e.target : e.target.test(f.target))) return false;
  if (e.severity !== undefined && f.severity !== e.severity) return false;
  if (e.title && !e.title.test(f.title)) return false;
  if (e.fix && !e.fix.test(f.fix)) return false;
  if (e.evidence) {
    for (const [k, v] of Object.entries(e.evidence)) {
      try {
        assert.deepStrictEqual(f.evidence[k], v);
      } catch {
        return false;
      }
    }
  }
  return true;
}

export function checkTester(check: AnyCheck, cases: CheckCases): void {
  describe(`check ${check.meta.id}`, () => {
    assert.ok(cases.pass.length > 0, 'a check needs at least one passing case');
    assert.ok(cases.fail.length > 0, 'a check needs at least one failing case');
    for (const c of cases.pass) {
      it(`passes: ${c.name}`, () => {
        const r = runOne(check, c.facts);
        assert.equal(r.status, 'passed', `expected passed, got ${r.status} (${r.reason}) with ${JSON.stringify(r.findings.map((f) => f.target))}`);
      });
    }
    for (const c of cases.fail) {
      it(`fails: ${c.name}`, () => {
        const r = runOne(check, c.facts);
        assert.equal(r.status, 'failed', `expected failed, got ${r.status} (${r.reason})`);
        assert.equal(r.findings.length, c.findings.length, `expected ${c.findings.length} finding(s), got ${JSON.stringify(r.findings.map((f) => [f.target, f.severity]))}`);
        for (const e of c.findings)
          assert.ok(
            r.findings.some((f) => matches(f, e)),
            `no finding matches ${JSON.stringify(e, (_k, v) => (v instanceof RegExp ? v.source : v))}; got ${JSON.stringify(r.findings.map((f) => ({ target: f.target, severity: f.severity, evidence: f.evidence })))}`,
          );
        for (const f of r.findings) {
          assert.equal(f.id, check.meta.id);
          assert.match(f.fingerprint, /^[0-9a-f]{16}$/);
          assert.ok(f.fix.length > 0, 'every finding says how to fix it');
        }
      });
    }
    for (const c of cases.notApplicable ?? []) {
      it(`not applicable: ${c.name}`, () => {
        const r = runOne(check, c.facts);
        assert.equal(r.status, 'not-applicable', `expected not-applicable, got ${r.status}`);
      });
    }
    for (const c of cases.notRun ?? []) {
      it(`does not run: ${c.name}`, () => {
        const r = runOne(check, c.facts);
        assert.equal(r.status, c.status);
        assert.ok(r.reason, 'a check that did not run says why');
      });
    }
    it('skips with a reason when its facts are missing', () => {
      const facts: Facts = {
        schemaVersion: 1,
        tool: { name: 'launchready', version: 'test' },
        collectedAt: new Date(0).toISOString(),
        durationMs: 0,
        plan: (cases.pass[0] as CheckCase).facts.plan,
        missing: {},
        sources: {},
        timings: {},
      };
      const r = runOne(check, facts);
      assert.equal(r.status, 'skipped');
      assert.ok(r.reason);
    });
  });
}

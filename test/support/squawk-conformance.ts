// Runs squawk's own rule test cases through launchready's static migration analysis and checks, each case as its own
// repository, and measures agreement per squawk rule (mapping: src/analyze/sql/squawk-rules.ts).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SQUAWK_RULES, type SquawkRule } from '../../src/analyze/sql/squawk-rules.ts';
import { migrationsChecks } from '../../src/checks/migrations/index.ts';
import { runChecks } from '../../src/checks/run.ts';
import type { Finding } from '../../src/types.ts';
import { migrationFacts } from '../checks/migrations/migration-facts.ts';
import { factsWith } from './facts.ts';

export const SQUAWK_CASES_PATH = fileURLToPath(new URL('../fixtures/vectors/migrations/squawk-cases.jsonl', import.meta.url));

export interface SquawkCase {
  rule: string;
  test: string;
  expect: 'ok' | 'violation';
  settings: { pg_version?: string; assume_in_transaction?: boolean };
  sql: string;
}

export function loadSquawkCases(path = SQUAWK_CASES_PATH): SquawkCase[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as SquawkCase);
}

const REGISTRY = new Map(migrationsChecks.map((c) => [c.meta.id, c]));

/** All findings launchready gives for one case, judged as one migration file. */
export function judge(c: SquawkCase): { findings: Finding[]; parseError: string | null } {
  const assume = c.settings.assume_in_transaction === true && !/squawk-disable-assume-in-transaction/.test(c.sql);
  const pgVersion = c.settings.pg_version ? Number(c.settings.pg_version) : undefined;
  const migrations = migrationFacts({ 'migration.sql': c.sql }, { wrap: assume ? 'transaction' : 'none', pgVersion });
  const error = migrations.files[0]?.error;
  if (error) return { findings: [], parseError: error.message };
  return { findings: runChecks(factsWith({ migrations }), REGISTRY).findings, parseError: null };
}

export function flaggedAs(mapping: SquawkRule, findings: Finding[]): boolean {
  // a finding counts when it is the mapped id and, where it names a rule, one of the rules mapped (default: squawk's name)
  return findings.some((f) => f.id === mapping.id && (f.evidence.rule === undefined || (mapping.as ?? [mapping.rule]).includes(String(f.evidence.rule))));
}

export interface RuleAgreement {
  rule: string;
  id: string | null;
  violating: number;
  flagged: number;
  ok: number;
  wronglyFlagged: number;
  /** Cases left out of the score as documented deviations. */
  deviations: number;
  unparsed: number;
  misses: string[];
  falsePositives: string[];
}

export function conformance(cases: SquawkCase[]): { rules: RuleAgreement[]; violating: number; flagged: number; ok: number; wronglyFlagged: number } {
  const rules: RuleAgreement[] = [];
  for (const mapping of SQUAWK_RULES) {
    const row: RuleAgreement = {
      rule: mapping.rule,
      id: mapping.id,
      violating: 0,
      flagged: 0,
      ok: 0,
      wronglyFlagged: 0,
      deviations: 0,
      unparsed: 0,
      misses: [],
      falsePositives: [],
    };
    rules.push(row);
    if (!mapping.id) continue;
    for (const c of cases.filter((x) => x.rule === mapping.rule)) {
      if (mapping.deviations?.[c.test]) {
        row.deviations++;
        continue;
      }
      const { findings, parseError } = judge(c);
      if (parseError) {
        row.unparsed++;
        continue;
      }
      const flagged = flaggedAs(mapping, findings);
      if (c.expect === 'violation') {
        row.violating++;
        if (flagged) row.flagged++;
        else row.misses.push(c.test);
      } else {
        row.ok++;
        if (flagged) {
          row.wronglyFlagged++;
          row.falsePositives.push(c.test);
        }
      }
    }
  }
  const sum = (k: 'violating' | 'flagged' | 'ok' | 'wronglyFlagged'): number => rules.reduce((n, r) => n + r[k], 0);
  return { rules, violating: sum('violating'), flagged: sum('flagged'), ok: sum('ok'), wronglyFlagged: sum('wronglyFlagged') };
}

export function agreementTable(result: ReturnType<typeof conformance>): string {
  const lines = ['rule'.padEnd(46) + 'launchready id'.padEnd(38) + 'violating flagged   ok wrongly  deviations unparsed'];
  for (const r of result.rules) {
    lines.push(
      `${r.rule.padEnd(46)}${(r.id ?? '(decision)').padEnd(38)}${String(r.violating).padStart(9)} ${String(r.flagged).padStart(7)} ${String(r.ok).padStart(4)} ${String(r.wronglyFlagged).padStart(7)} ${String(r.deviations).padStart(11)} ${String(r.unparsed).padStart(8)}${r.misses.length ? `  missed: ${r.misses.join(', ')}` : ''}${r.falsePositives.length ? `  wrongly: ${r.falsePositives.join(', ')}` : ''}`,
    );
  }
  const pct = (a: number, b: number): string => `${((100 * a) / Math.max(1, b)).toFixed(1)}%`;
  lines.push(
    `total: ${result.flagged}/${result.violating} violating cases flagged (${pct(result.flagged, result.violating)}), ${result.wronglyFlagged}/${result.ok} ok cases flagged (${pct(result.wronglyFlagged, result.ok)})`,
  );
  return lines.join('\n');
}

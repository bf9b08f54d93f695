// Runs gitleaks' rule test cases (test/fixtures/vectors/secrets, MIT) through the scanner, each case as one committed file.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type SecretHit, SecretScanner } from '../../src/analyze/secret-rules.ts';

export interface GitleaksCase {
  rule: string;
  provider: string;
  expect: 'secret' | 'none';
  text: string;
}

export const GITLEAKS_CASES_PATH = fileURLToPath(new URL('../fixtures/vectors/secrets/gitleaks-cases.jsonl', import.meta.url));

export function loadGitleaksCases(path = GITLEAKS_CASES_PATH): GitleaksCase[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as GitleaksCase);
}

/** A case that is only a token (no whitespace, no assignment) is committed as `const x = "…";`, like a real source line. */
export function asJsSource(text: string): string {
  return /^[^\s=]+$/.test(text) && !/^[<{]/.test(text) ? `const x = "${text}";` : text;
}

export type CaseFileKind = 'js' | 'txt';

export function scanCase(scanner: SecretScanner, c: GitleaksCase, kind: CaseFileKind): SecretHit[] {
  const text = kind === 'js' ? asJsSource(c.text) : c.text;
  return scanner.scanLines(text.split('\n'), 1, kind === 'js' ? 'src/case.js' : 'notes/case.txt');
}

export interface Tally {
  truePositives: number;
  found: number;
  falsePositives: number;
  flagged: number;
  /** Flagged false-positive cases whose hits are all info (named as examples / public keys), not blockers. */
  flaggedInfoOnly: number;
}

export interface ConformanceResult {
  overall: Tally;
  byProvider: Map<string, Tally>;
  missed: GitleaksCase[];
  falseAlarms: { c: GitleaksCase; hits: SecretHit[] }[];
}

const emptyTally = (): Tally => ({ truePositives: 0, found: 0, falsePositives: 0, flagged: 0, flaggedInfoOnly: 0 });

export function runConformance(cases: readonly GitleaksCase[], kind: CaseFileKind, scanner = new SecretScanner()): ConformanceResult {
  const overall = emptyTally();
  const byProvider = new Map<string, Tally>();
  const missed: GitleaksCase[] = [];
  const falseAlarms: { c: GitleaksCase; hits: SecretHit[] }[] = [];
  for (const c of cases) {
    const hits = scanCase(scanner, c, kind).filter((h) => !h.suppressed);
    const tally = byProvider.get(c.provider) ?? emptyTally();
    byProvider.set(c.provider, tally);
    for (const t of [overall, tally]) {
      if (c.expect === 'secret') {
        t.truePositives++;
        if (hits.length > 0) t.found++;
      } else {
        t.falsePositives++;
        if (hits.length > 0) t.flagged++;
        if (hits.length > 0 && hits.every((h) => h.context !== 'live')) t.flaggedInfoOnly++;
      }
    }
    if (c.expect === 'secret' && hits.length === 0) missed.push(c);
    if (c.expect === 'none' && hits.length > 0) falseAlarms.push({ c, hits });
  }
  return { overall, byProvider, missed, falseAlarms };
}

export const recall = (t: Tally): number => (t.truePositives === 0 ? 1 : t.found / t.truePositives);
export const falsePositiveRate = (t: Tally): number => (t.falsePositives === 0 ? 0 : t.flagged / t.falsePositives);

/**
 * gitleaks' negatives are per rule: 22 of them are texts gitleaks itself labels a secret under another rule (a
 * Cloudflare global key is a negative for the origin-CA rule). A scanner judged as a whole is measured on the rest.
 */
export function scannerLevelNegatives(cases: readonly GitleaksCase[]): GitleaksCase[] {
  const positives = new Set(cases.filter((c) => c.expect === 'secret').map((c) => c.text));
  return cases.filter((c) => c.expect === 'none' && !positives.has(c.text));
}

// Scoring and ordering, from findings only: minimum bar, score and grade, impact rank, owners, fix order, baseline.
import { CATALOG, CATALOG_BY_ID } from '../catalog.js';
import type { AuditPlan } from '../plan.js';
import type { FailOn } from '../policy.js';
import { BARS, type BlockerEntry, type CheckResult, type Finding, type MinimumBarRow, type Severity } from '../types.js';

const SEVERITY_WEIGHT: Record<Severity, number> = { blocker: 0, high: 1, medium: 2, low: 3, info: 4 };
/** Score points lost per finding (capped per check so one noisy check cannot sink the grade alone). */
const SCORE_PENALTY: Record<Severity, number> = { blocker: 20, high: 8, medium: 3, low: 1, info: 0 };
const PENALTY_CAP_PER_CHECK: Record<Severity, number> = { blocker: 40, high: 16, medium: 6, low: 2, info: 0 };

/** How many users a failure of this kind touches: name resolution and TLS hit everyone, a log leak fewer. */
const REACH_BY_PREFIX: Record<string, number> = {
  dns: 10,
  tls: 9,
  redirect: 8,
  secrets: 8,
  perf: 7,
  ratelimit: 6,
  cors: 6,
  migrations: 6,
  http: 5,
  email: 5,
  deploy: 5,
  env: 5,
  monitoring: 4,
  cache: 4,
  db: 4,
  deps: 4,
  logging: 3,
};

/** Fix dependencies: lower layers first (DNS before TLS before redirects; rotate a leaked secret before cleaning history). */
const LAYER_BY_PREFIX: Record<string, number> = { dns: 0, tls: 1, redirect: 2, http: 3, cors: 3, cache: 3, email: 1 };
const SECRET_LAYER: Record<string, number> = { 'secrets.hardcoded': 0, 'secrets.in-history': 1, 'secrets.env-file-committed': 0, 'secrets.env-not-ignored': 2 };

const prefix = (id: string) => id.split('.')[0] ?? id;

const OWNER_ALIASES: Record<number, string[]> = {
  1: ['audit'],
  // bar names (domain, deployments, monitoring) are matched as bars first, so stage aliases stay distinct
  2: [],
  3: ['deployment'],
  4: ['performance', 'perf'],
  5: ['protection'],
  6: ['handover', 'monitoring'],
};

export function ownerFor(finding: Pick<Finding, 'id' | 'bar' | 'stage'>, owners: Record<string, string>): string | null {
  const entry = CATALOG_BY_ID.get(finding.id);
  const keys = [finding.bar, entry?.pipelineStage, ...(OWNER_ALIASES[finding.stage] ?? []), 'default'].filter((k): k is string => Boolean(k));
  for (const k of keys) if (owners[k]) return owners[k] as string;
  return null;
}

function hostOf(target: string): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(target)) {
    try {
      return new URL(target).hostname;
    } catch {
      // fall through to the plain host:port form
    }
  }
  return (target.split(/[/:\s]/)[0] ?? target).toLowerCase();
}

/** The canonical host does not resolve or cannot be reached at all: nothing else matters until it does, so it comes first. */
function isCanonicalDown(f: Pick<Finding, 'id' | 'target' | 'evidence'>, plan: Pick<AuditPlan, 'canonicalHost'>): boolean {
  if (!plan.canonicalHost || hostOf(f.target) !== plan.canonicalHost) return false;
  return f.id === 'dns.unresolvable-host' || (f.id === 'redirect.broken-variant' && f.evidence.canonicalUnreachable === true);
}

function impactKey(f: Finding, plan: AuditPlan): [number, number, number, number] {
  const reach = REACH_BY_PREFIX[prefix(f.id)] ?? 3;
  const onCanonical = plan.canonicalHost && hostOf(f.target) === plan.canonicalHost ? 1 : 0;
  return [isCanonicalDown(f, plan) ? 0 : 1, SEVERITY_WEIGHT[f.severity], -reach, -onCanonical];
}

function compareKeys(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) - (b[i] ?? 0);
  return 0;
}

export function minimumBar(checks: CheckResult[], findings: Finding[], plan: AuditPlan): MinimumBarRow[] {
  const statusById = new Map(checks.map((c) => [c.id, c]));
  return BARS.map((row) => {
    const rowFindings = [...new Set(findings.filter((f) => f.bar === row).map((f) => f.id))];
    if (rowFindings.length > 0) return { row, status: 'fail', findings: rowFindings, missing: null };
    const notRun = CATALOG.filter((e) => e.bar === row)
      .map((e) => statusById.get(e.id))
      .filter((c): c is CheckResult => c !== undefined && (c.status === 'skipped' || c.status === 'error'));
    if (notRun.length > 0) {
      const reasons = [...new Set(notRun.map((c) => c.reason ?? c.status))];
      const shown = reasons.slice(0, 3).join('; ');
      // the hint repeats what the reasons already say when they name the same flags ("give --url or app.canonical")
      const hint = missingHint(row, plan);
      const flags = hint?.match(/--[\w-]+/g) ?? [];
      const repeated = flags.length > 0 && flags.every((flag) => shown.includes(flag));
      return { row, status: 'unknown', findings: [], missing: `${notRun.length} check(s) did not run: ${shown}${hint && !repeated ? ` (${hint})` : ''}` };
    }
    return { row, status: 'pass', findings: [], missing: null };
  });
}

function missingHint(row: string, plan: AuditPlan): string | null {
  if (row === 'email' && !plan.email.domain) return 'add `email.domain` or pass --domain';
  if ((row === 'secrets' || row === 'deployments') && !plan.repo) return 'pass --repo DIR';
  if ((row === 'domain' || row === 'ssl' || row === 'caching') && !plan.canonical) return 'pass --url or set `app.canonical`';
  return null;
}

export function scoreAndGrade(findings: Finding[]): { score: number; grade: string } {
  const perCheck = new Map<string, number>();
  for (const f of findings) perCheck.set(`${f.id}|${f.severity}`, (perCheck.get(`${f.id}|${f.severity}`) ?? 0) + SCORE_PENALTY[f.severity]);
  let lost = 0;
  for (const [key, pts] of perCheck) lost += Math.min(pts, PENALTY_CAP_PER_CHECK[key.split('|')[1] as Severity]);
  const score = Math.max(0, 100 - lost);
  const hasBlocker = findings.some((f) => f.severity === 'blocker');
  const hasHigh = findings.some((f) => f.severity === 'high');
  let grade = score >= 95 && !hasHigh ? 'A+' : score >= 90 ? 'A' : score >= 80 ? 'B' : score >= 70 ? 'C' : score >= 60 ? 'D' : 'F';
  // A blocker means "do not launch": the grade can never look better than D.
  if (hasBlocker && !['D', 'F'].includes(grade)) grade = 'D';
  return { score, grade };
}

function layerOf(f: Finding, plan: AuditPlan): number {
  if (isCanonicalDown(f, plan)) return -1;
  if (f.id in SECRET_LAYER) return SECRET_LAYER[f.id] as number;
  return LAYER_BY_PREFIX[prefix(f.id)] ?? 4;
}

/** Rank findings in place (impactRank, owner, fixOrder) and return the blocker list. */
export function rankFindings(findings: Finding[], plan: AuditPlan, owners: Record<string, string> = {}): { findings: Finding[]; blockers: BlockerEntry[] } {
  const ranked = [...findings].sort((a, b) => compareKeys(impactKey(a, plan), impactKey(b, plan)) || a.id.localeCompare(b.id) || a.target.localeCompare(b.target));
  ranked.forEach((f, i) => {
    f.impactRank = i + 1;
    f.owner = ownerFor(f, owners);
  });
  // Fix order covers blockers and highs: dependency layer first, then impact.
  const toFix = ranked.filter((f) => f.severity === 'blocker' || f.severity === 'high');
  const ordered = [...toFix].sort((a, b) => layerOf(a, plan) - layerOf(b, plan) || SEVERITY_WEIGHT[a.severity] - SEVERITY_WEIGHT[b.severity] || a.impactRank - b.impactRank);
  ordered.forEach((f, i) => {
    f.fixOrder = i + 1;
  });
  const blockers: BlockerEntry[] = ordered
    .filter((f) => f.severity === 'blocker')
    .map((f) => {
      const host = hostOf(f.target);
      const after = ordered
        .filter((o) => o.fixOrder < f.fixOrder && layerOf(o, plan) < layerOf(f, plan) && (hostOf(o.target) === host || prefix(o.id) === 'dns' || prefix(f.id) === 'secrets'))
        .map((o) => o.fixOrder);
      return { fingerprint: f.fingerprint, id: f.id, owner: f.owner, fixOrder: f.fixOrder, after };
    });
  return { findings: ranked, blockers };
}

export interface BaselineResult {
  fixed: { id: string; fingerprint: string; target: string }[];
}

/** Mark findings known/new against a previous JSON report. */
export function applyBaseline(findings: Finding[], baseline: { findings?: { id: string; fingerprint: string; target: string }[] } | null): BaselineResult {
  if (!baseline) return { fixed: [] };
  const previous = new Map((baseline.findings ?? []).map((f) => [f.fingerprint, f]));
  const current = new Set(findings.map((f) => f.fingerprint));
  for (const f of findings) f.baseline = previous.has(f.fingerprint) ? 'known' : 'new';
  return { fixed: [...previous.values()].filter((f) => !current.has(f.fingerprint)).map((f) => ({ id: f.id, fingerprint: f.fingerprint, target: f.target })) };
}

/** Exit 1 when a finding at or above the level exists (only new ones when a baseline is given). */
export function failsGate(findings: Finding[], failOn: FailOn): boolean {
  if (failOn === 'none') return false;
  const limit = SEVERITY_WEIGHT[failOn];
  return findings.some((f) => f.baseline !== 'known' && SEVERITY_WEIGHT[f.severity] <= limit);
}

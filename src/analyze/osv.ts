// OSV advisories (https://ossf.github.io/osv-schema/): which locked versions they affect, the fixed version and the severity.

import type { LockedPackage, OsvEcosystem } from './lockfiles.js';
import { normalisePypiName } from './manifests.js';
import { compareVersions } from './versions.js';

export interface OsvEvent {
  introduced?: string;
  fixed?: string;
  last_affected?: string;
  limit?: string;
}

export interface OsvAffected {
  package?: { ecosystem?: string; name?: string };
  ranges?: { type?: string; events?: OsvEvent[] }[];
  versions?: string[];
  ecosystem_specific?: { severity?: unknown };
  database_specific?: { severity?: unknown };
}

export interface OsvAdvisory {
  id: string;
  summary?: string;
  aliases?: string[];
  withdrawn?: string;
  severity?: { type?: string; score?: string }[];
  affected?: OsvAffected[];
  database_specific?: { severity?: unknown };
}

export type AdvisorySeverity = 'high' | 'medium' | 'low';

const ECOSYSTEMS: Record<string, OsvEcosystem> = { npm: 'npm', pypi: 'PyPI', rubygems: 'RubyGems', go: 'Go', 'crates.io': 'crates.io' };

export function osvEcosystem(name: string | undefined): OsvEcosystem | null {
  return name ? (ECOSYSTEMS[name.split(':')[0]?.toLowerCase() ?? ''] ?? null) : null;
}

export function packageKey(ecosystem: OsvEcosystem, name: string): string {
  return `${ecosystem}\0${ecosystem === 'PyPI' ? normalisePypiName(name) : ecosystem === 'npm' ? name.toLowerCase() : name}`;
}

/** Is an object shaped like an OSV advisory (id + affected list)? Hostile JSON is ignored, not trusted. */
export function isOsvAdvisory(value: unknown): value is OsvAdvisory {
  return typeof value === 'object' && value !== null && typeof (value as OsvAdvisory).id === 'string' && Array.isArray((value as OsvAdvisory).affected);
}

function stripV(ecosystem: OsvEcosystem, version: string): string {
  return ecosystem === 'Go' ? version.replace(/^v/, '') : version;
}

export interface AffectedMatch {
  /** Lowest fixed version above the locked one, when the advisory names one. */
  fixed: string | null;
}

/** Evaluate one affected entry for a version: explicit versions list, then SEMVER/ECOSYSTEM ranges (events sorted, applied in order). */
export function affectsVersion(entry: OsvAffected, ecosystem: OsvEcosystem, version: string): AffectedMatch | null {
  const v = stripV(ecosystem, version);
  const fixedAbove = (ranges: OsvAffected['ranges']) => {
    const fixes = (ranges ?? []).flatMap((r) => (r.events ?? []).map((e) => e.fixed).filter((f): f is string => typeof f === 'string'));
    const above = fixes.filter((f) => (compareVersions(ecosystem, stripV(ecosystem, f), v) ?? -1) > 0);
    above.sort((a, b) => compareVersions(ecosystem, stripV(ecosystem, a), stripV(ecosystem, b)) ?? 0);
    return above[0] ?? null;
  };
  if (Array.isArray(entry.versions) && entry.versions.slice(0, 10_000).some((x) => typeof x === 'string' && stripV(ecosystem, x) === v)) return { fixed: fixedAbove(entry.ranges) };
  for (const range of (entry.ranges ?? []).slice(0, 100)) {
    if (range.type !== 'SEMVER' && range.type !== 'ECOSYSTEM') continue;
    const events = (range.events ?? []).slice(0, 200).flatMap((e) => {
      if (typeof e !== 'object' || e === null) return [];
      const [kind, at] = Object.entries(e)[0] ?? [];
      return typeof kind === 'string' && typeof at === 'string' ? [{ kind, at: stripV(ecosystem, at) }] : [];
    });
    const order = (a: string, b: string) => (a === '0' ? (b === '0' ? 0 : -1) : b === '0' ? 1 : (compareVersions(ecosystem, a, b) ?? 0));
    events.sort((a, b) => order(a.at, b.at));
    let affected = false;
    let readable = true;
    for (const e of events) {
      const cmp = e.at === '0' ? 1 : compareVersions(ecosystem, v, e.at);
      if (cmp === null) {
        readable = false;
        break;
      }
      if (e.kind === 'introduced' && cmp >= 0) affected = true;
      else if (e.kind === 'fixed' && cmp >= 0) affected = false;
      else if (e.kind === 'last_affected' && cmp > 0) affected = false;
    }
    if (readable && affected) return { fixed: fixedAbove([range]) };
  }
  return null;
}

const CVSS3_WEIGHTS: Record<string, Record<string, number>> = {
  AV: { N: 0.85, A: 0.62, L: 0.55, P: 0.2 },
  AC: { L: 0.77, H: 0.44 },
  UI: { N: 0.85, R: 0.62 },
  C: { H: 0.56, L: 0.22, N: 0 },
  I: { H: 0.56, L: 0.22, N: 0 },
  A: { H: 0.56, L: 0.22, N: 0 },
};

function roundUp(n: number): number {
  const i = Math.round(n * 100_000);
  return i % 10_000 === 0 ? i / 100_000 : (Math.floor(i / 10_000) + 1) / 10;
}

/** CVSS v3.x base score from its vector (CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H → 9.8); null when unreadable. */
export function cvss3BaseScore(vector: string): number | null {
  if (!/^CVSS:3\.[01]\//.test(vector)) return null;
  const m = Object.fromEntries(
    vector
      .split('/')
      .slice(1)
      .map((p) => p.split(':') as [string, string]),
  );
  const changed = m.S === 'C';
  const pr = { N: 0.85, L: changed ? 0.68 : 0.62, H: changed ? 0.5 : 0.27 }[m.PR as 'N' | 'L' | 'H'];
  const w = (k: string) => CVSS3_WEIGHTS[k]?.[m[k] ?? ''];
  const [av, ac, ui, c, i, a] = ['AV', 'AC', 'UI', 'C', 'I', 'A'].map(w);
  if ([av, ac, ui, c, i, a, pr].some((x) => x === undefined) || (m.S !== 'U' && m.S !== 'C')) return null;
  const iss = 1 - (1 - c!) * (1 - i!) * (1 - a!);
  const impact = changed ? 7.52 * (iss - 0.029) - 3.25 * (iss - 0.02) ** 15 : 6.42 * iss;
  if (impact <= 0) return 0;
  const exploitability = 8.22 * av! * ac! * pr! * ui!;
  return roundUp(Math.min(changed ? 1.08 * (impact + exploitability) : impact + exploitability, 10));
}

function fromLabel(label: unknown): AdvisorySeverity | null {
  if (typeof label !== 'string') return null;
  const l = label.toLowerCase();
  if (l === 'critical' || l === 'high') return 'high';
  if (l === 'moderate' || l === 'medium') return 'medium';
  if (l === 'low') return 'low';
  return null;
}

/** critical/high → high, moderate → medium, low → low; from database_specific, then CVSS v3; unknown counts as high. */
export function advisorySeverity(advisory: OsvAdvisory, entry?: OsvAffected): { severity: AdvisorySeverity; source: string } {
  const label = fromLabel(entry?.ecosystem_specific?.severity) ?? fromLabel(entry?.database_specific?.severity) ?? fromLabel(advisory.database_specific?.severity);
  if (label) return { severity: label, source: 'database_specific.severity' };
  for (const s of advisory.severity ?? []) {
    const score = typeof s?.score === 'string' ? cvss3BaseScore(s.score) : null;
    if (score !== null) return { severity: score >= 7 ? 'high' : score >= 4 ? 'medium' : 'low', source: `CVSS ${score.toFixed(1)}` };
  }
  return { severity: 'high', source: 'no severity in the advisory' };
}

export interface VulnerableDependency {
  ecosystem: OsvEcosystem;
  package: string;
  version: string;
  advisory: string;
  aliases: string[];
  summary: string | null;
  fixed: string | null;
  severity: AdvisorySeverity;
  severitySource: string;
  lockfile: string;
}

/** Every (package, advisory) pair where a locked version is affected. */
export function matchAdvisories(packages: (LockedPackage & { lockfile: string })[], advisories: ReadonlyMap<string, OsvAdvisory[]>): VulnerableDependency[] {
  const out: VulnerableDependency[] = [];
  for (const p of packages) {
    for (const advisory of advisories.get(packageKey(p.ecosystem, p.name)) ?? []) {
      if (advisory.withdrawn) continue;
      for (const entry of advisory.affected ?? []) {
        const eco = osvEcosystem(entry.package?.ecosystem);
        if (eco !== p.ecosystem || !entry.package?.name || packageKey(eco, entry.package.name) !== packageKey(p.ecosystem, p.name)) continue;
        const match = affectsVersion(entry, p.ecosystem, p.version);
        if (!match) continue;
        const { severity, source } = advisorySeverity(advisory, entry);
        out.push({
          ecosystem: p.ecosystem,
          package: p.name,
          version: p.version,
          advisory: advisory.id,
          aliases: (advisory.aliases ?? []).filter((a) => typeof a === 'string').slice(0, 5),
          summary: typeof advisory.summary === 'string' ? advisory.summary.slice(0, 200) : null,
          fixed: match.fixed,
          severity,
          severitySource: source,
          lockfile: p.lockfile,
        });
        break;
      }
    }
  }
  return out;
}

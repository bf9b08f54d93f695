// Version ordering per ecosystem: semver (npm, crates.io, Go), PEP 440 (PyPI) and Gem::Version (RubyGems).
import { compare as pep440Compare, valid as pep440Valid } from '@renovatebot/pep440';
import semver from 'semver';
import type { OsvEcosystem } from './lockfiles.js';

/** Gem::Version segments: "1.0.0.pre2" → [1, 0, 0, "pre", 2]; "-" means a prerelease (".pre."). */
function gemSegments(version: string): (number | string)[] {
  return (
    version
      .trim()
      .replace(/-/g, '.pre.')
      .match(/\d+|[a-z]+/gi) ?? []
  ).map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/** Gem::Version#<=>: missing segments are 0, a letter segment sorts before any number (so 1.0.a < 1.0). */
export function compareGemVersions(a: string, b: string): number {
  const sa = gemSegments(a);
  const sb = gemSegments(b);
  // trailing zeros do not count: 1.0 == 1.0.0
  while (sa.length > 0 && sa.at(-1) === 0) sa.pop();
  while (sb.length > 0 && sb.at(-1) === 0) sb.pop();
  for (let i = 0; i < Math.max(sa.length, sb.length); i++) {
    const x = sa[i] ?? 0;
    const y = sb[i] ?? 0;
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x < y ? -1 : 1;
    if (typeof x === 'string' && typeof y === 'number') return -1;
    if (typeof x === 'number' && typeof y === 'string') return 1;
    return x < y ? -1 : 1;
  }
  return 0;
}

function toSemver(version: string): string | null {
  const v = version.trim().replace(/^v/, '');
  return semver.valid(v, { loose: true }) ?? semver.coerce(v, { includePrerelease: true })?.version ?? null;
}

/** Compare two versions of one ecosystem; null when either cannot be read. */
export function compareVersions(ecosystem: OsvEcosystem, a: string, b: string): number | null {
  if (a === b) return 0;
  try {
    if (ecosystem === 'PyPI') {
      if (!pep440Valid(a) || !pep440Valid(b)) return null;
      return Math.sign(pep440Compare(a, b));
    }
    if (ecosystem === 'RubyGems') return compareGemVersions(a, b);
    const x = toSemver(a);
    const y = toSemver(b);
    if (!x || !y) return null;
    return semver.compare(x, y, { loose: true });
  } catch {
    return null;
  }
}

/** Go modules: go.sum versions carry a "v" prefix, OSV's do not. */
export function compareGoVersions(a: string, b: string): number {
  return compareVersions('Go', a, b) ?? (a < b ? -1 : a > b ? 1 : 0);
}

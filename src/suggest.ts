// "did you mean": the nearest known name to a mistyped flag or config key, so a typo costs one rerun, not a trip to --help.

/** Names longer than this are not compared (a hostile config key can be any length; the known names are short). */
const MAX_NAME = 64;

/** Levenshtein distance, giving up (returning max + 1) once every path is over max. */
function distance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      row.push(value);
      best = Math.min(best, value);
    }
    if (best > max) return max + 1;
    prev = row;
  }
  return prev[b.length] ?? max + 1;
}

/**
 * The known name closest to `typed`: within edit distance 2 (case-insensitive), else the one name `typed` is a prefix
 * of (at least 3 characters, so "--c" suggests nothing). Null when nothing is close or the prefix is ambiguous.
 */
export function closestName(typed: string, known: Iterable<string>): string | null {
  if (typed.length === 0 || typed.length > MAX_NAME) return null;
  const lower = typed.toLowerCase();
  let best: { name: string; d: number } | null = null;
  const prefixed: string[] = [];
  for (const name of known) {
    if (name === typed) return null;
    const d = distance(lower, name.toLowerCase(), 2);
    if (d <= 2 && (!best || d < best.d)) best = { name, d };
    if (lower.length >= 3 && name.toLowerCase().startsWith(lower)) prefixed.push(name);
  }
  if (best) return best.name;
  return prefixed.length === 1 ? (prefixed[0] ?? null) : null;
}

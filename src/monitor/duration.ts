// Strict durations for the monitor config ("30s", "1h", "14d"): a typo is a config error, never a silent default.

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
export type DurationUnit = keyof typeof UNIT_MS;

/** Milliseconds for "<number><unit>" with the allowed units, or null when the text is not such a duration. */
export function parseDurationMs(text: string, units: readonly DurationUnit[] = ['ms', 's', 'm', 'h', 'd']): number | null {
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)$/.exec(text.trim());
  if (!m) return null;
  const unit = m[2] as DurationUnit;
  if (!units.includes(unit)) return null;
  const ms = Number(m[1]) * UNIT_MS[unit];
  return Number.isFinite(ms) ? Math.round(ms) : null;
}

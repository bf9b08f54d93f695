// What every human-facing format says the same way: verdict, counts, summary line, evidence in a line, what did not run.
import { CATALOG_BY_ID } from '../../catalog.js';
import { clean } from '../../terminal-text.js';
import { type Bottleneck, type CheckResult, type Finding, type Report, ROADMAP_STAGE_NAMES, type RoadmapStage, type RouteMetrics, SEVERITIES, type Severity } from '../../types.js';
import type { InventoryTable } from '../inventory.js';

export { clean };

const NOT_IMPLEMENTED = 'not implemented yet';

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function severityCounts(report: Report): Record<Severity, number> {
  const counts: Record<Severity, number> = { blocker: 0, high: 0, medium: 0, low: 0, info: 0 };
  for (const f of report.findings) counts[f.severity] += 1;
  return counts;
}

export type VerdictKind = 'not-ready' | 'ready' | 'unknown' | 'bar-fail';

export interface Verdict {
  kind: VerdictKind;
  /** "Not launch-ready: 3 blockers" */
  headline: string;
  /** "grade D (score 58/100) · target https://app.example · ran in 12.3 s" */
  detail: string;
  /** Said plainly when the canonical host does not resolve or answer: "The site could not be reached: ...". */
  unreachable: string | null;
}

function hostOfTarget(target: string): string {
  try {
    return new URL(target).hostname.toLowerCase();
  } catch {
    return target.toLowerCase();
  }
}

/** The finding that says the canonical host is down (does not resolve, or refuses/times out on every variant). */
function unreachableNote(report: Report): string | null {
  const host = report.target.canonical ? hostOfTarget(report.target.canonical) : null;
  if (!host) return null;
  const down = report.findings.find(
    (f) => hostOfTarget(f.target) === host && ((f.id === 'redirect.broken-variant' && f.evidence.canonicalUnreachable === true) || f.id === 'dns.unresolvable-host'),
  );
  return down ? `The site could not be reached: ${oneLine(down.title)}. Nothing served on it could be checked.` : null;
}

export function verdictOf(report: Report): Verdict {
  const counts = severityCounts(report);
  const unknown = report.minimumBar.filter((r) => r.status === 'unknown').length;
  const failing = report.minimumBar.filter((r) => r.status === 'fail').length;
  let kind: VerdictKind;
  let headline: string;
  if (counts.blocker > 0) {
    kind = 'not-ready';
    headline = `Not launch-ready: ${plural(counts.blocker, 'blocker')}`;
  } else if (failing > 0) {
    // A failing minimum-bar row without a blocker still means the bar is not met: never claim ready.
    kind = 'bar-fail';
    headline = `No blockers found, but ${plural(failing, 'minimum-bar row')} ${failing === 1 ? 'fails' : 'fail'}`;
  } else if (unknown > 0) {
    kind = 'unknown';
    headline = `No blockers found, but ${plural(unknown, 'minimum-bar row')} unknown`;
  } else {
    kind = 'ready';
    headline = `Launch-ready: 0 blockers, ${counts.high} high`;
  }
  const target = report.target.canonical ?? report.target.domain ?? report.target.repo ?? 'no target';
  const detail = `grade ${report.grade} (score ${report.score}/100) · target ${target} · ran in ${formatDuration(report.durationMs)}`;
  return { kind, headline, detail, unreachable: unreachableNote(report) };
}

export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '?';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const m = Math.floor(ms / 60_000);
  return `${m} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/** The one-line CI summary: `launchready: 3 blockers, 4 high, 6 medium · grade D · report: launchready-report.html`. */
export function summaryLine(report: Report, htmlPath?: string | null): string {
  const c = severityCounts(report);
  const parts = [`launchready: ${plural(c.blocker, 'blocker')}, ${c.high} high, ${c.medium} medium`, `grade ${report.grade}`];
  if (htmlPath) parts.push(`report: ${htmlPath}`);
  return parts.join(' · ');
}

export function stageName(stage: RoadmapStage | number): string {
  return ROADMAP_STAGE_NAMES[stage as RoadmapStage] ?? `Stage ${stage}`;
}

/** Findings above info grouped by roadmap stage, stages in order, findings by impact rank. */
export function riskGroups(findings: Finding[]): { stage: RoadmapStage; name: string; findings: Finding[] }[] {
  const byStage = new Map<RoadmapStage, Finding[]>();
  for (const f of [...findings].sort((a, b) => a.impactRank - b.impactRank)) {
    if (f.severity === 'info') continue;
    const list = byStage.get(f.stage) ?? [];
    list.push(f);
    byStage.set(f.stage, list);
  }
  return [...byStage.entries()].sort(([a], [b]) => a - b).map(([stage, list]) => ({ stage, name: stageName(stage), findings: list }));
}

export function severityRank(s: Severity): number {
  return SEVERITIES.indexOf(s);
}

export function checkTitle(report: Report, id: string): string {
  return report.checkDocs?.[id]?.title ?? id;
}

export function pipelineStageOf(id: string): string {
  return CATALOG_BY_ID.get(id)?.pipelineStage ?? id.split('.')[0] ?? 'other';
}

export function oneLine(text: string): string {
  return clean(text.replace(/\s+/g, ' ')).trim();
}

export function truncate(text: string, max: number): string {
  const chars = [...text];
  if (chars.length <= max) return text;
  if (max <= 1) return chars.slice(0, max).join('');
  return `${chars.slice(0, max - 1).join('')}…`;
}

function valueText(value: unknown, depth = 0): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return '(none)';
    if (depth > 2) return `[${value.length} items]`;
    return value.map((v) => valueText(v, depth + 1)).join(', ');
  }
  if (typeof value === 'object') {
    if (depth > 2) return '{…}';
    return Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${k}=${valueText(v, depth + 1)}`)
      .join(', ');
  }
  return String(value);
}

/** Evidence keys whose value names what was matched (a rule, a check, a variable, a logged field): cut, they say nothing. */
const NAME_KEYS = new Set([
  'rule',
  'ruleId',
  'check',
  'checkId',
  'id',
  'variable',
  'name',
  'library',
  'context',
  'kind',
  'line',
  'column',
  'commit',
  'status',
  'mode',
  'lockMode',
  'table',
  'lock',
  'passes',
  'field',
]);
/** Evidence keys holding a path: the file name at the end tells more than the folders. */
const PATH_KEYS = /^(?:file|path|at|firstReadAt|location)$/;
/** One token: a rule id, a variable, a line number (a logged field list is a few of them). */
const isNameValue = (v: unknown): boolean => typeof v === 'number' || (typeof v === 'string' && !/\s/.test(v));
/** Evidence keys that add context rather than identify: left out before the others. */
const LOW_KEYS = /^(?:authorDate|date|author|email|snippet|excerpt|sample|hops|headers)$/;
/** Longest name kept whole (a hostile repository can make a variable name any length). */
const MAX_NAME = 60;
/** A value is first cut to this, then entries are left out, then values are cut to MIN_VALUE. */
const SOFT_VALUE = 40;
const MIN_VALUE = 12;

const URL_HEAD = /^[a-z][a-z0-9+.-]*:\/\/[^/]*/i;
/** At most this many path segments are looked at (a hostile path can have thousands). */
const MAX_SEGMENTS = 64;
/** Longest path shortened segment by segment (real ones are under 300 characters). */
const MAX_PATH = 2048;

/** `scheme://host` or the first directory, then the other segments; the last one is the file name. */
function pathParts(text: string): { head: string; rest: string[] } {
  const url = URL_HEAD.exec(text)?.[0];
  const head = url ?? text.slice(0, Math.max(0, text.indexOf('/')));
  const rest = text.slice(head.length + 1).split('/');
  return { head, rest: rest.length > MAX_SEGMENTS ? [rest[0] ?? '', ...rest.slice(-MAX_SEGMENTS + 1)] : rest };
}

/** A hostile 100 KB cell cut to its start and end first, so every step after it is bounded (a shown cell is < 400). */
function bounded(text: string): string {
  return text.length > MAX_PATH ? `${text.slice(0, MAX_PATH / 2)}…${text.slice(-MAX_PATH / 2)}` : text;
}

/** A path (or URL) cell: one token with a slash, which shortenCell cuts in the middle rather than at the end. */
function isPathLike(text: string): boolean {
  return text.includes('/') && !/\s/.test(text);
}

/**
 * `prisma/…/20240101_add_index/migration.sql`: the first directory (or scheme and host) and as many of the last
 * segments as fit, the middle elided; then the last segments alone (`…/20240101_add_index/migration.sql`); then the
 * file name whole with the start of the path; else the start and the end. Cutting at the end instead gave every
 * migration of a folder the same `prisma/migratio…`.
 */
export function shortenPath(whole: string, max: number): string {
  const text = bounded(whole);
  const chars = [...text];
  if (chars.length <= max) return text;
  const len = (s: string) => [...s].length;
  const { head, rest } = pathParts(text);
  if (head && rest.length >= 2) {
    for (let keep = rest.length - 1; keep >= 1; keep--) {
      const tail = rest.slice(rest.length - keep).join('/');
      if (len(`${head}/…/${tail}`) <= max) return `${head}/…/${tail}`;
      // a directory above the file tells rows apart better than the first one (prisma/…/migration.sql for all)
      if (keep >= 2 && len(`…/${tail}`) <= max) return `…/${tail}`;
    }
  }
  const slash = text.lastIndexOf('/');
  const base = [...text.slice(slash + 1)];
  if (slash >= 0 && base.length + 2 <= max) return `${chars.slice(0, max - base.length - 2).join('')}…/${base.join('')}`;
  if (max <= 2) return chars.slice(0, max).join('');
  const tail = Math.ceil((max - 1) * 0.6);
  return `${chars.slice(0, max - 1 - tail).join('')}…${chars.slice(chars.length - tail).join('')}`;
}

/** A table cell at most max characters: paths by shortenPath, other text cut at the end. */
function shortenCell(text: string, max: number): string {
  return isPathLike(text) ? shortenPath(text, max) : truncate(text, max);
}

/**
 * One column of cells at most max characters each, so that different cells stay different: a path column whose
 * shortened forms collide (every Prisma migration is `…/migration.sql`) drops the directories all its paths share and a
 * file name they all share, keeping the part that differs (`…/20240101_add_index/…`).
 */
export function shortenColumn(column: string[], max: number): string[] {
  const cells = column.map(bounded);
  const out = cells.map((c) => shortenCell(c, max));
  const paths = cells.filter(isPathLike);
  if (paths.length < 2) return out;
  const originalOf = new Map<string, string>();
  let collides = false;
  for (const [i, shown] of out.entries()) {
    const was = originalOf.get(shown);
    if (was !== undefined && was !== cells[i]) collides = true;
    originalOf.set(shown, cells[i] ?? '');
  }
  if (!collides) return out;
  const split = paths.map((p) => p.split('/').slice(-MAX_SEGMENTS));
  const first = split[0] ?? [];
  let common = 0;
  while (common < first.length - 1 && split.every((p) => p.length - 1 > common && p[common] === first[common])) common += 1;
  const lead = common > 0 ? '…/' : '';
  const rests = split.map((p) => p.slice(common));
  // one form for the whole column, so rows read alike: the differing part with the shared file name, else without it
  const withBase = rests.every((r) => [...`${lead}${r.join('/')}`].length <= max);
  const dropBase = !withBase && split.every((p) => p.at(-1) === first.at(-1)) && rests.every((r) => r.length > 1);
  return cells.map((c, i) => {
    if (!isPathLike(c) || [...c].length <= max) return out[i] ?? c;
    const parts = c.split('/').slice(-MAX_SEGMENTS).slice(common);
    return truncate(dropBase ? `${lead}${parts.slice(0, -1).join('/')}/…` : `${lead}${parts.join('/')}`, max);
  });
}

/**
 * Evidence as `key: value; key: value`, one line, at most max characters. Keys and the values that name what was matched
 * (rule, check, variable, logged field) are never cut: other values are shortened longest first, then entries at the
 * end are left out (`; …`), then values are shortened further, so no name is cut in the middle.
 */
export function evidenceSummary(evidence: Record<string, unknown>, max = 200): string {
  // evidence objects are small; a bound keeps the fitting loop cheap on a hostile saved report
  const entries = Object.entries(evidence ?? {})
    .slice(0, 40)
    .map(([key, v]) => {
      // a name is one token (a rule id, a variable); a `line` holding source text is evidence like any other
      const pinned = NAME_KEYS.has(key) && (isNameValue(v) || (Array.isArray(v) && v.length > 0 && v.length <= 5 && v.every(isNameValue)));
      // a full commit id reads as well in git's short form
      const text = typeof v === 'string' && /^[0-9a-f]{40}$/.test(v) ? v.slice(0, 10) : oneLine(valueText(v));
      return { key: truncate(oneLine(key), MAX_NAME), text: truncate(text, pinned ? MAX_NAME : 120), pinned, path: PATH_KEYS.test(key), low: LOW_KEYS.test(key), omitted: false };
    });
  // an entry left out shows as `…` where it stood
  const render = () => {
    const parts: string[] = [];
    for (const e of entries) {
      const part = e.omitted ? '…' : `${e.key}: ${e.text}`;
      if (!(part === '…' && parts.at(-1) === '…')) parts.push(part);
    }
    return parts.join('; ');
  };
  const over = () => [...render()].length - max;
  const shorten = (floor: number) => {
    for (let excess = over(); excess > 0; excess = over()) {
      const longest = entries.filter((e) => !e.pinned && !e.omitted && [...e.text].length > floor).sort((a, b) => [...b.text].length - [...a.text].length)[0];
      if (!longest) return;
      const to = Math.max(floor, [...longest.text].length - excess);
      longest.text = longest.path ? shortenPath(longest.text, to) : truncate(longest.text, to);
    }
  };
  const leaveOut = (pinned: boolean) => {
    while (over() > 0) {
      // context first (dates, authors, snippets), then from the end
      const candidates = (low: boolean) => entries.findLastIndex((e) => e.pinned === pinned && !e.omitted && e.low === low);
      const at = candidates(true) >= 0 ? candidates(true) : candidates(false);
      if (at < 0 || entries.filter((e) => !e.omitted).length <= 1) return;
      (entries[at] as (typeof entries)[number]).omitted = true;
    }
  };
  shorten(SOFT_VALUE);
  leaveOut(false);
  shorten(MIN_VALUE);
  leaveOut(true);
  const text = render();
  return truncate(oneLine(text), max);
}

export interface NotRunGroup {
  status: 'skipped' | 'error';
  reason: string;
  ids: string[];
}

/** Skipped and error checks grouped by reason; "not implemented yet" kept separate so it can be one line. */
export function notRunGroups(checks: CheckResult[]): { groups: NotRunGroup[]; notImplemented: string[] } {
  const groups = new Map<string, NotRunGroup>();
  const notImplemented: string[] = [];
  for (const c of checks) {
    if (c.status !== 'skipped' && c.status !== 'error') continue;
    const reason = c.reason ?? c.status;
    if (c.status === 'skipped' && reason === NOT_IMPLEMENTED) {
      notImplemented.push(c.id);
      continue;
    }
    const key = `${c.status}\0${reason}`;
    const g = groups.get(key) ?? { status: c.status, reason, ids: [] };
    g.ids.push(c.id);
    groups.set(key, g);
  }
  // Errors first: a collector that failed is worth more attention than a stage left out.
  const list = [...groups.values()].sort((a, b) => (a.status === b.status ? b.ids.length - a.ids.length : a.status === 'error' ? -1 : 1));
  return { groups: list, notImplemented };
}

export function checkCounts(checks: CheckResult[]): Record<CheckResult['status'], number> {
  const out: Record<CheckResult['status'], number> = { passed: 0, failed: 0, 'not-applicable': 0, error: 0, skipped: 0 };
  for (const c of checks) out[c.status] += 1;
  return out;
}

/** Inventory tables from report.inventory, ignoring anything that is not table-shaped. */
export function inventoryTables(report: Report): { key: string; table: InventoryTable }[] {
  const out: { key: string; table: InventoryTable }[] = [];
  for (const [key, value] of Object.entries(report.inventory ?? {})) {
    if (!value || typeof value !== 'object') continue;
    const t = value as Partial<InventoryTable>;
    if (!Array.isArray(t.columns) || !Array.isArray(t.rows)) continue;
    out.push({
      key,
      table: {
        title: typeof t.title === 'string' ? t.title : key,
        columns: t.columns.map((c) => String(c)),
        rows: t.rows.filter(Array.isArray).map((r) => r.map((cell) => (cell === null || cell === undefined ? '' : String(cell)))),
        omitted: typeof t.omitted === 'number' ? t.omitted : 0,
      },
    });
  }
  return out;
}

/**
 * Why an inventory table has no rows, said the same way by every format (a bare header row read as a rendering bug):
 * for dependencies the lockfile check tells whether there was nothing to lock or no lockfile to read.
 */
export function emptyInventoryNote(report: Report, key: string): string {
  const base = key.replace(/-\d+$/, '');
  if (base === 'dependencies') {
    const noLock = report.findings.filter((f) => f.id === 'deps.no-lockfile').map((f) => f.target);
    if (noLock.length > 0)
      return `No locked packages to list: ${noLock.slice(0, 3).join(', ')}${noLock.length > 3 ? ` (+${noLock.length - 3})` : ''} ${noLock.length === 1 ? 'has' : 'have'} no lockfile (deps.no-lockfile).`;
    const check = report.checks.find((c) => c.id === 'deps.no-lockfile');
    if (check?.status === 'not-applicable' && check.reason) return `No locked packages to list: ${oneLine(check.reason)}.`;
    return 'No locked packages found in the lockfiles.';
  }
  if (base === 'migrations') return 'No migration statements found.';
  if (base === 'envVars') return 'No environment variable is read or documented in the repository.';
  return 'Nothing found.';
}

export type RouteVerdict = 'ok' | 'over budget' | 'errors' | 'refused';

/**
 * p95 against the route's budget. A route that refused the probe (404, 401 to nearly every request) is `refused`, not
 * `errors`: the target turned the requests away (path, method, credentials), nothing about its capacity was measured.
 */
export function routeVerdict(r: { p95Ms: number; budgetMs: number; errorsPct: number; refusal?: unknown }): RouteVerdict {
  if (isRefused(r)) return 'refused';
  if (r.errorsPct >= 1) return 'errors';
  return r.p95Ms <= r.budgetMs ? 'ok' : 'over budget';
}

/** Whether the route refused the load probe (a saved report read back may hold anything there). */
export function isRefused(r: { refusal?: unknown }): boolean {
  return typeof r.refusal === 'object' && r.refusal !== null;
}

/**
 * The fix order numbers blockers and high findings together, so the blocker list alone can start at 2 or skip
 * numbers; say where the missing places are instead of leaving "2. 3." unexplained.
 */
export function fixOrderGapNote(report: Report): string | null {
  const shown = new Set(report.blockers.map((b) => b.fixOrder));
  const last = Math.max(0, ...shown);
  const missing: number[] = [];
  for (let n = 1; n < last; n++) if (!shown.has(n)) missing.push(n);
  if (missing.length === 0) return null;
  const list =
    missing.length > 5
      ? `${missing
          .slice(0, 5)
          .map((n) => `#${n}`)
          .join(', ')}…`
      : missing.map((n) => `#${n}`).join(', ');
  return `Numbers are places in one fix order of blockers and high findings: ${list} ${missing.length === 1 ? 'is a high finding' : 'are high findings'}, marked "fix #" in the risks below.`;
}

export function blockerAfterText(after: number[]): string {
  return after.length > 0 ? `after ${after.join(', ')}` : '';
}

function ms(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  return value >= 100 ? `${Math.round(value)}` : `${Math.round(value * 10) / 10}`;
}

/** Columns of the performance table, the same in every human format. */
export const PERF_COLUMNS = ['route', 'kind', 'budget', 'p50', 'p95', 'p99', 'errors', 'breaks at', 'q/req', 'verdict'] as const;

export function routeLabel(r: RouteMetrics): string {
  return `${r.method} ${r.path}${r.source === 'production' ? ' (production)' : ''}`;
}

/** One row of the performance table as text cells (latencies in ms, rates in req/s). */
export function perfCells(r: RouteMetrics): string[] {
  return [
    routeLabel(r),
    r.kind,
    ms(r.budgetMs),
    ms(r.p50Ms),
    ms(r.p95Ms),
    ms(r.p99Ms),
    `${Math.round(r.errorsPct * 10) / 10}%`,
    r.breakingRps === null ? '–' : `${r.breakingRps}`,
    r.queriesPerRequest === null ? '–' : `${r.queriesPerRequest}`,
    routeVerdict(r),
  ];
}

/** p95 change against the baseline report: "+12 ms (+8%)", "-3 ms", or "new" when the route was not there. */
export function changeText(r: RouteMetrics, baselineLoaded: boolean): string {
  if (isRefused(r)) return '–';
  if (!r.change) return baselineLoaded ? 'new' : '–';
  const sign = r.change.p95DeltaMs > 0 ? '+' : '';
  const pct = r.change.p95DeltaPct === null ? '' : ` (${r.change.p95DeltaPct > 0 ? '+' : ''}${r.change.p95DeltaPct}%)`;
  return `${sign}${ms(r.change.p95DeltaMs)} ms${pct}`;
}

/** Whether any route carries a baseline change (then the tables show a p95 change column). */
export function hasRouteChanges(report: Report): boolean {
  return report.metrics.routes.some((r) => r.change !== undefined);
}

export function bottlenecksOf(report: Report): Bottleneck[] {
  return Array.isArray(report.metrics.bottlenecks) ? report.metrics.bottlenecks.slice(0, 3) : [];
}

/** The performance section and top 3 as plain text lines (machine formats carry it as a note). */
export function performanceText(report: Report): string[] {
  const lines: string[] = [];
  const list = bottlenecksOf(report);
  if (list.length > 0) {
    lines.push(`Top ${list.length} bottleneck${list.length === 1 ? '' : 's'}:`);
    for (const [i, b] of list.entries()) lines.push(`  ${i + 1}. ${b.route}: ${b.cause}`, `     fix: ${b.fix}`);
  }
  if (report.metrics.routes.length > 0) {
    lines.push('Performance baseline (ms; breaks at req/s):', `  ${PERF_COLUMNS.join(' | ')}`);
    for (const r of report.metrics.routes.slice(0, 500)) lines.push(`  ${perfCells(r).join(' | ')}${r.change ? ` | p95 change ${changeText(r, true)}` : ''}`);
  }
  return lines;
}

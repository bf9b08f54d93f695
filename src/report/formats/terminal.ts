// Terminal report: REPORT.md's sections in order, fitted to the terminal width, coloured by severity when allowed.
import type { DomainMapEntry, Finding, Report, Severity } from '../../types.js';
import {
  blockerAfterText,
  bottlenecksOf,
  changeText,
  checkCounts,
  emptyInventoryNote,
  evidenceSummary,
  fixOrderGapNote,
  hasRouteChanges,
  inventoryTables,
  notRunGroups,
  oneLine,
  PERF_COLUMNS,
  perfCells,
  plural,
  riskGroups,
  summaryLine,
  truncate,
  verdictOf,
} from './common.js';
import type { RenderOptions } from './index.js';
import { table, textWidth, wrap } from './text-layout.js';

/** Fixed findings named under the baseline line; the html and json reports list them all. */
const MAX_FIXED_LISTED = 10;
const SEVERITY_COLOUR: Record<Severity, string> = { blocker: '1;31', high: '31', medium: '33', low: '36', info: '2' };
const BAR_MARK: Record<string, string> = { pass: '✓', fail: '✗', unknown: '?' };
const BAR_COLOUR: Record<string, string> = { pass: '32', fail: '31', unknown: '33' };
const MAX_TERMINAL_ROWS = 200;
/** From this width the performance section is one table row per route. */
const WIDE_TABLE = 100;

export function renderTerminal(report: Report, options: RenderOptions): string {
  const width = Math.max(40, Math.min(Number.isFinite(options.width) ? Math.floor(options.width) : 80, 400));
  const paint = (code: string, text: string) => (options.color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const out: string[] = [];
  const heading = (text: string) => {
    out.push('');
    out.push(paint('1', truncate(oneLine(text).toUpperCase(), width)));
  };
  const para = (text: string, first = '', rest = first) => out.push(...wrap(text, width, first, rest));

  // 1. Verdict
  const verdict = verdictOf(report);
  const vColour = verdict.kind === 'ready' ? '1;32' : verdict.kind === 'not-ready' ? '1;31' : '1;33';
  for (const line of wrap(verdict.headline, width)) out.push(paint(vColour, line));
  if (verdict.unreachable) for (const line of wrap(verdict.unreachable, width)) out.push(paint('1;31', line));
  para(verdict.detail);
  const cc = checkCounts(report.checks);
  para(`${cc.passed} checks passed, ${cc.failed} failed, ${cc['not-applicable']} not applicable, ${cc.skipped} skipped, ${cc.error} could not run`);
  // `fixed` is present whenever --baseline was applied: "0 new" is the answer a CI re-run is looking for
  if (report.fixed) {
    const fresh = report.findings.filter((f) => f.baseline === 'new').length;
    para(`Against the baseline: ${fresh} new, ${report.findings.length - fresh} known, ${report.fixed.length} fixed`);
    const shown = report.fixed.slice(0, MAX_FIXED_LISTED).map((f) => `${f.id} at ${f.target}`);
    const more = report.fixed.length > shown.length ? `; … and ${report.fixed.length - shown.length} more (see the html or json report)` : '';
    if (shown.length > 0) para(`fixed: ${shown.join('; ')}${more}`, '  ', '         ');
  }

  // 2. Minimum bar
  heading('Minimum bar');
  const rowName = Math.max(...report.minimumBar.map((r) => r.row.length), 4);
  for (const row of report.minimumBar) {
    const label = `  ${BAR_MARK[row.status] ?? '?'} ${row.row.padEnd(rowName)}  ${row.status.padEnd(7)}  `;
    const detail = row.status === 'fail' ? row.findings.join(', ') : row.status === 'unknown' ? (row.missing ?? 'did not run') : '';
    const lines = wrap(detail || ' ', width, label, ' '.repeat(textWidth(label)));
    const first = lines[0] ?? label;
    out.push((paint(BAR_COLOUR[row.status] ?? '0', first.slice(0, label.length).trimEnd()) + first.slice(label.trimEnd().length)).trimEnd());
    out.push(...lines.slice(1));
  }

  // 3. Blockers in fix order
  const byFingerprint = new Map(report.findings.map((f) => [f.fingerprint, f]));
  if (report.blockers.length > 0) {
    heading(`Blockers, in fix order (${report.blockers.length})`);
    const gapNote = fixOrderGapNote(report);
    if (gapNote) para(gapNote, '  ');
    for (const b of [...report.blockers].sort((a, z) => a.fixOrder - z.fixOrder)) {
      const f = byFingerprint.get(b.fingerprint);
      const num = `${b.fixOrder}. `.padStart(5);
      const after = blockerAfterText(b.after);
      const titleLines = wrap(`${f?.title ?? b.id}${after ? ` (${after})` : ''}`, width, num, ' '.repeat(num.length));
      out.push(paint(SEVERITY_COLOUR.blocker, titleLines[0] ?? num), ...titleLines.slice(1));
      const pad = ' '.repeat(num.length);
      para(`where: ${f?.target ?? '?'} · owner: ${b.owner ?? 'unassigned'} · ${b.id}`, pad);
      if (f) para(`fix: ${f.fix}`, pad, `${pad}     `);
    }
  }

  // 3b. Top bottlenecks (part of the summary: the three worst routes, cause and fix)
  renderBottlenecks(report, out, width, heading, para, paint);

  // 4. Risk list by roadmap stage
  const groups = riskGroups(report.findings);
  if (groups.length > 0) {
    heading('Risks by stage, most impact first');
    let shown = 0;
    const total = groups.reduce((n, g) => n + g.findings.length, 0);
    for (const g of groups) {
      if (shown >= MAX_TERMINAL_ROWS) break;
      out.push('');
      out.push(paint('1', truncate(`${g.name} (${g.findings.length})`, width)));
      for (const f of g.findings) {
        if (shown++ >= MAX_TERMINAL_ROWS) break;
        renderFinding(f);
      }
    }
    if (total > MAX_TERMINAL_ROWS) para(`… and ${total - MAX_TERMINAL_ROWS} more findings: see the html or json report.`, '  ');
  }
  const infos = report.findings.filter((f) => f.severity === 'info').length;
  if (infos > 0) para(`${plural(infos, 'info finding')} not listed here (see the html or json report).`, '  ');

  function renderFinding(f: Finding): void {
    const tag = `${f.severity.toUpperCase()}`.padEnd(8);
    const fresh = f.baseline === 'new' ? ' [new]' : '';
    const lines = wrap(`${f.title}${fresh}`, width, `  ${tag}`, ' '.repeat(10));
    const first = lines[0] ?? '';
    out.push(`  ${paint(SEVERITY_COLOUR[f.severity], tag.trimEnd())}${first.slice(2 + tag.trimEnd().length)}`, ...lines.slice(1));
    const pad = ' '.repeat(10);
    para(`where: ${f.target} · ${f.id}${f.owner ? ` · owner: ${f.owner}` : ''}${f.fixOrder > 0 ? ` · fix #${f.fixOrder}` : ''}`, pad, `${pad}  `);
    const seen = evidenceSummary(f.evidence, Math.max(60, (width - 15) * 2));
    if (seen) para(`saw: ${seen}`, pad, `${pad}     `);
    para(`fix: ${f.fix}`, pad, `${pad}     `);
  }

  // 5. Domain map as an indented tree
  if (report.domainMap.length > 0) {
    heading('Domain map');
    for (const entry of report.domainMap) renderHost(entry);
  }

  function renderHost(entry: DomainMapEntry): void {
    const addresses = entry.addresses.length > 0 ? entry.addresses.join(', ') : 'no address';
    const cname = entry.cname ? ` (CNAME ${entry.cname})` : '';
    para(`${entry.host}${entry.role ? ` [${entry.role}]` : ''} → ${addresses}${cname}`, '', '    ');
    if (entry.canonicalRule) para(`rule: ${entry.canonicalRule}`, '    ', '          ');
    entry.variants.forEach((v, i) => {
      const last = i === entry.variants.length - 1;
      const branch = last ? '└─ ' : '├─ ';
      const cont = last ? '   ' : '│  ';
      const hops = v.hops.map((h) => (h.status === null ? 'failed' : String(h.status))).join(' → ');
      const failure = v.error ?? v.hops.find((h) => h.error)?.error ?? null;
      const end = failure ? ` ✗ ${failure}` : v.final && v.final !== v.url ? ` → ${v.final}` : '';
      para(`${v.url}  ${hops || '–'}${end}`, `  ${branch}`, `  ${cont}   `);
      if (v.tls) {
        const t = v.tls;
        const days = t.daysLeft === null ? 'expiry unknown' : t.daysLeft < 0 ? `expired ${-t.daysLeft} days ago` : `expires in ${t.daysLeft} days`;
        const trust = t.authorized === false ? ` · untrusted${t.error ? ` (${t.error})` : ''}` : '';
        para(`TLS: ${t.issuer ?? 'unknown issuer'} · ${days} · ${t.protocols.join(', ') || 'no protocol'}${trust}`, `  ${cont}   `);
      }
    });
  }

  // 6. Performance baseline
  if (report.metrics.routes.length > 0) {
    heading('Performance baseline');
    out.push(...performanceTable(report, width));
  }

  // 7. Inventory tables
  for (const { key, table: t } of inventoryTables(report)) {
    heading(t.title);
    const rows = t.rows.slice(0, MAX_TERMINAL_ROWS);
    if (t.rows.length === 0 && !t.omitted) {
      para(emptyInventoryNote(report, key), '  ');
      continue;
    }
    out.push(...table(t.columns, rows, width, { indent: '  ' }));
    const more = t.rows.length - rows.length + (t.omitted ?? 0);
    if (more > 0) para(`… and ${more} more rows (see the json report)`, '  ');
  }

  // 8. What did not run
  const { groups: notRun, notImplemented } = notRunGroups(report.checks);
  if (notRun.length > 0 || notImplemented.length > 0) {
    heading('What did not run');
    for (const g of notRun) {
      const label = g.status === 'error' ? 'could not run' : 'skipped';
      para(`${label} (${g.ids.length}): ${g.reason}`, '  ', '    ');
      para(g.ids.join(', '), '    ');
    }
    if (notImplemented.length > 0) para(`${plural(notImplemented.length, 'check')} not implemented yet`, '  ', '    ');
  }

  out.push('');
  // The CI summary stays one line even past the width: log scrapers read it whole.
  out.push(oneLine(summaryLine(report, options.htmlPath ?? null)));
  return `${out.join('\n')}\n`;
}

/** The route table: latencies in ms, "breaks at" the offered rate (req/s) where p95 or errors broke, queries per request. */
function performanceTable(report: Report, width: number): string[] {
  const lines = wrap(
    'Latency in ms (p95 corrected for coordinated omission); "breaks at": the request rate where p95 passed the budget or errors passed 1%; q/req: queries per request.',
    width,
    '  ',
    '  ',
  );
  const changes = hasRouteChanges(report);
  const routes = report.metrics.routes.slice(0, MAX_TERMINAL_ROWS);
  if (width < WIDE_TABLE) {
    // Narrow terminals: two lines per route, so the route name is never cut to make room for ten columns.
    for (const r of routes) {
      const [route, kind, budget, p50, p95, p99, errors, breaks, qpr, verdict] = perfCells(r);
      lines.push(...wrap(`${route} · ${kind} · budget ${budget} ms · ${verdict}`, width, '  ', '      '));
      const numbers = [`p50 ${p50}`, `p95 ${p95}`, `p99 ${p99} ms`, `errors ${errors}`, `breaks at ${breaks === '–' ? '–' : `${breaks} req/s`}`, `q/req ${qpr}`];
      if (changes) numbers.push(`p95 change ${changeText(r, true)}`);
      lines.push(...wrap(numbers.join(' · '), width, '      ', '      '));
    }
    return lines;
  }
  const columns: string[] = [...PERF_COLUMNS, ...(changes ? ['p95 change'] : [])];
  const rows = routes.map((r) => [...perfCells(r), ...(changes ? [changeText(r, true)] : [])]);
  lines.push(...table(columns, rows, width, { indent: '  ', right: [2, 3, 4, 5, 6, 7, 8] }));
  return lines;
}

function renderBottlenecks(
  report: Report,
  out: string[],
  width: number,
  heading: (t: string) => void,
  para: (text: string, first?: string, rest?: string) => void,
  paint: (code: string, text: string) => string,
): void {
  const list = bottlenecksOf(report);
  if (list.length === 0) return;
  heading(`Top ${list.length} bottleneck${list.length === 1 ? '' : 's'}`);
  list.forEach((b, i) => {
    const num = `${i + 1}. `.padStart(5);
    const lines = wrap(`${b.route}: ${b.cause}`, width, num, ' '.repeat(num.length));
    out.push(paint(b.severity ? (SEVERITY_COLOUR[b.severity] ?? '0') : '0', lines[0] ?? num), ...lines.slice(1));
    const pad = ' '.repeat(num.length);
    if (b.detail) para(`saw: ${b.detail}`, pad, `${pad}     `);
    para(`fix: ${b.fix}`, pad, `${pad}     `);
  });
}

/**
 * `launchready load`'s terminal output: the route table, the top 3, the performance findings, what did not run, and
 * the one-line summary last. `header` says how the routes were probed.
 */
export function renderLoadTerminal(report: Report, options: RenderOptions, header: string[]): string {
  const width = Math.max(40, Math.min(Number.isFinite(options.width) ? Math.floor(options.width) : 80, 400));
  const paint = (code: string, text: string) => (options.color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const out: string[] = [];
  const heading = (text: string) => {
    out.push('');
    out.push(paint('1', truncate(oneLine(text).toUpperCase(), width)));
  };
  const para = (text: string, first = '', rest = first) => out.push(...wrap(text, width, first, rest));
  for (const line of header) para(line);
  if (report.metrics.routes.length > 0) {
    heading('Performance baseline');
    out.push(...performanceTable(report, width));
  } else {
    para('No route was measured.', '  ');
  }
  // what production evidence was read (load --access-log/--traces/--har), as in the audit report
  const evidence = inventoryTables(report).find((t) => t.key === 'evidence' && t.table.rows.length > 0);
  if (evidence) {
    heading(evidence.table.title);
    out.push(...table(evidence.table.columns, evidence.table.rows.slice(0, MAX_TERMINAL_ROWS), width, { indent: '  ' }));
  }
  renderBottlenecks(report, out, width, heading, para, paint);
  const perf = report.findings.filter((f) => f.stage === 4);
  if (perf.length > 0) {
    heading(`Findings (${perf.length})`);
    for (const f of [...perf].sort((a, b) => a.impactRank - b.impactRank)) {
      const tag = f.severity.toUpperCase().padEnd(8);
      const lines = wrap(`${f.title}${f.baseline === 'new' ? ' [new]' : ''}`, width, `  ${tag}`, ' '.repeat(10));
      out.push(`  ${paint(SEVERITY_COLOUR[f.severity], tag.trimEnd())}${(lines[0] ?? '').slice(2 + tag.trimEnd().length)}`, ...lines.slice(1));
      para(`${f.id} · fix: ${f.fix}`, ' '.repeat(10), ' '.repeat(12));
    }
  }
  const notRun = report.checks.filter(
    (c) => (c.status === 'skipped' || c.status === 'error') && (c.id.startsWith('perf.') || c.id.startsWith('db.')) && c.reason !== 'not implemented yet',
  );
  const reasons = new Map<string, string[]>();
  for (const c of notRun) reasons.set(`${c.status}: ${c.reason ?? ''}`, [...(reasons.get(`${c.status}: ${c.reason ?? ''}`) ?? []), c.id]);
  if (reasons.size > 0) {
    heading('Did not run');
    for (const [reason, ids] of reasons) para(`${ids.join(', ')}: ${reason}`, '  ', '    ');
  }
  out.push('', summaryLine(report, options.htmlPath ?? null));
  return `${out.join('\n')}\n`;
}

// Markdown report for a pull-request comment: the same sections, compact, GitHub tables, long parts folded,
// and under ~60,000 characters (GitHub's comment limit is 65,536) by cutting lists with a count.
import type { DomainMapEntry, Finding, Report } from '../../types.js';
import {
  blockerAfterText,
  bottlenecksOf,
  changeText,
  checkCounts,
  clean,
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
  shortenColumn,
  summaryLine,
  truncate,
  verdictOf,
} from './common.js';
import type { RenderOptions } from './index.js';

export const MARKDOWN_LIMIT = 60_000;
const SEVERITY_ICON: Record<string, string> = { blocker: '⛔', high: '🔴', medium: '🟠', low: '🔵', info: '⚪' };
const BAR_ICON: Record<string, string> = { pass: '✅', fail: '❌', unknown: '❔' };

/** Text that cannot become markup, a link, a mention or a table break. */
export function mdText(value: unknown, max = 500): string {
  const text = truncate(
    clean(String(value ?? ''))
      .replace(/\s+/g, ' ')
      .trim(),
    max,
  );
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '&#124;')
    .replace(/@/g, '&#64;')
    .replace(/([\\`*_[\]~])/g, '\\$1');
}

/** Inline code that survives backticks inside the value. */
export function mdCode(value: unknown, max = 300): string {
  const text = truncate(
    clean(String(value ?? ''))
      .replace(/\s+/g, ' ')
      .trim(),
    max,
  ).replace(/\|/g, '¦');
  if (!text) return '';
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

interface Limits {
  findings: number;
  rows: number;
  evidence: number;
}

export function renderMarkdown(report: Report, options: RenderOptions): string {
  // Shrink the lists until the comment fits; every cut says how much was left out.
  const tries: Limits[] = [
    { findings: 500, rows: 100, evidence: 300 },
    { findings: 150, rows: 50, evidence: 200 },
    { findings: 60, rows: 25, evidence: 150 },
    { findings: 25, rows: 10, evidence: 100 },
    { findings: 10, rows: 5, evidence: 60 },
  ];
  let text = '';
  for (const limits of tries) {
    text = render(report, options, limits);
    if (text.length <= MARKDOWN_LIMIT) return text;
  }
  const note = '\n\n_Report cut to fit a comment: see the html or json report for everything._\n';
  return `${text.slice(0, MARKDOWN_LIMIT - note.length - 200)}${note}`;
}

function render(report: Report, options: RenderOptions, limits: Limits): string {
  const out: string[] = [];
  const verdict = verdictOf(report);
  const icon = verdict.kind === 'ready' ? '✅' : verdict.kind === 'not-ready' ? '⛔' : '⚠️';
  out.push(`## ${icon} ${mdText(verdict.headline)}`, '');
  if (verdict.unreachable) out.push(`**${mdText(verdict.unreachable)}**`, '');
  out.push(mdText(verdict.detail), '');
  const cc = checkCounts(report.checks);
  out.push(`${cc.passed} checks passed · ${cc.failed} failed · ${cc['not-applicable']} not applicable · ${cc.skipped} skipped · ${cc.error} could not run`, '');
  // `fixed` is present whenever --baseline was applied: "0 new" is the answer a CI re-run is looking for
  if (report.fixed) {
    const fresh = report.findings.filter((f) => f.baseline === 'new').length;
    out.push(`Against the baseline: **${fresh} new**, ${report.findings.length - fresh} known, ${report.fixed.length} fixed.`, '');
    if (report.fixed.length > 0) {
      out.push(`<details><summary>Fixed since the baseline (${report.fixed.length})</summary>`, '');
      for (const f of report.fixed.slice(0, limits.rows)) out.push(`- ${mdCode(f.id)} at ${mdCode(f.target, 160)}`);
      if (report.fixed.length > limits.rows) out.push(`- …and ${report.fixed.length - limits.rows} more.`);
      out.push('', '</details>', '');
    }
  }

  out.push('### Minimum bar', '', '| row | status | why |', '|---|---|---|');
  for (const row of report.minimumBar) {
    const why = row.status === 'fail' ? row.findings.map((id) => mdCode(id)).join(', ') : row.status === 'unknown' ? mdText(row.missing ?? 'did not run') : '';
    out.push(`| ${row.row} | ${BAR_ICON[row.status] ?? ''} ${row.status} | ${why} |`);
  }
  out.push('');

  const byFingerprint = new Map(report.findings.map((f) => [f.fingerprint, f]));
  if (report.blockers.length > 0) {
    const gapNote = fixOrderGapNote(report);
    out.push(
      `### Blockers, in fix order (${report.blockers.length})`,
      '',
      ...(gapNote ? [mdText(gapNote), ''] : []),
      '| # | what | where | owner | fix | after |',
      '|---:|---|---|---|---|---|',
    );
    const blockers = [...report.blockers].sort((a, b) => a.fixOrder - b.fixOrder);
    for (const b of blockers.slice(0, limits.findings)) {
      const f = byFingerprint.get(b.fingerprint);
      out.push(
        `| ${b.fixOrder} | ${mdText(f?.title ?? b.id, 200)} (${mdCode(b.id)}) | ${mdCode(f?.target ?? '', 120)} | ${mdText(b.owner ?? '–')} | ${mdText(f?.fix ?? '', limits.evidence)} | ${blockerAfterText(b.after)} |`,
      );
    }
    if (blockers.length > limits.findings) out.push('', `…and ${blockers.length - limits.findings} more blockers.`);
    out.push('');
  }

  const bottlenecks = bottlenecksOf(report);
  if (bottlenecks.length > 0) {
    out.push(`### Top ${bottlenecks.length} bottleneck${bottlenecks.length === 1 ? '' : 's'}`, '', '| # | route | cause | fix |', '|---:|---|---|---|');
    for (const [i, b] of bottlenecks.entries()) out.push(`| ${i + 1} | ${mdCode(b.route, 120)} | ${mdText(b.cause, 200)} | ${mdText(b.fix, limits.evidence)} |`);
    out.push('');
  }

  const groups = riskGroups(report.findings);
  if (groups.length > 0) {
    out.push('### Risks by stage, most impact first', '');
    let budget = limits.findings;
    for (const g of groups) {
      const shown = g.findings.slice(0, Math.max(0, budget));
      budget -= shown.length;
      const open = g.findings.some((f) => f.severity === 'blocker' || f.severity === 'high') ? ' open' : '';
      out.push(`<details${open}><summary><b>${mdText(g.name)}</b> (${g.findings.length})</summary>`, '');
      for (const f of shown) out.push(...findingItem(f, limits));
      if (g.findings.length > shown.length) out.push(`- …and ${g.findings.length - shown.length} more in this stage.`);
      out.push('', '</details>', '');
    }
  }
  const infos = report.findings.filter((f) => f.severity === 'info').length;
  if (infos > 0) out.push(`${plural(infos, 'info finding')} not listed (see the html or json report).`, '');

  if (report.domainMap.length > 0) {
    out.push('<details><summary><b>Domain map</b></summary>', '');
    for (const entry of report.domainMap.slice(0, limits.rows)) out.push(...hostItem(entry));
    if (report.domainMap.length > limits.rows) out.push(`- …and ${report.domainMap.length - limits.rows} more hosts.`);
    out.push('', '</details>', '');
  }

  if (report.metrics.routes.length > 0) {
    const changes = hasRouteChanges(report);
    const columns = [...PERF_COLUMNS, ...(changes ? ['p95 change'] : [])];
    out.push(
      '### Performance baseline',
      '',
      'Latency in ms (p95 corrected for coordinated omission); _breaks at_: the request rate (req/s) where p95 passed the budget or errors passed 1%; _q/req_: queries per request.',
      '',
      `| ${columns.join(' | ')} |`,
      `|---|---|${columns
        .slice(2)
        .map((c) => (c === 'verdict' || c === 'p95 change' ? '---' : '---:'))
        .join('|')}|`,
    );
    for (const r of report.metrics.routes.slice(0, limits.rows)) {
      const [route, ...cells] = perfCells(r);
      out.push(`| ${mdCode(route ?? '', 120)} | ${cells.map((c) => mdText(c, 60)).join(' | ')}${changes ? ` | ${mdText(changeText(r, true))}` : ''} |`);
    }
    if (report.metrics.routes.length > limits.rows) out.push('', `…and ${report.metrics.routes.length - limits.rows} more routes.`);
    out.push('');
  }

  for (const { key, table } of inventoryTables(report)) {
    const rows = table.rows.slice(0, limits.rows);
    out.push(`<details><summary><b>${mdText(table.title, 100)}</b> (${table.rows.length + (table.omitted ?? 0)})</summary>`, '');
    if (table.rows.length === 0 && !table.omitted) {
      out.push(mdText(emptyInventoryNote(report, key), 400), '', '</details>', '');
      continue;
    }
    out.push(`| ${table.columns.map((c) => mdText(c, 60)).join(' | ')} |`, `|${table.columns.map(() => '---').join('|')}|`);
    // cut a column at a time, so long paths keep the part that tells rows apart (not one shared `prisma/migratio…`)
    const shown = table.columns.map((_, i) =>
      shortenColumn(
        rows.map((r) => oneLine(r[i] ?? '')),
        120,
      ),
    );
    for (const [r] of rows.entries()) out.push(`| ${table.columns.map((_, i) => mdText(shown[i]?.[r] ?? '', 120)).join(' | ')} |`);
    const more = table.rows.length - rows.length + (table.omitted ?? 0);
    if (more > 0) out.push('', `…and ${more} more rows.`);
    out.push('', '</details>', '');
  }

  const { groups: notRun, notImplemented } = notRunGroups(report.checks);
  if (notRun.length > 0 || notImplemented.length > 0) {
    out.push('### What did not run', '');
    for (const g of notRun) {
      const ids = g.ids.slice(0, limits.rows).map((id) => mdCode(id));
      const more = g.ids.length > limits.rows ? ` …and ${g.ids.length - limits.rows} more` : '';
      out.push(`- **${g.status === 'error' ? 'could not run' : 'skipped'}** (${g.ids.length}): ${mdText(g.reason, 300)}: ${ids.join(', ')}${more}`);
    }
    if (notImplemented.length > 0) out.push(`- ${plural(notImplemented.length, 'check')} not implemented yet`);
    out.push('');
  }

  out.push('---', '', mdCode(summaryLine(report, options.htmlPath ?? null), 400), '');
  return out.join('\n');
}

function findingItem(f: Finding, limits: Limits): string[] {
  const fresh = f.baseline === 'new' ? ' 🆕' : '';
  const lines = [
    `- ${SEVERITY_ICON[f.severity] ?? ''} **${f.severity}** ${mdText(f.title, 200)}${fresh} — ${mdCode(f.target, 160)} (${mdCode(f.id)}${f.owner ? `, owner ${mdText(f.owner, 60)}` : ''}${f.fixOrder > 0 ? `, fix #${f.fixOrder}` : ''})`,
  ];
  const seen = evidenceSummary(f.evidence, limits.evidence);
  if (seen) lines.push(`  - saw: ${mdCode(seen, limits.evidence)}`);
  lines.push(`  - fix: ${mdCode(f.fix, limits.evidence + 100)}`);
  return lines;
}

function hostItem(entry: DomainMapEntry): string[] {
  const addresses = entry.addresses.length > 0 ? entry.addresses.map((a) => mdCode(a, 60)).join(', ') : 'no address';
  const lines = [`- **${mdText(entry.host, 200)}**${entry.role ? ` (${mdText(entry.role, 120)})` : ''} → ${addresses}${entry.cname ? ` · CNAME ${mdCode(entry.cname, 200)}` : ''}`];
  if (entry.canonicalRule) lines.push(`  - rule: ${mdText(entry.canonicalRule, 300)}`);
  for (const v of entry.variants.slice(0, 12)) {
    const hops = v.hops.map((h) => (h.status === null ? 'failed' : String(h.status))).join(' → ') || '–';
    const failure = v.error ?? v.hops.find((h) => h.error)?.error ?? null;
    const end = failure ? ` ✗ ${mdText(failure, 160)}` : v.final && v.final !== v.url ? ` → ${mdCode(v.final, 200)}` : '';
    lines.push(`  - ${mdCode(v.url, 200)} ${hops}${end}`);
    if (v.tls) {
      const t = v.tls;
      const days = t.daysLeft === null ? 'expiry unknown' : t.daysLeft < 0 ? `expired ${-t.daysLeft} days ago` : `expires in ${t.daysLeft} days`;
      lines.push(
        `    - TLS: ${mdText(t.issuer ?? 'unknown issuer', 120)} · ${days} · ${mdText(t.protocols.join(', ') || 'no protocol', 80)}${t.authorized === false ? ' · **untrusted**' : ''}`,
      );
    }
  }
  return lines;
}

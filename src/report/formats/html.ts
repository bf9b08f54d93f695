// One self-contained html report: inline CSS, a small inline script (filters), inline SVG charts, nothing fetched.
// Every interpolated string goes through esc(): evidence is data a hostile server sent us.
import { createHash } from 'node:crypto';
import type { DomainMapEntry, DomainMapVariant, Finding, Report, RouteMetrics } from '../../types.js';
import { SEVERITIES } from '../../types.js';
import {
  blockerAfterText,
  bottlenecksOf,
  changeText,
  checkCounts,
  clean,
  emptyInventoryNote,
  formatDuration,
  hasRouteChanges,
  inventoryTables,
  isRefused,
  notRunGroups,
  perfCells,
  plural,
  routeLabel,
  routeVerdict,
  severityCounts,
  stageName,
  summaryLine,
  truncate,
  verdictOf,
} from './common.js';
import type { RenderOptions } from './index.js';

const MAX_FINDINGS = 2000;
const MAX_ROWS = 500;
const MAX_EVIDENCE_CHARS = 4000;

/** Escape for text and attribute values alike. */
export function esc(value: unknown): string {
  return clean(String(value ?? '')).replace(/[&<>"'`]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A finding's element id is its fingerprint, so `report.html#<fingerprint>` links from json/sarif/junit. */
export function findingAnchor(fingerprint: string): string {
  return fingerprint.replace(/[^A-Za-z0-9_-]/g, '_') || 'finding';
}

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

export function renderHtml(report: Report, options: RenderOptions): string {
  const verdict = verdictOf(report);
  const counts = severityCounts(report);
  const title = `launchready: ${verdict.headline}${report.target.canonical ? ` · ${report.target.canonical}` : ''}`;
  const body = [
    header(),
    '<main class="wrap">',
    verdictSection(),
    barSection(report),
    blockersSection(report),
    bottlenecksSection(report),
    risksSection(report),
    domainSection(report.domainMap),
    performanceSection(report),
    inventorySection(report),
    notRunSection(report),
    '</main>',
    `<footer class="wrap"><code>${esc(summaryLine(report, options.htmlPath ?? null))}</code><span>launchready ${esc(report.tool.version)} · started ${esc(report.startedAt)}</span></footer>`,
  ].join('\n');
  // Only our own style and script may run: a hash-pinned CSP makes any markup that slipped through inert.
  const csp = `default-src 'none'; style-src ${sha256(CSS)}; script-src ${sha256(SCRIPT)}; img-src data:; base-uri 'none'; form-action 'none'`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${esc(csp)}">
<meta name="referrer" content="no-referrer">
<meta name="generator" content="launchready ${esc(report.tool.version)}">
<title>${esc(title)}</title>
<style>${CSS}</style>
</head>
<body>
${body}
<script>${SCRIPT}</script>
</body>
</html>
`;

  function header(): string {
    const links: [string, string, boolean][] = [
      ['bar', 'Minimum bar', true],
      ['blockers', 'Blockers', report.blockers.length > 0],
      ['bottlenecks', 'Bottlenecks', bottlenecksOf(report).length > 0],
      ['risks', 'Risks', report.findings.length > 0],
      ['domains', 'Domain map', report.domainMap.length > 0],
      ['performance', 'Performance', report.metrics.routes.length > 0],
      ['inventory', 'Inventory', inventoryTables(report).length > 0],
      ['not-run', 'Did not run', true],
    ];
    const nav = links
      .filter(([, , show]) => show)
      .map(([id, label]) => `<a href="#${id}">${esc(label)}</a>`)
      .join('');
    return `<header class="top"><div class="wrap"><span class="brand">launchready</span><nav aria-label="Sections">${nav}</nav></div></header>`;
  }

  function verdictSection(): string {
    const chips = SEVERITIES.map((s) => `<span class="chip sev-${s}"><b>${counts[s]}</b> ${s}</span>`).join('');
    const cc = checkCounts(report.checks);
    const baseline =
      // `fixed` is present whenever --baseline was applied, also when nothing was fixed
      report.fixed
        ? `<p class="muted">Against the baseline: <b>${report.findings.filter((f) => f.baseline === 'new').length} new</b>, ${report.findings.filter((f) => f.baseline === 'known').length} known, ${report.fixed.length} fixed.</p>${
            report.fixed.length > 0
              ? `
<details class="fixed"><summary>Fixed since the baseline (${report.fixed.length})</summary><ul>${report.fixed
                  .slice(0, MAX_ROWS)
                  .map((f) => `<li><code>${esc(f.id)}</code> at <code>${esc(f.target)}</code></li>`)
                  .join('')}</ul></details>`
              : ''
          }`
        : '';
    return `<section id="verdict" class="verdict v-${verdict.kind}" aria-label="Verdict">
<div class="grade" title="grade"><span>${esc(report.grade)}</span><small>${esc(report.score)}/100</small></div>
<div class="verdict-text">
<h1>${esc(verdict.headline)}</h1>
${verdict.unreachable ? `<p class="unreachable"><b>${esc(verdict.unreachable)}</b></p>\n` : ''}<p class="detail">Grade <b>${esc(report.grade)}</b> · score ${esc(report.score)}/100 · target <code>${esc(report.target.canonical ?? report.target.domain ?? report.target.repo ?? 'none')}</code> · ran in ${esc(formatDuration(report.durationMs))}</p>
<p class="chips">${chips}</p>
<p class="muted">${cc.passed} checks passed · ${cc.failed} failed · ${cc['not-applicable']} not applicable · ${cc.skipped} skipped · ${cc.error} could not run</p>
${baseline}
</div>
</section>`;
  }
}

const BAR_LABELS: Record<string, string> = {
  domain: 'Domain',
  ssl: 'SSL / HTTPS',
  deployments: 'Deployments',
  secrets: 'Secrets',
  caching: 'Caching',
  monitoring: 'Monitoring',
  email: 'Email',
};

function barSection(report: Report): string {
  const rows = report.minimumBar
    .map((row) => {
      const detail =
        row.status === 'fail'
          ? row.findings.map((id) => `<code>${esc(id)}</code>`).join(' ')
          : row.status === 'unknown'
            ? esc(row.missing ?? 'did not run')
            : '<span class="muted">all checks passed</span>';
      return `<li class="bar-card bar-${esc(row.status)}"><b>${esc(BAR_LABELS[row.row] ?? row.row)}</b><span class="pill pill-${esc(row.status)}">${esc(row.status)}</span><span class="bar-detail">${detail}</span></li>`;
    })
    .join('\n');
  const passed = report.minimumBar.filter((r) => r.status === 'pass').length;
  return `<section id="bar"><h2>Minimum bar <span class="count">${passed} of ${report.minimumBar.length} pass</span></h2><ul class="bar-list">${rows}</ul></section>`;
}

function blockersSection(report: Report): string {
  if (report.blockers.length === 0) return `<section id="blockers"><h2>Blockers</h2><p class="empty">No blockers found.</p></section>`;
  const byFingerprint = new Map(report.findings.map((f) => [f.fingerprint, f]));
  const items = [...report.blockers]
    .sort((a, b) => a.fixOrder - b.fixOrder)
    .slice(0, MAX_FINDINGS)
    .map((b) => {
      const f = byFingerprint.get(b.fingerprint);
      const after = blockerAfterText(b.after);
      return `<li class="blocker"><span class="num">${esc(b.fixOrder)}</span><div>
<a class="what" href="#${esc(findingAnchor(b.fingerprint))}">${esc(f?.title ?? b.id)}</a>${after ? ` <span class="after">${esc(after)}</span>` : ''}
<p class="meta"><span>where <code>${esc(f?.target ?? '')}</code></span><span>owner <b>${esc(b.owner ?? 'unassigned')}</b></span><span><code>${esc(b.id)}</code></span></p>
${f ? `<p class="fix"><span>Fix</span><code>${esc(f.fix)}</code></p>` : ''}
</div></li>`;
    })
    .join('\n');
  return `<section id="blockers"><h2>Blockers, in fix order <span class="count">${report.blockers.length}</span></h2><ol class="blockers">${items}</ol></section>`;
}

function evidenceValue(value: unknown): string {
  if (value === null || value === undefined) return '<span class="muted">none</span>';
  if (typeof value === 'string') return `<code>${esc(truncate(value, MAX_EVIDENCE_CHARS))}</code>`;
  if (typeof value === 'number' || typeof value === 'boolean') return `<code>${esc(String(value))}</code>`;
  if (Array.isArray(value) && value.every((v) => v === null || ['string', 'number', 'boolean'].includes(typeof v))) {
    if (value.length === 0) return '<span class="muted">none</span>';
    return value
      .slice(0, 50)
      .map((v) => `<code>${esc(truncate(String(v), 500))}</code>`)
      .join(' ');
  }
  let json: string;
  try {
    json = JSON.stringify(value, null, 2) ?? String(value);
  } catch {
    json = String(value);
  }
  return `<pre>${esc(truncate(json, MAX_EVIDENCE_CHARS))}</pre>`;
}

function findingArticle(f: Finding): string {
  const evidence = Object.entries(f.evidence ?? {})
    .slice(0, 40)
    .map(([k, v]) => `<dt>${esc(k)}</dt><dd>${evidenceValue(v)}</dd>`)
    .join('');
  const anchor = findingAnchor(f.fingerprint);
  const badges = [f.baseline === 'new' ? '<span class="tag tag-new">new</span>' : '', f.baseline === 'known' ? '<span class="tag">known</span>' : ''].join('');
  return `<article class="finding sev-${esc(f.severity)}" id="${esc(anchor)}" data-severity="${esc(f.severity)}" data-stage="${esc(f.stage)}">
<div class="finding-head"><span class="sev sev-${esc(f.severity)}">${esc(f.severity)}</span><h4>${esc(f.title)}</h4>${badges}<a class="anchor" href="#${esc(anchor)}" title="Link to this finding">#</a></div>
<p class="meta"><span>where <code>${esc(f.target)}</code></span><span><code>${esc(f.id)}</code></span>${f.owner ? `<span>owner <b>${esc(f.owner)}</b></span>` : ''}${f.fixOrder > 0 ? `<span>fix #${esc(f.fixOrder)}</span>` : ''}<span>impact #${esc(f.impactRank)}</span></p>
${evidence ? `<details class="evidence"${f.severity === 'blocker' || f.severity === 'high' ? ' open' : ''}><summary>What it saw</summary><dl>${evidence}</dl></details>` : ''}
<p class="fix"><span>Fix</span><code>${esc(f.fix)}</code></p>
</article>`;
}

function risksSection(report: Report): string {
  if (report.findings.length === 0) return `<section id="risks"><h2>Risk list</h2><p class="empty">No findings.</p></section>`;
  const ordered = [...report.findings].sort((a, b) => a.impactRank - b.impactRank).slice(0, MAX_FINDINGS);
  // Info findings are in the page too (filter them in); the default view is the risk list, above info.
  const byStage = new Map<number, Finding[]>();
  for (const f of ordered) byStage.set(f.stage, [...(byStage.get(f.stage) ?? []), f]);
  const groups = [...byStage.entries()].sort(([a], [b]) => a - b).map(([stage, findings]) => ({ stage, name: stageName(stage), findings }));
  const stagesPresent = groups.map((g) => g.stage);
  const sevBoxes = SEVERITIES.map(
    (s) =>
      `<label class="sev-toggle sev-${s}"><input type="checkbox" name="sev" value="${s}"${s === 'info' ? '' : ' checked'}> ${s} <small>${report.findings.filter((f) => f.severity === s).length}</small></label>`,
  ).join('');
  const stageOptions = stagesPresent.map((s) => `<option value="${s}">${esc(stageName(s))}</option>`).join('');
  const sections = groups
    .map((g) => {
      const articles = g.findings.map(findingArticle).join('\n');
      return `<section class="stage-group" data-stage="${g.stage}"><h3>${esc(g.name)} <span class="count">${g.findings.length}</span></h3>\n${articles}\n</section>`;
    })
    .join('\n');
  const cut = report.findings.length > ordered.length ? `<p class="muted">…and ${report.findings.length - ordered.length} more findings in the json report.</p>` : '';
  return `<section id="risks"><h2>Risk list, most impact first</h2>
<form class="filters" id="filters" aria-label="Filter findings"><fieldset><legend>Severity</legend>${sevBoxes}</fieldset>
<label class="stage-select">Stage <select name="stage"><option value="all">All stages</option>${stageOptions}</select></label>
<output id="shown" aria-live="polite"></output></form>
${sections}
<p class="empty" id="none-shown" hidden>No finding matches these filters.</p>
${cut}
</section>`;
}

function hopClass(status: number | null): string {
  if (status === null) return 'hop-fail';
  if (status >= 500 || status >= 400) return 'hop-fail';
  if (status >= 300) return 'hop-redirect';
  return 'hop-ok';
}

function variantItem(v: DomainMapVariant): string {
  const hops = v.hops
    .slice(0, 12)
    .map((h) => `<span class="hop ${hopClass(h.status)}" title="${esc(h.url)}${h.location ? ` → ${esc(h.location)}` : ''}">${h.status === null ? 'failed' : esc(h.status)}</span>`)
    .join('<span class="arrow">→</span>');
  const failure = v.error ?? v.hops.find((h) => h.error)?.error ?? null;
  const staysOnHttp = !failure && v.url.startsWith('http://') && Boolean(v.final?.startsWith('http://'));
  const end = failure
    ? `<span class="bad">✗ ${esc(failure)}</span>`
    : staysOnHttp
      ? '<span class="bad">✗ stays on http</span>'
      : v.final && v.final !== v.url
        ? `<span class="arrow">⇒</span><code>${esc(v.final)}</code>`
        : v.final
          ? '<span class="note">final</span>'
          : '';
  let tls = '';
  if (v.tls) {
    const t = v.tls;
    const days = t.daysLeft === null ? 'expiry unknown' : t.daysLeft < 0 ? `expired ${-t.daysLeft} days ago` : `expires in ${t.daysLeft} days`;
    const cls = t.authorized === false || (t.daysLeft !== null && t.daysLeft < 14) ? 'tls tls-warn' : 'tls';
    tls = `<div class="${cls}"><b>TLS</b> ${esc(t.issuer ?? 'unknown issuer')} · ${esc(days)} · ${esc(t.protocols.join(', ') || 'no protocol')}${t.authorized === false ? ` · untrusted${t.error ? ` (${esc(t.error)})` : ''}` : ''}</div>`;
  }
  return `<li><div class="variant"><code>${esc(v.url)}</code>${hops ? `<span class="hops">${hops}</span>` : ''}${end}</div>${tls}</li>`;
}

function domainSection(map: DomainMapEntry[]): string {
  if (map.length === 0) return '';
  const hosts = map
    .slice(0, MAX_ROWS)
    .map((e) => {
      const addresses = e.addresses.length > 0 ? e.addresses.map((a) => `<code>${esc(a)}</code>`).join(' ') : '<span class="bad">no address</span>';
      const cname = e.cname ? `<span class="cname">CNAME <code>${esc(e.cname)}</code></span>` : '';
      const rule = e.canonicalRule ? `<p class="rule">${esc(e.canonicalRule)}</p>` : '';
      const variants = e.variants.length > 0 ? `<ul>${e.variants.slice(0, 20).map(variantItem).join('')}</ul>` : '';
      return `<li class="host"><div class="host-line"><b>${esc(e.host)}</b>${e.role ? `<span class="tag">${esc(e.role)}</span>` : ''}<span class="addr">${addresses}</span>${cname}</div>${rule}${variants}</li>`;
    })
    .join('\n');
  return `<section id="domains"><h2>Domain map</h2><p class="muted">Each host → its addresses → every URL variant's redirect hops (status codes) → where it ends, with the certificate seen.</p><ul class="tree">${hosts}</ul></section>`;
}

const num = (n: number) => (Math.abs(n) >= 100 ? String(Math.round(n)) : String(Math.round(n * 10) / 10));

function niceMax(value: number): number {
  if (!(value > 0) || !Number.isFinite(value)) return 1;
  const exp = 10 ** Math.floor(Math.log10(value));
  for (const m of [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (m * exp >= value) return m * exp;
  return 10 * exp;
}

function budgetChart(routes: RouteMetrics[]): string {
  const rows = routes.slice(0, 40);
  const labelW = 210;
  const chartW = 900;
  const rowH = 30;
  const top = 28;
  const plotW = chartW - labelW - 60;
  const max = niceMax(Math.max(...rows.map((r) => (isRefused(r) ? r.budgetMs : Math.max(r.p95Ms, r.budgetMs)))) * 1.05);
  const x = (v: number) => labelW + (Math.max(0, v) / max) * plotW;
  const height = top + rows.length * rowH + 26;
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((t) => t * max);
  const grid = ticks
    .map(
      (t) =>
        `<line x1="${x(t).toFixed(1)}" y1="${top - 6}" x2="${x(t).toFixed(1)}" y2="${height - 22}" class="grid"/><text x="${x(t).toFixed(1)}" y="${height - 8}" class="tick" text-anchor="middle">${num(t)}</text>`,
    )
    .join('');
  const bars = rows
    .map((r, i) => {
      const y = top + i * rowH;
      const over = r.p95Ms > r.budgetMs;
      const label = truncate(`${r.method} ${r.path}`, 24);
      // a refusal's latency is not the route's: no bar against the budget, red or green
      if (isRefused(r))
        return `<g><title>${esc(`${r.method} ${r.path}: refused, latency not measured`)}</title>
<text x="${labelW - 8}" y="${y + 15}" text-anchor="end" class="label">${esc(label)}</text>
<line x1="${x(r.budgetMs).toFixed(1)}" y1="${y}" x2="${x(r.budgetMs).toFixed(1)}" y2="${y + 24}" class="budget"/>
<text x="${labelW + 6}" y="${y + 16}" class="value">refused: not measured</text></g>`;
      return `<g><title>${esc(`${r.method} ${r.path}: p95 ${num(r.p95Ms)} ms, budget ${num(r.budgetMs)} ms`)}</title>
<text x="${labelW - 8}" y="${y + 15}" text-anchor="end" class="label">${esc(label)}</text>
<rect x="${labelW}" y="${y + 4}" width="${Math.max(1, x(r.p95Ms) - labelW).toFixed(1)}" height="16" rx="3" class="${over ? 'bar-over' : 'bar-ok'}"/>
<line x1="${x(r.budgetMs).toFixed(1)}" y1="${y}" x2="${x(r.budgetMs).toFixed(1)}" y2="${y + 24}" class="budget"/>
<text x="${(x(r.p95Ms) + 6).toFixed(1)}" y="${y + 16}" class="value">${num(r.p95Ms)} ms</text></g>`;
    })
    .join('\n');
  return `<figure class="chart wide"><svg viewBox="0 0 ${chartW} ${height}" role="img" aria-label="p95 latency against budget per route"><text x="${labelW}" y="14" class="axis-title">p95 latency (ms) — the dark mark is the route's budget</text>${grid}${bars}</svg></figure>`;
}

function curveChart(r: RouteMetrics): string {
  const points = (r.curve ?? []).filter((p) => Number.isFinite(p.rps) && Number.isFinite(p.p95Ms)).sort((a, b) => a.rps - b.rps);
  if (points.length < 2) return '';
  const w = 320;
  const h = 200;
  const left = 44;
  const right = 12;
  const top = 26;
  const bottom = 34;
  const maxX = niceMax(Math.max(...points.map((p) => p.rps), r.breakingRps ?? 0));
  const maxY = niceMax(Math.max(...points.map((p) => p.p95Ms), r.budgetMs) * 1.05);
  const x = (v: number) => left + (v / maxX) * (w - left - right);
  const y = (v: number) => h - bottom - (v / maxY) * (h - top - bottom);
  const ticks = [0, 0.5, 1];
  const axes = [
    ...ticks.map(
      (t) =>
        `<line x1="${left}" y1="${y(t * maxY).toFixed(1)}" x2="${w - right}" y2="${y(t * maxY).toFixed(1)}" class="grid"/><text x="${left - 4}" y="${(y(t * maxY) + 4).toFixed(1)}" text-anchor="end" class="tick">${num(t * maxY)}</text>`,
    ),
    ...ticks.map((t) => `<text x="${x(t * maxX).toFixed(1)}" y="${h - bottom + 14}" text-anchor="middle" class="tick">${num(t * maxX)}</text>`),
    `<text x="${(left + w - right) / 2}" y="${h - 4}" text-anchor="middle" class="axis-title">requests per second</text>`,
  ].join('');
  const line = points.map((p) => `${x(p.rps).toFixed(1)},${y(p.p95Ms).toFixed(1)}`).join(' ');
  const dots = points
    .map(
      (p) =>
        `<circle cx="${x(p.rps).toFixed(1)}" cy="${y(p.p95Ms).toFixed(1)}" r="3" class="${p.p95Ms > r.budgetMs || p.errorsPct > 0 ? 'dot-over' : 'dot-ok'}"><title>${esc(`${p.rps} rps: p95 ${num(p.p95Ms)} ms, ${p.errorsPct}% errors`)}</title></circle>`,
    )
    .join('');
  const budget = `<line x1="${left}" y1="${y(r.budgetMs).toFixed(1)}" x2="${w - right}" y2="${y(r.budgetMs).toFixed(1)}" class="budget-line"/><text x="${w - right}" y="${(y(r.budgetMs) - 4).toFixed(1)}" text-anchor="end" class="tick">budget ${num(r.budgetMs)}</text>`;
  const breaking =
    r.breakingRps !== null && r.breakingRps <= maxX
      ? `<line x1="${x(r.breakingRps).toFixed(1)}" y1="${top}" x2="${x(r.breakingRps).toFixed(1)}" y2="${h - bottom}" class="break-line"/><text x="${(x(r.breakingRps) - 3).toFixed(1)}" y="${top + 10}" text-anchor="end" class="tick">breaks ${num(r.breakingRps)}</text>`
      : '';
  return `<figure class="chart small"><svg viewBox="0 0 ${w} ${h}" role="img" aria-label="${esc(`p95 latency against request rate for ${r.method} ${r.path}`)}"><text x="${left}" y="14" class="axis-title strong">${esc(truncate(`${r.method} ${r.path}`, 40))} · p95 ms</text>${axes}${budget}${breaking}<polyline points="${line}" class="curve"/>${dots}</svg></figure>`;
}

/** Each route's latency percentiles (p50 … max) as horizontal steps on a log-free linear axis, budget marked. */
function distributionChart(r: RouteMetrics): string {
  const points = (r.distribution ?? []).filter((p) => Number.isFinite(p.ms) && Number.isFinite(p.percentile)).slice(0, 12);
  if (points.length < 2) return '';
  const w = 320;
  const left = 56;
  const right = 40;
  const top = 24;
  const rowH = 18;
  const h = top + points.length * rowH + 24;
  const maxX = niceMax(Math.max(...points.map((p) => p.ms), r.budgetMs) * 1.05);
  const x = (v: number) => left + (Math.max(0, v) / maxX) * (w - left - right);
  const bars = points
    .map((p, i) => {
      const y = top + i * rowH;
      const label = p.percentile >= 100 ? 'max' : `p${p.percentile}`;
      return `<g><title>${esc(`${label}: ${num(p.ms)} ms`)}</title><text x="${left - 6}" y="${y + 12}" text-anchor="end" class="tick">${esc(label)}</text><rect x="${left}" y="${y + 3}" width="${Math.max(1, x(p.ms) - left).toFixed(1)}" height="11" rx="2" class="${p.ms > r.budgetMs ? 'bar-over' : 'bar-ok'}"/><text x="${(x(p.ms) + 4).toFixed(1)}" y="${y + 12}" class="tick">${esc(num(p.ms))}</text></g>`;
    })
    .join('');
  const budget = `<line x1="${x(r.budgetMs).toFixed(1)}" y1="${top - 2}" x2="${x(r.budgetMs).toFixed(1)}" y2="${h - 20}" class="budget-line"/><text x="${x(r.budgetMs).toFixed(1)}" y="${h - 6}" text-anchor="middle" class="tick">budget ${esc(num(r.budgetMs))} ms</text>`;
  return `<figure class="chart small dist"><svg viewBox="0 0 ${w} ${h}" role="img" aria-label="${esc(`latency percentiles for ${r.method} ${r.path}`)}"><text x="${left}" y="14" class="axis-title strong">${esc(truncate(`${r.method} ${r.path}`, 40))} · percentiles, ms</text>${budget}${bars}</svg></figure>`;
}

function bottlenecksSection(report: Report): string {
  const list = bottlenecksOf(report);
  if (list.length === 0) return '';
  const items = list
    .map(
      (b, i) => `<li class="blocker bottleneck"><span class="num">${i + 1}</span><div>
<p class="what"><code>${esc(b.route)}</code> · <b>${esc(b.cause)}</b>${b.severity ? ` <span class="pill sev-${esc(b.severity)}">${esc(b.severity)}</span>` : ''}</p>
${b.detail ? `<p class="meta">${esc(b.detail)}</p>` : ''}
<p class="fix"><span>Fix</span><code>${esc(b.fix)}</code></p>
</div></li>`,
    )
    .join('\n');
  return `<section id="bottlenecks"><h2>Top ${list.length} bottleneck${list.length === 1 ? '' : 's'}</h2><ol class="blockers">${items}</ol></section>`;
}

function performanceSection(report: Report): string {
  const routes = report.metrics.routes;
  if (routes.length === 0) return '';
  const changes = hasRouteChanges(report);
  const rows = routes
    .slice(0, MAX_ROWS)
    .map((r) => {
      const v = routeVerdict(r);
      const [, kind, budget, p50, p95, p99, errors, breaks, qpr] = perfCells(r).map(esc);
      const pill = v === 'ok' ? 'pill-pass' : v === 'refused' ? 'pill-unknown' : 'pill-fail';
      return `<tr data-source="${esc(r.source ?? 'load')}"><td><code>${esc(routeLabel(r))}</code></td><td>${kind}</td><td class="n">${budget}</td><td class="n">${p50}</td><td class="n">${p95}</td><td class="n">${p99}</td><td class="n">${errors}</td><td class="n">${breaks}</td><td class="n">${qpr}</td><td><span class="pill ${pill}">${esc(v)}</span></td>${changes ? `<td class="n">${esc(changeText(r, true))}</td>` : ''}<td class="n">${esc(r.rps)}</td></tr>`;
    })
    .join('\n');
  // a refused route's curve and percentiles are the refusal's, drawn against the budget they would read as a verdict
  const charted = routes.filter((r) => !isRefused(r)).slice(0, 24);
  const curves = charted.map(curveChart).filter(Boolean).join('\n');
  const dists = charted.map(distributionChart).filter(Boolean).join('\n');
  return `<section id="performance"><h2>Performance baseline</h2>
<p class="muted">Latency in ms, measured from each request's scheduled send time (corrected for coordinated omission; a pause of launchready's own process is left out). "Breaks at" is the request rate where p95 passed the budget or errors passed 1%.</p>
${budgetChart(routes)}
${curves ? `<h3>Latency against request rate</h3><div class="curves">${curves}</div>` : ''}
${dists ? `<h3>Latency distribution</h3><div class="curves dists">${dists}</div>` : ''}
<div class="table-wrap"><table><thead><tr><th>route</th><th>kind</th><th class="n">budget ms</th><th class="n">p50 ms</th><th class="n">p95 ms</th><th class="n">p99 ms</th><th class="n">errors</th><th class="n">breaks at rps</th><th class="n">queries/req</th><th>verdict</th>${changes ? '<th class="n">p95 change</th>' : ''}<th class="n">rps</th></tr></thead><tbody>${rows}</tbody></table></div>
</section>`;
}

function inventorySection(report: Report): string {
  const tables = inventoryTables(report);
  if (tables.length === 0) return '';
  const html = tables
    .map(({ key, table }) => {
      const rows = table.rows.slice(0, MAX_ROWS);
      const more = table.rows.length - rows.length + (table.omitted ?? 0);
      const head = `<h3 id="inventory-${esc(key.replace(/[^A-Za-z0-9_-]/g, '_'))}">${esc(table.title)} <span class="count">${table.rows.length + (table.omitted ?? 0)}</span></h3>`;
      if (table.rows.length === 0 && !table.omitted) return `${head}\n<p class="muted">${esc(emptyInventoryNote(report, key))}</p>`;
      return `${head}
<div class="table-wrap"><table><thead><tr>${table.columns.map((c) => `<th>${esc(c)}</th>`).join('')}</tr></thead><tbody>${rows
        .map((r) => `<tr>${table.columns.map((_, i) => `<td>${esc(r[i] ?? '')}</td>`).join('')}</tr>`)
        .join('')}</tbody></table></div>${more > 0 ? `<p class="muted">…and ${more} more rows in the json report.</p>` : ''}`;
    })
    .join('\n');
  return `<section id="inventory"><h2>Inventory</h2>${html}</section>`;
}

function notRunSection(report: Report): string {
  const { groups, notImplemented } = notRunGroups(report.checks);
  if (groups.length === 0 && notImplemented.length === 0)
    return `<section id="not-run"><h2>What did not run</h2><p class="empty">Every check ran (${report.checks.length}).</p></section>`;
  const items = groups
    .map(
      (g) =>
        `<li class="${g.status === 'error' ? 'nr-error' : 'nr-skipped'}"><span class="pill ${g.status === 'error' ? 'pill-fail' : 'pill-unknown'}">${g.status === 'error' ? 'could not run' : 'skipped'}</span> <b>${esc(g.reason)}</b> <span class="muted">(${plural(g.ids.length, 'check')})</span><div class="ids">${g.ids.map((id) => `<code>${esc(id)}</code>`).join(' ')}</div></li>`,
    )
    .join('\n');
  const ni =
    notImplemented.length > 0 ? `<li class="nr-skipped"><span class="pill pill-unknown">skipped</span> ${plural(notImplemented.length, 'check')} not implemented yet</li>` : '';
  return `<section id="not-run"><h2>What did not run</h2><p class="muted">A check that did not run never counts as passed.</p><ul class="not-run">${items}${ni}</ul></section>`;
}

const CSS = `
:root{--fg:#1f2933;--muted:#5f6b7a;--bg:#f6f7f9;--card:#fff;--line:#e1e5ea;--blocker:#a1121b;--high:#d3361f;--medium:#b8650a;--low:#1f62b8;--info:#66707d;--ok:#17803d;--warn:#b8650a;--accent:#243b53}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--fg);background:var(--bg)}
[hidden]{display:none!important}
.wrap{max-width:1120px;margin:0 auto;padding:0 20px}
code,pre{font:13px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;overflow-wrap:anywhere;word-break:break-word}
code{background:#eef1f5;border-radius:4px;padding:1px 5px}
pre{white-space:pre-wrap;background:#eef1f5;border-radius:6px;padding:8px 10px;margin:0;max-height:24em;overflow:auto}
a{color:#1f5fa8}
.top{background:var(--accent);color:#fff;position:sticky;top:0;z-index:2}
.top .wrap{display:flex;gap:18px;align-items:center;min-height:46px;flex-wrap:wrap}
.brand{font-weight:700;letter-spacing:.02em}
.top nav{display:flex;gap:4px 14px;flex-wrap:wrap;font-size:14px}
.top nav a{color:#d9e2ec;text-decoration:none}
.top nav a:hover{color:#fff;text-decoration:underline}
main section{margin:26px 0}
h1{font-size:26px;line-height:1.2;margin:0 0 6px}
h2{font-size:20px;margin:0 0 12px;padding-bottom:6px;border-bottom:1px solid var(--line)}
h3{font-size:16px;margin:18px 0 10px}
h4{font-size:15px;margin:0;flex:1 1 auto;min-width:0;overflow-wrap:anywhere}
.count{display:inline-block;min-width:22px;padding:0 7px;border-radius:11px;background:#e4e8ee;color:var(--muted);font-size:12px;text-align:center;vertical-align:middle}
.muted{color:var(--muted)}
.empty{color:var(--muted);font-style:italic}
.verdict{display:flex;gap:20px;align-items:flex-start;background:var(--card);border:1px solid var(--line);border-left:8px solid var(--info);border-radius:10px;padding:20px 22px;margin-top:22px}
.v-not-ready{border-left-color:var(--blocker)}
.v-ready{border-left-color:var(--ok)}
.v-unknown,.v-bar-fail{border-left-color:var(--warn)}
.v-not-ready h1{color:var(--blocker)}
.v-ready h1{color:var(--ok)}
.v-unknown h1,.v-bar-fail h1{color:var(--warn)}
.grade{flex:0 0 auto;width:84px;height:84px;border-radius:12px;background:var(--accent);color:#fff;display:flex;flex-direction:column;align-items:center;justify-content:center}
.grade span{font-size:34px;font-weight:800;line-height:1}
.grade small{font-size:12px;opacity:.85;margin-top:4px}
.verdict-text{min-width:0}
.verdict p{margin:4px 0}
.chips{display:flex;flex-wrap:wrap;gap:6px;margin:10px 0!important}
.chip{border-radius:14px;padding:2px 10px;font-size:13px;background:#eef1f5;border:1px solid var(--line)}
.chip.sev-blocker b{color:var(--blocker)}.chip.sev-high b{color:var(--high)}.chip.sev-medium b{color:var(--medium)}.chip.sev-low b{color:var(--low)}.chip.sev-info b{color:var(--info)}
.bar-list{list-style:none;margin:0;padding:0;background:var(--card);border:1px solid var(--line);border-radius:8px;overflow:hidden}
.bar-card{display:grid;grid-template-columns:150px 96px 1fr;gap:10px;align-items:center;padding:9px 14px;border-bottom:1px solid var(--line);border-left:5px solid var(--info)}
.bar-card:last-child{border-bottom:0}
.bar-pass{border-left-color:var(--ok)}.bar-fail{border-left-color:var(--blocker)}.bar-unknown{border-left-color:var(--warn)}
.bar-card .pill{justify-self:start}
.bar-detail{display:flex;flex-wrap:wrap;gap:4px;font-size:13px;color:var(--muted);min-width:0;overflow-wrap:anywhere}
.pill{display:inline-block;border-radius:10px;padding:0 8px;font-size:12px;font-weight:600;text-transform:uppercase;letter-spacing:.03em;white-space:nowrap}
.pill-pass{background:#dcf3e3;color:var(--ok)}.pill-fail{background:#fbe0e0;color:var(--blocker)}.pill-unknown{background:#fcefd9;color:#8a4b05}
.blockers{list-style:none;padding:0;margin:0;display:grid;gap:10px}
.blocker{display:flex;gap:14px;background:var(--card);border:1px solid var(--line);border-left:5px solid var(--blocker);border-radius:8px;padding:12px 14px}
.blocker>div{min-width:0;flex:1}
.num{flex:0 0 auto;width:30px;height:30px;border-radius:50%;background:var(--blocker);color:#fff;font-weight:700;display:flex;align-items:center;justify-content:center}
.what{font-weight:650;color:var(--fg);text-decoration:none;overflow-wrap:anywhere}
.what:hover{text-decoration:underline}
.after{font-size:12px;background:#fcefd9;color:#8a4b05;border-radius:10px;padding:1px 8px;white-space:nowrap}
.meta{display:flex;flex-wrap:wrap;gap:4px 14px;font-size:13px;color:var(--muted);margin:6px 0}
.meta span{min-width:0;overflow-wrap:anywhere}
.fix{display:flex;gap:8px;align-items:baseline;margin:8px 0 0;font-size:14px}
.fix>span{flex:0 0 auto;font-size:11px;font-weight:700;text-transform:uppercase;letter-spacing:.05em;color:var(--ok)}
.fix code{background:#eaf6ee}
.filters{display:flex;flex-wrap:wrap;gap:10px 18px;align-items:center;background:var(--card);border:1px solid var(--line);border-radius:8px;padding:10px 12px;margin-bottom:14px;position:sticky;top:46px;z-index:1}
.filters fieldset{border:0;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:6px;align-items:center}
.filters legend{float:left;margin-right:6px;font-size:13px;color:var(--muted)}
.sev-toggle{display:inline-flex;align-items:center;gap:4px;border:1px solid var(--line);border-radius:14px;padding:2px 10px 2px 6px;font-size:13px;cursor:pointer;user-select:none}
.sev-toggle small{color:var(--muted)}
.stage-select{font-size:13px;color:var(--muted)}
.stage-select select{font:inherit;color:var(--fg);margin-left:4px;max-width:60vw}
#shown{font-size:13px;color:var(--muted);margin-left:auto}
.finding{background:var(--card);border:1px solid var(--line);border-left:5px solid var(--info);border-radius:8px;padding:12px 14px;margin:0 0 10px;scroll-margin-top:120px}
.finding:target{box-shadow:0 0 0 3px #9cc3f5}
.finding.sev-blocker{border-left-color:var(--blocker)}.finding.sev-high{border-left-color:var(--high)}.finding.sev-medium{border-left-color:var(--medium)}.finding.sev-low{border-left-color:var(--low)}
.finding-head{display:flex;gap:10px;align-items:baseline}
.sev{flex:0 0 auto;font-size:11px;font-weight:700;text-transform:uppercase;letter-spacing:.05em;color:#fff;background:var(--info);border-radius:4px;padding:1px 6px}
.sev.sev-blocker{background:var(--blocker)}.sev.sev-high{background:var(--high)}.sev.sev-medium{background:var(--medium)}.sev.sev-low{background:var(--low)}
.tag{font-size:11px;border:1px solid var(--line);border-radius:10px;padding:0 7px;color:var(--muted);white-space:nowrap}
.tag-new{border-color:#9cc3f5;color:#1f5fa8}
.anchor{color:var(--muted);text-decoration:none;font-weight:700}
.evidence summary,.fixed summary{cursor:pointer;font-size:13px;color:var(--muted)}
.fixed ul{margin:4px 0;padding-left:18px;font-size:13px}
.evidence dl{display:grid;grid-template-columns:minmax(90px,max-content) 1fr;gap:4px 12px;margin:8px 0 0;font-size:13px}
.evidence dt{color:var(--muted);overflow-wrap:anywhere}
.evidence dd{margin:0;min-width:0}
.tree,.tree ul{list-style:none;margin:0;padding:0}
.tree>li{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:10px 14px;margin-bottom:10px}
.tree ul{margin:6px 0 0 8px;border-left:2px solid var(--line)}
.tree ul li{position:relative;padding:4px 0 4px 18px}
.tree ul li::before{content:"";position:absolute;left:0;top:15px;width:12px;border-top:2px solid var(--line)}
.host-line{display:flex;flex-wrap:wrap;gap:6px 10px;align-items:center}
.addr{display:flex;flex-wrap:wrap;gap:4px}
.cname{font-size:13px;color:var(--muted)}
.rule{margin:4px 0 0;font-size:13px;color:var(--ok)}
.variant{display:flex;flex-wrap:wrap;gap:4px 8px;align-items:center}
.hops{display:inline-flex;flex-wrap:wrap;gap:3px;align-items:center}
.hop{font:12px ui-monospace,Menlo,Consolas,monospace;border-radius:4px;padding:0 5px;color:#fff}
.hop-ok{background:var(--ok)}.hop-redirect{background:#3f6fb5}.hop-fail{background:var(--blocker)}
.arrow{color:var(--muted)}
.note{color:var(--muted);font-size:13px}
.bad{color:var(--blocker);font-size:13px;overflow-wrap:anywhere}
.tls{font-size:13px;color:var(--muted);margin:2px 0 0 2px}
.tls-warn{color:#8a4b05}
.chart{margin:0 0 14px;background:var(--card);border:1px solid var(--line);border-radius:8px;padding:10px}
.chart svg{width:100%;height:auto;display:block;margin:0 auto}
.chart.wide svg{max-width:900px}
.curves{display:grid;grid-template-columns:repeat(auto-fill,minmax(280px,1fr));gap:10px}
.curves .chart{margin:0}
svg text{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;fill:var(--fg)}
svg .label{font-size:14px}svg .value{font-size:12px;fill:var(--muted)}svg .tick{font-size:10.5px;fill:var(--muted)}svg .axis-title{font-size:11px;fill:var(--muted)}svg .strong{fill:var(--fg);font-weight:600}
svg .grid{stroke:#edf0f3;stroke-width:1}
svg .bar-ok{fill:#3fa865}svg .bar-over{fill:#d3361f}
svg .budget{stroke:#1f2933;stroke-width:2.5}
svg .budget-line{stroke:#1f2933;stroke-width:1.5;stroke-dasharray:5 4}
svg .break-line{stroke:#d3361f;stroke-width:1.5;stroke-dasharray:2 3}
svg .curve{fill:none;stroke:#1f5fa8;stroke-width:2}
svg .dot-ok{fill:#1f5fa8}svg .dot-over{fill:#d3361f}
.table-wrap{overflow-x:auto;background:var(--card);border:1px solid var(--line);border-radius:8px;margin-bottom:12px}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{text-align:left;padding:6px 10px;border-bottom:1px solid var(--line);vertical-align:top;overflow-wrap:anywhere}
th{background:#f0f3f6;font-weight:600;white-space:nowrap}
td.n,th.n{text-align:right;white-space:nowrap}
tr:last-child td{border-bottom:0}
.not-run{list-style:none;padding:0;margin:0;display:grid;gap:8px}
.not-run li{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:10px 12px;overflow-wrap:anywhere}
.ids{margin-top:6px;display:flex;flex-wrap:wrap;gap:4px}
footer{display:flex;flex-wrap:wrap;justify-content:space-between;gap:8px;padding-top:14px!important;padding-bottom:30px!important;border-top:1px solid var(--line);color:var(--muted);font-size:13px}
@media (max-width:640px){
body{font-size:14px}.wrap{padding:0 12px}h1{font-size:21px}
.bar-card{grid-template-columns:1fr auto}.bar-detail{grid-column:1/-1}
.verdict{flex-direction:column;gap:12px;padding:14px}
.grade{width:64px;height:64px}.grade span{font-size:26px}
.top{position:static}.filters{position:static}#shown{margin-left:0}
.evidence dl{grid-template-columns:1fr}.evidence dt{font-weight:600}
.finding-head{flex-wrap:wrap}
}
@media print{
body{background:#fff;font-size:12px}.top,.filters,.anchor{display:none!important}
.wrap{max-width:none;padding:0}
.finding[hidden],.stage-group[hidden]{display:block!important}
#none-shown{display:none!important}
.finding,.blocker,.bar-list,.chart,.tree>li,.not-run li{break-inside:avoid;box-shadow:none}
a{color:inherit;text-decoration:none}
.verdict{border-width:1px 1px 1px 8px}
}
`.trim();

const SCRIPT = `
(function () {
  var form = document.getElementById('filters');
  if (!form) return;
  var shown = document.getElementById('shown');
  var none = document.getElementById('none-shown');
  function apply() {
    var sev = {};
    form.querySelectorAll('input[name=sev]').forEach(function (i) { sev[i.value] = i.checked; });
    var stage = form.querySelector('select[name=stage]').value;
    var n = 0, total = 0;
    document.querySelectorAll('.finding').forEach(function (f) {
      total++;
      var ok = sev[f.getAttribute('data-severity')] && (stage === 'all' || f.getAttribute('data-stage') === stage);
      f.hidden = !ok;
      if (ok) n++;
    });
    document.querySelectorAll('.stage-group').forEach(function (g) { g.hidden = !g.querySelector('.finding:not([hidden])'); });
    shown.textContent = 'Showing ' + n + ' of ' + total + ' findings';
    none.hidden = n > 0;
  }
  function reveal() {
    var id = decodeURIComponent(location.hash.slice(1));
    var el = id && document.getElementById(id);
    if (el && el.classList.contains('finding') && el.hidden) {
      form.querySelectorAll('input[name=sev]').forEach(function (i) { if (i.value === el.getAttribute('data-severity')) i.checked = true; });
      form.querySelector('select[name=stage]').value = 'all';
      apply();
      el.scrollIntoView();
    }
  }
  form.addEventListener('change', apply);
  form.addEventListener('submit', function (e) { e.preventDefault(); });
  window.addEventListener('hashchange', reveal);
  window.addEventListener('beforeprint', function () { document.querySelectorAll('details').forEach(function (d) { d.open = true; }); });
  apply();
  reveal();
})();
`.trim();

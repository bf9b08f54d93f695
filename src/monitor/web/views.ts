// Server-rendered pages of the dashboard and the public status page. Every interpolated value goes through esc():
// monitor names, targets and errors come from config and from probed servers, so they are hostile text. No inline
// script or style (the CSP forbids both): the look is /assets/monitor/dashboard.css, the refresh dashboard.js.
import type { Incident, StoredResult, Uptime } from '../store/store.js';
import { type MonitorSummary, RANGES, type RangeName, type TrendPoint, WINDOW_NAMES } from './data.js';

const ASSET_CSS = '/assets/monitor/dashboard.css';
const ASSET_JS = '/assets/monitor/dashboard.js';

/** Escape for text and attribute values alike; C0/C1 controls and bidi overrides dropped. */
function esc(value: unknown): string {
  return String(value ?? '')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '')
    .replace(/[&<>"'`]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A path segment for a monitor name. */
const monitorHref = (name: string) => `/monitors/${encodeURIComponent(name)}`;

const pad = (n: number) => String(n).padStart(2, '0');
function formatTime(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} UTC`;
}

function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${s % 60}s`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h ${m % 60}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}

const time = (ms: number | null, now: number) =>
  ms === null
    ? '<span class="muted">never</span>'
    : `<time datetime="${esc(new Date(ms).toISOString())}" title="${esc(formatTime(ms))}">${esc(formatDuration(now - ms))} ago</time>`;

const percent = (u: Pick<Uptime, 'ratio'> | null) => (u === null || u.ratio === null ? '<span class="muted">–</span>' : esc(`${(u.ratio * 100).toFixed(u.ratio === 1 ? 0 : 2)}%`));

const milliseconds = (v: number | null) => (v === null ? '<span class="muted">–</span>' : esc(`${v < 10 ? v.toFixed(1) : Math.round(v)} ms`));

const STATE_LABEL = { up: 'up', down: 'down', failing: 'failing', unknown: 'no data' } as const;
const stateBadge = (state: MonitorSummary['state']) => `<span class="badge state-${state}">${STATE_LABEL[state]}</span>`;

function certCell(expiresAt: number | null, now: number): string {
  if (expiresAt === null) return '<span class="muted">–</span>';
  const days = (expiresAt - now) / 86_400_000;
  const cls = days < 0 ? 'cert-expired' : days < 14 ? 'cert-soon' : 'cert-ok';
  const label = days < 0 ? 'expired' : `${Math.floor(days)} d`;
  return `<span class="${cls}" title="${esc(formatTime(expiresAt))}">${esc(formatTime(expiresAt).slice(0, 10))} (${label})</span>`;
}

export interface PageOptions {
  title: string;
  refreshSeconds: number;
  /** Logged-in pages: the CSRF value for the logout form. */
  csrf?: string;
  nav?: 'dashboard' | 'status' | 'login';
}

function layout(body: string, options: PageOptions): string {
  const nav = options.csrf
    ? `<nav><a href="/"${options.nav === 'dashboard' ? ' aria-current="page"' : ''}>Monitors</a><a href="/status"${options.nav === 'status' ? ' aria-current="page"' : ''}>Status page</a>
<form method="post" action="/logout" class="logout"><input type="hidden" name="csrf" value="${esc(options.csrf)}"><button type="submit">Log out</button></form></nav>`
    : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="same-origin">
<title>${esc(options.title)}</title>
<link rel="stylesheet" href="${ASSET_CSS}">
<script src="${ASSET_JS}" defer></script>
</head>
<body data-refresh="${options.refreshSeconds}">
<header class="top"><span class="brand">launchready monitor</span>${nav}</header>
<main id="content">
${body}
</main>
</body>
</html>
`;
}

function incidentRows(incidents: readonly Incident[], now: number, withMonitor: boolean): string {
  if (incidents.length === 0) return '<p class="muted">No incidents.</p>';
  const rows = incidents
    .map(
      (i) => `<tr class="incident ${i.endedAt === null ? 'open' : 'closed'}">${withMonitor ? `<td><a href="${esc(monitorHref(i.monitor))}">${esc(i.monitor)}</a></td>` : ''}
<td>${i.endedAt === null ? '<span class="badge state-down">open</span>' : '<span class="badge state-up">resolved</span>'}</td>
<td>${esc(formatTime(i.startedAt))}</td><td>${esc(formatDuration((i.endedAt ?? now) - i.startedAt))}</td><td class="error">${esc(i.lastError)}</td></tr>`,
    )
    .join('\n');
  return `<div class="table-wrap"><table class="incidents"><thead><tr>${withMonitor ? '<th>Monitor</th>' : ''}<th>State</th><th>Started</th><th>Duration</th><th>Last error</th></tr></thead>
<tbody>${rows}</tbody></table></div>`;
}

function counts(monitors: readonly MonitorSummary[]): string {
  const n = { up: 0, down: 0, failing: 0, unknown: 0 };
  for (const m of monitors) n[m.state] += 1;
  return (['down', 'failing', 'up', 'unknown'] as const)
    .filter((s) => n[s] > 0)
    .map((s) => `<span class="badge state-${s}">${n[s]} ${STATE_LABEL[s]}</span>`)
    .join(' ');
}

export function dashboardPage(monitors: readonly MonitorSummary[], incidents: readonly Incident[], now: number, options: PageOptions): string {
  const rows = monitors
    .map(
      (m) => `<tr class="monitor state-${m.state}" data-monitor="${esc(m.name)}" data-state="${m.state}">
<td>${stateBadge(m.state)}</td>
<td class="name"><a href="${esc(monitorHref(m.name))}">${esc(m.name)}</a>${m.public ? ' <span class="tag">public</span>' : ''}<div class="target muted">${esc(m.type)}${m.target ? ` · ${esc(m.target)}` : ''}</div>${m.lastError ? `<div class="error">${esc(m.lastError)}</div>` : ''}</td>
${WINDOW_NAMES.map((w) => `<td class="num uptime-${w}">${percent(m.uptime[w])}</td>`).join('')}
<td class="num">${milliseconds(m.lastResponseMs)}</td>
<td>${time(m.type === 'heartbeat' ? (m.lastHeartbeatAt ?? m.lastCheckAt) : m.lastCheckAt, now)}</td>
<td>${m.type === 'tls' || m.certExpiresAt !== null ? certCell(m.certExpiresAt, now) : '<span class="muted">–</span>'}</td>
</tr>`,
    )
    .join('\n');
  const open = incidents.filter((i) => i.endedAt === null);
  const closed = incidents.filter((i) => i.endedAt !== null).slice(0, 20);
  const body = `<h1>Monitors <small>${counts(monitors)}</small></h1>
<p class="muted">Updated <time datetime="${esc(new Date(now).toISOString())}">${esc(formatTime(now))}</time></p>
<div class="table-wrap"><table id="monitors"><thead><tr><th>State</th><th>Monitor</th><th class="num">24 h</th><th class="num">7 d</th><th class="num">30 d</th><th class="num">Last response</th><th>Last check</th><th>Certificate expires</th></tr></thead>
<tbody>
${rows || '<tr><td colspan="8" class="muted">No monitors configured.</td></tr>'}
</tbody></table></div>
<section id="open-incidents"><h2>Open incidents</h2>${incidentRows(open, now, true)}</section>
<section id="recent-incidents"><h2>Recent incidents</h2>${incidentRows(closed, now, true)}</section>`;
  return layout(body, { ...options, nav: 'dashboard' });
}

/** Inline SVG line chart of p95 (and p50) per bucket, with failed checks as red marks along the bottom. */
function trendChart(points: readonly TrendPoint[], from: number, to: number, label: string): string {
  const W = 800;
  const H = 220;
  const left = 56;
  const right = 8;
  const top = 10;
  const bottom = 28;
  const plotW = W - left - right;
  const plotH = H - top - bottom;
  const values = points.flatMap((p) => [p.p95Ms, p.p50Ms]).filter((v): v is number => v !== null && Number.isFinite(v));
  const rawMax = values.length ? Math.max(...values) : 0;
  const max = niceCeiling(rawMax || 1);
  const x = (at: number) => left + ((at - from) / Math.max(1, to - from)) * plotW;
  const y = (v: number) => top + plotH - (Math.min(v, max) / max) * plotH;
  const bucketMs = points.length > 1 ? Math.max(1, Math.min(...points.slice(1).map((p, i) => p.at - points[i]!.at))) : 60_000;
  const line = (key: 'p95Ms' | 'p50Ms') => {
    const parts: string[] = [];
    let prev: number | null = null;
    for (const p of points) {
      const v = p[key];
      if (v === null || !Number.isFinite(v)) {
        prev = null;
        continue;
      }
      const px = x(p.at + bucketMs / 2).toFixed(1);
      const py = y(v).toFixed(1);
      // a gap of more than two buckets breaks the line
      parts.push(`${prev !== null && p.at - prev <= 2 * bucketMs ? 'L' : 'M'}${px} ${py}`);
      prev = p.at;
    }
    // a lone point still shows as a short dash
    return parts.map((s, i) => (s.startsWith('M') && (parts[i + 1]?.startsWith('M') ?? true) ? `${s}h1.5` : s)).join(' ');
  };
  const failures = points
    .filter((p) => p.failures > 0)
    .map((p) => {
      const h = Math.max(3, (p.failures / Math.max(1, p.checks)) * 24);
      const w = Math.max(1.5, (bucketMs / Math.max(1, to - from)) * plotW);
      return `<rect class="fail" x="${x(p.at).toFixed(1)}" y="${(top + plotH - h).toFixed(1)}" width="${w.toFixed(1)}" height="${h.toFixed(1)}"><title>${esc(`${formatTime(p.at)}: ${p.failures} of ${p.checks} checks failed`)}</title></rect>`;
    })
    .join('');
  const grid = [0, 0.5, 1]
    .map((f) => {
      const gy = (top + plotH - f * plotH).toFixed(1);
      return `<line class="grid" x1="${left}" x2="${W - right}" y1="${gy}" y2="${gy}"/><text class="axis" x="${left - 6}" y="${gy}" text-anchor="end" dominant-baseline="middle">${esc(formatMs(max * f))}</text>`;
    })
    .join('');
  const ticks = [0, 0.5, 1]
    .map((f) => {
      const at = from + f * (to - from);
      const anchor = f === 0 ? 'start' : f === 1 ? 'end' : 'middle';
      return `<text class="axis" x="${(left + f * plotW).toFixed(1)}" y="${H - 8}" text-anchor="${anchor}">${esc(formatTime(at).slice(5, 16))}</text>`;
    })
    .join('');
  const p95 = line('p95Ms');
  const p50 = line('p50Ms');
  const summary = values.length ? `${label}: ${points.length} buckets, highest p95 ${formatMs(rawMax)}` : `${label}: no data yet`;
  return `<svg class="chart" viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(summary)}" data-points="${points.length}"><title>${esc(summary)}</title>
${grid}${ticks}<path class="p50" d="${p50}"/><path class="p95" d="${p95}"/>${failures}
${values.length ? '' : `<text class="empty" x="${W / 2}" y="${H / 2}" text-anchor="middle">No roll-ups in this range yet</text>`}</svg>`;
}

function formatMs(v: number): string {
  return v >= 1000 ? `${(v / 1000).toFixed(v >= 10_000 ? 0 : 1)} s` : `${Math.round(v)} ms`;
}

function niceCeiling(v: number): number {
  const exp = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * exp >= v) return m * exp;
  return 10 * exp;
}

export interface MonitorPageData {
  summary: MonitorSummary;
  p95_24h: number | null;
  range: RangeName;
  trend: { from: number; to: number; points: TrendPoint[] };
  incidents: readonly Incident[];
  results: readonly StoredResult[];
}

export function monitorPage(d: MonitorPageData, now: number, options: PageOptions): string {
  const m = d.summary;
  const ranges = (Object.keys(RANGES) as RangeName[])
    .map((r) => (r === d.range ? `<strong>${r}</strong>` : `<a href="${esc(`${monitorHref(m.name)}?range=${r}`)}">${r}</a>`))
    .join(' ');
  const results = d.results
    .map(
      (r) =>
        `<tr class="${r.ok ? 'ok' : 'failed'}"><td>${esc(formatTime(r.at))}</td><td>${r.ok ? '<span class="badge state-up">ok</span>' : '<span class="badge state-down">failed</span>'}</td><td class="num">${milliseconds(r.responseMs)}</td><td class="error">${esc(r.error ?? '')}</td></tr>`,
    )
    .join('\n');
  const body = `<p><a href="/">← All monitors</a></p>
<h1 id="monitor" data-state="${m.state}">${esc(m.name)} ${stateBadge(m.state)}</h1>
<p class="muted">${esc(m.type)}${m.target ? ` · ${esc(m.target)}` : ''}${m.public ? ' · shown on the status page' : ''}</p>
${m.openIncident ? `<p class="alert">Down since ${esc(formatTime(m.openIncident.startedAt))} (${esc(formatDuration(now - m.openIncident.startedAt))}): ${esc(m.openIncident.lastError)}</p>` : ''}
<div class="cards">
${WINDOW_NAMES.map((w) => `<div class="card"><div class="label">Uptime ${w}</div><div class="value uptime-${w}">${percent(m.uptime[w])}</div><div class="muted">${m.uptime[w]?.checks ?? 0} checks</div></div>`).join('\n')}
<div class="card"><div class="label">p95 24 h</div><div class="value">${milliseconds(d.p95_24h)}</div></div>
<div class="card"><div class="label">Last check</div><div class="value">${time(m.lastCheckAt, now)}</div></div>
${m.certExpiresAt !== null || m.type === 'tls' ? `<div class="card"><div class="label">Certificate expires</div><div class="value">${certCell(m.certExpiresAt, now)}</div></div>` : ''}
${m.type === 'heartbeat' ? `<div class="card"><div class="label">Last heartbeat</div><div class="value">${time(m.lastHeartbeatAt, now)}</div></div>` : ''}
</div>
<section id="response-time"><h2>Response time <small>${ranges}</small></h2>
<figure>${trendChart(d.trend.points, d.trend.from, d.trend.to, `${m.name} response time, last ${d.range}`)}
<figcaption><span class="key p95"></span> p95 <span class="key p50"></span> p50 <span class="key fail"></span> failed checks</figcaption></figure></section>
<section id="incidents"><h2>Incidents</h2>${incidentRows(d.incidents, now, false)}</section>
<section id="results"><h2>Latest checks</h2>${results ? `<div class="table-wrap"><table><thead><tr><th>At</th><th>Result</th><th class="num">Response</th><th>Error</th></tr></thead><tbody>${results}</tbody></table></div>` : '<p class="muted">No checks in the raw history.</p>'}</section>`;
  return layout(body, { ...options, title: `${m.name} · launchready monitor` });
}

/** The public page: only monitors marked public, no targets, no error texts, no links into the dashboard. */
export function statusPage(monitors: readonly MonitorSummary[], now: number, options: PageOptions): string {
  const down = monitors.filter((m) => m.state === 'down');
  const banner =
    monitors.length === 0
      ? '<p class="banner">No public monitors.</p>'
      : down.length === 0
        ? '<p class="banner state-up">All systems operational</p>'
        : `<p class="banner state-down">${down.length === monitors.length ? 'Major outage' : 'Partial outage'}</p>`;
  const rows = monitors
    .map(
      (m) => `<li class="status-monitor state-${m.state}" data-monitor="${esc(m.name)}" data-state="${m.state}"><span class="name">${esc(m.name)}</span> ${stateBadge(m.state)}
<span class="uptime">${WINDOW_NAMES.map((w) => `<span class="muted">${w}</span> ${percent(m.uptime[w])}`).join(' · ')}</span>
${m.openIncident ? `<div class="muted">Down since ${esc(formatTime(m.openIncident.startedAt))}</div>` : ''}</li>`,
    )
    .join('\n');
  const body = `<h1>Status</h1>
${banner}
<ul id="status-monitors">${rows}</ul>
<p class="muted">Updated <time datetime="${esc(new Date(now).toISOString())}">${esc(formatTime(now))}</time></p>`;
  return layout(body, { ...options, nav: 'status' });
}

export function loginPage(options: PageOptions & { loginCsrf: string; next: string; error?: string; disabled?: boolean }): string {
  const body = options.disabled
    ? `<h1>Dashboard disabled</h1><p>Set the environment variable <code>LAUNCHREADY_MONITOR_TOKEN</code> for <code>launchready monitor</code> to enable the dashboard and the API. The <a href="/status">status page</a> is open.</p>`
    : `<h1>Log in</h1>
${options.error ? `<p class="alert" role="alert">${esc(options.error)}</p>` : ''}
<form method="post" action="/login" class="login">
<input type="hidden" name="csrf" value="${esc(options.loginCsrf)}">
<input type="hidden" name="next" value="${esc(options.next)}">
<label for="token">Token (LAUNCHREADY_MONITOR_TOKEN)</label>
<input id="token" name="token" type="password" autocomplete="current-password" required maxlength="1024">
<button type="submit">Log in</button>
</form>`;
  return layout(body, { ...options, nav: 'login', refreshSeconds: 0 });
}

export function errorPage(status: number, message: string, options: PageOptions): string {
  return layout(`<h1>${status}</h1><p>${esc(message)}</p><p><a href="/">Monitors</a></p>`, { ...options, refreshSeconds: 0 });
}

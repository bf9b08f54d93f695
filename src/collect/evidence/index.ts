// The evidence collector: access logs, OTLP JSON traces and HAR recordings named by --access-log/--traces/--har or
// evidence: in the config, read offline in bounded memory (the readers in src/evidence/ stream and cap everything).
import { isAbsolute, relative } from 'node:path';
import { readAccessLogs } from '../../evidence/access-log.js';
import { readHar } from '../../evidence/har.js';
import { evidenceFiles } from '../../evidence/lines.js';
import { DEFAULT_THRESHOLDS } from '../../evidence/trace-stats.js';
import { readTraces } from '../../evidence/traces.js';
import type { EvidenceFacts, EvidenceFileRead, FactTable } from '../../facts/evidence.js';
import type { AuditPlan } from '../../plan.js';
import { defineCollector } from '../collector.js';

const MAX_TABLE_ROWS = 50;

/** True when the plan names any evidence file. */
function hasEvidence(plan: Pick<AuditPlan, 'evidence'>): boolean {
  const e = plan.evidence;
  return e !== undefined && e.accessLogs.length + e.traces.length + e.har.length > 0;
}

function displayPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

function fmtMs(v: number | null | undefined): string {
  if (v === null || v === undefined) return '-';
  return v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${Math.round(v)} ms`;
}

/** "2026-11-01 10:00" */
function minute(iso: string | null): string {
  return iso ? iso.slice(0, 16).replace('T', ' ') : '?';
}

function table(title: string, columns: string[], rows: string[][]): FactTable {
  return { title, columns, rows: rows.slice(0, MAX_TABLE_ROWS), omitted: Math.max(0, rows.length - MAX_TABLE_ROWS) };
}

/** The report's tables: the inputs read, and what traces and HAR files showed (the route table is the perf section's). */
function evidenceTables(facts: Omit<EvidenceFacts, 'inventories'>): FactTable[] {
  const tables: FactTable[] = [];
  tables.push(
    table(
      'Production evidence read',
      ['kind', 'file', 'format', 'lines', 'malformed', 'spans/calls', 'note'],
      [
        ...facts.files.map((f) => [f.kind, f.path, f.format ?? '-', String(f.lines), String(f.malformed), f.items === null ? '-' : String(f.items), f.error ?? '']),
        ...facts.unmatched.map((p) => ['-', p, '-', '0', '0', '-', 'no file matched']),
      ],
    ),
  );
  const a = facts.accessLog;
  if (a && a.totals.requests > 0) {
    tables.push(
      table(
        `Access log: ${a.totals.requests} requests, ${minute(a.totals.firstSeen)} to ${minute(a.totals.lastSeen)} UTC`,
        ['route', 'requests', '5xx %', 'p50', 'p95', 'p99', 'busiest minute'],
        a.routes.map((r) => [
          `${r.method} ${r.route}`,
          String(r.requests),
          (r.errorRate * 100).toFixed(2),
          fmtMs(r.p50Ms),
          fmtMs(r.p95Ms),
          fmtMs(r.p99Ms),
          r.busiestMinute ? `${r.busiestMinute.minute.slice(11, 16)} (${r.busiestMinute.requests})` : '-',
        ]),
      ),
    );
  }
  const t = facts.traces;
  if (t && t.routes.length > 0) {
    tables.push(
      table(
        'Trace routes',
        ['route', 'requests', 'p95', 'queries/request', 'repeated query (median per request)', 'outbound before answering'],
        t.routes.map((r) => [
          r.route,
          String(r.requests),
          fmtMs(r.p95Ms),
          String(r.queriesPerRequest),
          r.nPlusOne[0] ? `${r.nPlusOne[0].medianPerRequest}× ${r.nPlusOne[0].query.slice(0, 80)}` : '-',
          r.inlineLongWork?.worst
            ? `${fmtMs(r.inlineLongWork.worst.outboundMs)} (${r.inlineLongWork.worst.calls[0]?.kind ?? '?'} ${r.inlineLongWork.worst.calls[0]?.target ?? ''})`
            : '-',
        ]),
      ),
    );
  }
  const repeated = facts.har.flatMap((h) => h.pages.flatMap((p) => p.repeated.map((c) => ({ h, p, c }))));
  if (facts.har.length > 0) {
    tables.push(
      table(
        'Repeated API calls in recorded page loads (HAR)',
        ['file', 'page', 'call', 'times', 'started at (ms from page start)'],
        repeated.map(({ h, p, c }) => [h.path, p.title ?? p.pageref ?? '-', `${c.method} ${c.url}`, String(c.count), c.offsetsMs.join(', ')]),
      ),
    );
  }
  return tables;
}

export async function collectEvidence(plan: AuditPlan, progress: (note: string) => void = () => {}): Promise<EvidenceFacts> {
  const e = plan.evidence;
  const cwd = e.cwd;
  const show = (p: string) => displayPath(p, cwd);
  const files: EvidenceFileRead[] = [];
  const unmatched: string[] = [];
  let accessLog: EvidenceFacts['accessLog'] = null;
  if (e.accessLogs.length > 0) {
    progress(`reading ${e.accessLogs.length} access log pattern${e.accessLogs.length === 1 ? '' : 's'}`);
    const summary = await readAccessLogs(e.accessLogs, { format: e.format ?? undefined, routes: plan.routes.map((r) => `${r.method} ${r.path}`) }, cwd);
    unmatched.push(...summary.unmatched.map(show));
    for (const f of summary.files)
      files.push({
        kind: 'access-log',
        path: show(f.path),
        format: f.format,
        bytes: f.bytes,
        lines: f.lines,
        malformed: f.malformed,
        items: null,
        error: f.error === null ? null : f.error.replace(f.path, show(f.path)),
      });
    if (summary.parsed > 0)
      accessLog = { routes: summary.routes, other: summary.other, totals: summary.totals, lines: summary.lines, parsed: summary.parsed, malformed: summary.malformed };
  }
  let traces: EvidenceFacts['traces'] = null;
  if (e.traces.length > 0) {
    progress(`reading ${e.traces.length} trace pattern${e.traces.length === 1 ? '' : 's'}`);
    const summary = await readTraces(e.traces, {}, cwd);
    unmatched.push(...summary.unmatched.map(show));
    for (const f of summary.files)
      files.push({
        kind: 'traces',
        path: show(f.path),
        format: null,
        bytes: f.bytes,
        lines: f.lines,
        malformed: f.malformedLines,
        items: f.spans,
        error: f.error === null ? null : f.error.replace(f.path, show(f.path)),
      });
    if (summary.totals.spans > 0) {
      traces = {
        routes: summary.routes,
        queries: summary.queries.slice(0, 500),
        totals: summary.totals,
        thresholds: DEFAULT_THRESHOLDS,
        malformedLines: summary.files.reduce((n, f) => n + f.malformedLines, 0),
      };
    }
  }
  const har: EvidenceFacts['har'] = [];
  if (e.har.length > 0) {
    progress('reading HAR recordings');
    const { paths, unmatched: none } = await evidenceFiles(e.har, cwd);
    unmatched.push(...none.map(show));
    for (const path of paths) {
      const h = await readHar(path);
      const apiCalls = h.pages.reduce((n, p) => n + p.apiCalls, 0);
      files.push({
        kind: 'har',
        path: show(path),
        format: null,
        bytes: 0,
        lines: h.entries,
        malformed: 0,
        items: apiCalls,
        error: h.error === null ? null : h.error.replace(path, show(path)),
      });
      if (h.error === null) har.push({ path: show(path), entries: h.entries, pages: h.pages });
    }
  }
  const base = {
    inputs: { accessLogs: e.accessLogs.map(show), traces: e.traces.map(show), har: e.har.map(show) },
    unmatched,
    files,
    accessLog,
    traces,
    har,
  };
  return { ...base, inventories: evidenceTables(base) };
}

export const evidenceCollector = defineCollector({
  source: 'evidence',
  title: 'Production evidence',
  stages: ['perf'],
  missingInput: (plan) => (hasEvidence(plan) ? null : 'no production evidence given: pass --access-log, --traces or --har, or list files under evidence: in launchready.yml'),
  collect: (run) => collectEvidence(run.plan, run.progress),
});

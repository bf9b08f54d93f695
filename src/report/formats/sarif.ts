// SARIF 2.1.0 for code-scanning uploads: one rule per catalog check (`launchready/<id>`), one result per finding,
// repo findings located by relative path and line, web/DNS/route findings as logical locations.
import { isAbsolute, relative } from 'node:path';
import { CATALOG, CATALOG_BY_ID } from '../../catalog.js';
import type { Finding, Report, Severity } from '../../types.js';
import { checkTitle, evidenceSummary, oneLine, stageName, truncate } from './common.js';

const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
/** The docs pages ship in the npm package (package.json "files"), so this URL serves docs/checks/<id>.md. */
const DOCS_BASE = 'https://unpkg.com/launchready';

type Level = 'error' | 'warning' | 'note';
const LEVEL: Record<Severity, Level> = { blocker: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note' };
/** GitHub code scanning ranks security results by this 0-10 score. */
const SECURITY_SEVERITY: Record<Severity, string> = { blocker: '9.5', high: '8.0', medium: '5.5', low: '3.0', info: '0.0' };
/** Pipeline stages whose targets are files in the repository (`path` or `path:line`). */
const FILE_STAGES = new Set(['repo', 'migrations']);

function ruleId(id: string): string {
  return `launchready/${id}`;
}

/** `path:line[:col]` or a bare relative path → a repo-relative uri with forward slashes and the line. */
export function fileLocation(target: string, repo: string | null): { uri: string; line: number | null; column: number | null } | null {
  const t = target.trim();
  if (!t || /^[a-z][a-z0-9+.-]*:\/\//i.test(t) || /[\r\n]/.test(t)) return null;
  const m = /^(.*?):(\d+)(?::(\d+))?$/.exec(t);
  let path = m ? (m[1] ?? '') : t;
  const line = m ? Number(m[2]) : null;
  const column = m?.[3] ? Number(m[3]) : null;
  if (!path) return null;
  if (isAbsolute(path)) {
    // Absolute paths are only usable when inside the audited repo: code scanning wants repo-relative uris.
    if (!repo) return null;
    const rel = relative(repo, path);
    if (rel.startsWith('..') || isAbsolute(rel)) return null;
    path = rel;
  }
  path = path.replace(/\\/g, '/').replace(/^(\.\/)+/, '');
  if (!path || path.startsWith('../')) return null;
  const uri = path
    .split('/')
    .map((seg) => encodeURIComponent(seg))
    .join('/');
  return { uri, line: line !== null && line >= 1 ? line : null, column: column !== null && column >= 1 ? column : null };
}

function message(f: Finding): string {
  const seen = evidenceSummary(f.evidence, 600);
  return truncate(oneLine(`${f.title} (${f.target}).${seen ? ` Saw: ${seen}.` : ''} Fix: ${f.fix}`), 2000);
}

function location(f: Finding, repo: string | null): Record<string, unknown> {
  const stage = CATALOG_BY_ID.get(f.id)?.pipelineStage;
  if (stage && FILE_STAGES.has(stage)) {
    const file = fileLocation(f.target, repo);
    if (file) {
      const region: Record<string, number> = {};
      if (file.line !== null) region.startLine = file.line;
      if (file.column !== null) region.startColumn = file.column;
      return {
        physicalLocation: {
          artifactLocation: { uri: file.uri, uriBaseId: '%SRCROOT%' },
          ...(file.line !== null ? { region } : {}),
        },
      };
    }
  }
  const isUrl = /^[a-z][a-z0-9+.-]*:\/\//i.test(f.target);
  return { logicalLocations: [{ fullyQualifiedName: f.target, kind: isUrl ? 'resource' : 'module' }] };
}

export function renderSarif(report: Report): string {
  const rules = CATALOG.map((e) => {
    const docs = report.checkDocs?.[e.id];
    const helpText = docs ? `${docs.why}\n\nFix: ${docs.fix}` : e.rule;
    return {
      id: ruleId(e.id),
      name: e.id,
      shortDescription: { text: truncate(oneLine(checkTitle(report, e.id) === e.id ? e.rule : checkTitle(report, e.id)), 1000) },
      fullDescription: { text: oneLine(e.rule) },
      help: { text: helpText },
      helpUri: `${DOCS_BASE}@${encodeURIComponent(report.tool.version)}/docs/checks/${encodeURIComponent(e.id)}.md`,
      defaultConfiguration: { level: LEVEL[e.severity] },
      properties: {
        tags: ['launch-readiness', e.pipelineStage, ...(e.bar ? [`bar:${e.bar}`] : [])],
        'security-severity': SECURITY_SEVERITY[e.severity],
        severity: e.severity,
        stage: stageName(e.stage),
      },
    };
  });
  const ruleIndex = new Map(CATALOG.map((e, i) => [e.id, i]));
  const results = report.findings.map((f) => ({
    ruleId: ruleId(f.id),
    ...(ruleIndex.has(f.id) ? { ruleIndex: ruleIndex.get(f.id) } : {}),
    level: LEVEL[f.severity],
    message: { text: message(f) },
    locations: [location(f, report.target.repo)],
    partialFingerprints: { 'launchready/v1': f.fingerprint },
    ...(f.baseline ? { baselineState: f.baseline === 'new' ? 'new' : 'unchanged' } : {}),
    properties: {
      severity: f.severity,
      stage: stageName(f.stage),
      bar: f.bar,
      target: f.target,
      owner: f.owner,
      impactRank: f.impactRank,
      fixOrder: f.fixOrder,
      fix: f.fix,
      evidence: f.evidence,
    },
  }));
  // Checks that could not run are tool notifications, so a clean SARIF never hides a stage that failed.
  const notifications = report.checks
    .filter((c) => c.status === 'error')
    .map((c) => ({
      level: 'error' as const,
      message: { text: truncate(oneLine(`${c.id} could not run: ${c.reason ?? 'error'}`), 1000) },
      associatedRule: { id: ruleId(c.id), ...(ruleIndex.has(c.id) ? { index: ruleIndex.get(c.id) } : {}) },
    }));
  const end = new Date(Date.parse(report.startedAt) + Math.max(0, report.durationMs));
  const log = {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'launchready',
            version: report.tool.version,
            semanticVersion: report.tool.version,
            informationUri: `${DOCS_BASE}@${encodeURIComponent(report.tool.version)}/docs/checks/README.md`,
            rules,
          },
        },
        invocations: [
          {
            executionSuccessful: true,
            ...(Number.isNaN(end.getTime()) ? {} : { startTimeUtc: report.startedAt, endTimeUtc: end.toISOString() }),
            toolExecutionNotifications: notifications,
          },
        ],
        results,
        properties: {
          score: report.score,
          grade: report.grade,
          target: report.target,
          // The performance section: the route table and the top 3 bottlenecks, as the JSON report has them.
          ...(report.metrics.routes.length > 0
            ? { performance: { routes: report.metrics.routes.map(({ curve: _c, distribution: _d, ...row }) => row), bottlenecks: report.metrics.bottlenecks ?? [] } }
            : {}),
        },
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

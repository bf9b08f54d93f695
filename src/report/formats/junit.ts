// JUnit XML for CI test tabs: one testcase per check (classname = stage, name = id), a failure carries its findings.
import type { CheckResult, Finding, Report } from '../../types.js';
import { evidenceSummary, performanceText, pipelineStageOf, plural, severityRank } from './common.js';

/** XML 1.0 cannot carry most control characters even as references: drop them, then escape markup. */
export function xmlEscape(value: unknown): string {
  return String(value ?? '')
    .replace(/[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

const seconds = (ms: number) => (Number.isFinite(ms) && ms > 0 ? ms / 1000 : 0).toFixed(3);

function failureBody(findings: Finding[]): string {
  return findings
    .map((f) => {
      const seen = evidenceSummary(f.evidence, 400);
      return [`[${f.severity}] ${f.title}`, `  where: ${f.target}`, ...(seen ? [`  saw: ${seen}`] : []), `  fix: ${f.fix}`, `  fingerprint: ${f.fingerprint}`].join('\n');
    })
    .join('\n\n');
}

function testcase(check: CheckResult, findings: Finding[], stage: string): string {
  const open = `    <testcase classname="${xmlEscape(stage)}" name="${xmlEscape(check.id)}" time="${seconds(check.durationMs)}"`;
  if (findings.length > 0) {
    const worst = [...findings].sort((a, b) => severityRank(a.severity) - severityRank(b.severity))[0] as Finding;
    const msg = `${plural(findings.length, 'finding')}, worst ${worst.severity}: ${worst.title}`;
    return `${open}>\n      <failure message="${xmlEscape(msg)}" type="${xmlEscape(worst.severity)}">${xmlEscape(failureBody(findings))}</failure>\n    </testcase>`;
  }
  if (check.status === 'error') return `${open}>\n      <error message="${xmlEscape(check.reason ?? 'could not run')}" type="error"/>\n    </testcase>`;
  if (check.status === 'skipped' || check.status === 'not-applicable') {
    const reason = check.status === 'not-applicable' ? `not applicable: ${check.reason ?? ''}` : (check.reason ?? 'skipped');
    return `${open}>\n      <skipped message="${xmlEscape(reason)}"/>\n    </testcase>`;
  }
  return `${open}/>`;
}

export function renderJunit(report: Report): string {
  const findingsById = new Map<string, Finding[]>();
  for (const f of report.findings) findingsById.set(f.id, [...(findingsById.get(f.id) ?? []), f]);
  // Suites by pipeline stage (the names --only/--skip use), in catalog order.
  const suites = new Map<string, CheckResult[]>();
  for (const c of report.checks) {
    const stage = pipelineStageOf(c.id);
    suites.set(stage, [...(suites.get(stage) ?? []), c]);
  }
  const total = { tests: 0, failures: 0, errors: 0, skipped: 0, time: 0 };
  const body: string[] = [];
  for (const [stage, checks] of suites) {
    const s = { tests: checks.length, failures: 0, errors: 0, skipped: 0, time: 0 };
    const cases = checks.map((c) => {
      const findings = findingsById.get(c.id) ?? [];
      if (findings.length > 0) s.failures++;
      else if (c.status === 'error') s.errors++;
      else if (c.status === 'skipped' || c.status === 'not-applicable') s.skipped++;
      s.time += Number.isFinite(c.durationMs) ? c.durationMs : 0;
      return testcase(c, findings, stage);
    });
    total.tests += s.tests;
    total.failures += s.failures;
    total.errors += s.errors;
    total.skipped += s.skipped;
    total.time += s.time;
    body.push(
      `  <testsuite name="${xmlEscape(stage)}" tests="${s.tests}" failures="${s.failures}" errors="${s.errors}" skipped="${s.skipped}" time="${seconds(s.time)}" timestamp="${xmlEscape(report.startedAt.replace(/Z$/, ''))}">`,
      ...cases,
      // The performance table and top 3 ride along in the perf suite's output, where CI test tabs show it.
      ...(stage === 'perf' && report.metrics.routes.length > 0 ? [`    <system-out>${xmlEscape(performanceText(report).join('\n'))}</system-out>`] : []),
      '  </testsuite>',
    );
  }
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="launchready" tests="${total.tests}" failures="${total.failures}" errors="${total.errors}" skipped="${total.skipped}" time="${seconds(report.durationMs)}">`,
    ...body,
    '</testsuites>',
    '',
  ].join('\n');
}

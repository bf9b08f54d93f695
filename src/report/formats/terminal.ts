// Terminal report (placeholder layout; see REPORT.md for the full section order).
import type { Report } from '../../types.js';
import type { RenderOptions } from './index.js';

export function renderTerminal(report: Report, _options: RenderOptions): string {
  const blockers = report.findings.filter((f) => f.severity === 'blocker').length;
  const lines = [`${blockers > 0 ? 'Not launch-ready' : 'Launch-ready'}: ${blockers} blockers · grade ${report.grade} (${report.score})`];
  for (const f of report.findings) lines.push(`  ${f.severity.padEnd(7)} ${f.id}  ${f.target}`);
  lines.push(`launchready: ${blockers} blockers · grade ${report.grade}`);
  return `${lines.join('\n')}\n`;
}

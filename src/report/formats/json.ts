// JSON report: the CONTRACT's schemaVersion 1 object, stable key order.
import type { Report } from '../../types.js';

export function renderJson(report: Report): string {
  const { reportFile: _file, checkDocs: _docs, ...rest } = report;
  return `${JSON.stringify(rest, null, 2)}\n`;
}

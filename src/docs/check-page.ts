// Renders the docs page of one check (docs/checks/<id>.md) from its meta and catalog row.
import type { CatalogEntry } from '../catalog.js';
import type { AnyCheck } from '../checks/define.js';
import { ROADMAP_STAGE_NAMES } from '../types.js';

export function renderCheckPage(entry: CatalogEntry, check: AnyCheck | undefined): string {
  const lines = [`# ${entry.id}`, ''];
  if (check) lines.push(`**${check.meta.failureTitle}**`, '');
  lines.push(
    '| severity | stage | minimum bar | pipeline stage | needs |',
    '|---|---|---|---|---|',
    `| ${entry.severity} | ${entry.stage} ${ROADMAP_STAGE_NAMES[entry.stage]} | ${entry.bar ?? '-'} | ${entry.pipelineStage} | ${check ? check.meta.requires.join(', ') : '-'} |`,
    '',
    '## Fires when',
    '',
    entry.rule,
    '',
  );
  if (!check) {
    lines.push('## Status', '', 'Not implemented yet: every report lists this check as `skipped` with the reason "not implemented yet", never as passed.', '');
    return lines.join('\n');
  }
  lines.push('## Why it matters', '', check.meta.docs.why, '', '## How to fix', '', check.meta.docs.fix, '');
  if (check.meta.docs.references.length > 0) {
    lines.push('## References', '', ...check.meta.docs.references.map((r) => `- ${r}`), '');
  }
  return lines.join('\n');
}

export function renderCheckIndex(entries: readonly CatalogEntry[], implemented: (id: string) => boolean): string {
  const lines = [
    '# Checks',
    '',
    'Generated from the check catalog (`npm run docs`). One page per check id.',
    '',
    '| id | severity | stage | bar | status |',
    '|---|---|---|---|---|',
  ];
  for (const e of entries)
    lines.push(
      `| [${e.id}](${e.id}.md) | ${e.severity} | ${e.stage} ${ROADMAP_STAGE_NAMES[e.stage]} | ${e.bar ?? '-'} | ${implemented(e.id) ? 'implemented' : 'not implemented yet'} |`,
    );
  return `${lines.join('\n')}\n`;
}

// `launchready checks`: the catalog with title, stage, severity and minimum-bar row.
import { CATALOG } from '../../catalog.js';
import type { AnyCheck } from '../../checks/define.js';
import { UsageError } from '../../config/load.js';
import { ROADMAP_STAGE_NAMES } from '../../types.js';
import { type CommandSpec, flagsOrHelp, optionalString } from '../args.js';
import type { CliIo } from '../io.js';

export const checksSpec: CommandSpec = {
  name: 'checks',
  summary: 'list every check id with title, stage, severity and minimum-bar row',
  usage: 'launchready checks [--format terminal|json|markdown]',
  options: [{ name: 'format', type: 'string', value: 'NAME', description: 'terminal (default), json or markdown' }],
};

function checkListing(checksById: ReadonlyMap<string, AnyCheck>) {
  return CATALOG.map((e) => {
    const check = checksById.get(e.id);
    return {
      id: e.id,
      title: check?.meta.failureTitle ?? e.rule,
      stage: e.stage,
      stageName: ROADMAP_STAGE_NAMES[e.stage],
      pipelineStage: e.pipelineStage,
      severity: e.severity,
      bar: e.bar,
      implemented: check !== undefined,
      docs: `docs/checks/${e.id}.md`,
    };
  });
}

export async function checksCommand(argv: string[], io: CliIo): Promise<number> {
  const values = flagsOrHelp(checksSpec, argv, io.stdout);
  if (!values) return 0;
  const format = optionalString(values.format) ?? 'terminal';
  if (!['terminal', 'json', 'markdown'].includes(format)) throw new UsageError(`--format: unknown format "${format}"`, 'use terminal, json or markdown');
  // the checks registry costs ~0.3 s to import: loaded only after the flags are valid
  const rows = checkListing((await import('../../checks/registry.js')).CHECKS_BY_ID);
  if (format === 'json') {
    io.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
  } else if (format === 'markdown') {
    const lines = ['| id | severity | stage | bar | title |', '|---|---|---|---|---|'];
    for (const r of rows) lines.push(`| ${r.id} | ${r.severity} | ${r.stage} ${r.stageName} | ${r.bar ?? '-'} | ${r.title.replace(/\|/g, '\\|')} |`);
    io.stdout.write(`${lines.join('\n')}\n`);
  } else {
    const width = Math.max(...rows.map((r) => r.id.length));
    // a header names the bare stage number; rows stay one check per line, so `grep dns.` still finds them
    io.stdout.write(`${'id'.padEnd(width)}  ${'severity'.padEnd(8)}  stage  ${'bar'.padEnd(11)}  title\n`);
    for (const r of rows) {
      io.stdout.write(
        `${r.id.padEnd(width)}  ${r.severity.padEnd(8)}  ${String(r.stage).padEnd(5)}  ${(r.bar ?? '-').padEnd(11)}  ${r.implemented ? '' : '(not implemented yet) '}${r.title}\n`.replace(
          /^(.{0,200}).*$/gm,
          '$1',
        ),
      );
    }
  }
  return 0;
}

// `launchready demo`: start the bundled demo stack, audit it, write launchready-report.html, stop everything.
import { resolve } from 'node:path';
import { DEMO_RISKS } from '../../demo/site.js';
import { startDemoStack } from '../../demo/stack.js';
import { redactor } from '../../mask.js';
import { runPipeline } from '../../pipeline.js';
import { buildPlan } from '../../plan.js';
import { buildPolicy } from '../../policy.js';
import { REPORTERS } from '../../report/formats/index.js';
import { type CommandSpec, parseCommandArgs, renderHelp, stringList } from '../args.js';
import { checkOutputPath } from '../files.js';
import type { CliIo } from '../io.js';
import { StageProgress } from '../progress.js';
import { emitReport, parseOutputOptions } from './audit.js';

export const demoSpec: CommandSpec = {
  name: 'demo',
  summary: 'start the bundled demo stack, audit it, write launchready-report.html and stop everything',
  usage: 'launchready demo [--format NAME] [--out PATH] [--no-html]',
  options: [
    { name: 'format', type: 'string', value: 'NAME', description: 'stdout format: terminal (default), json, markdown, sarif, junit, html' },
    { name: 'out', type: 'string', multiple: true, value: 'PATH', description: 'also write a report file; format from the extension' },
    { name: 'no-html', type: 'boolean', description: 'do not write launchready-report.html' },
    { name: 'fail-on', type: 'string', value: 'LEVEL', description: 'exit 1 at or above LEVEL (default blocker; the demo has blockers on purpose)' },
  ],
  notes: [
    'The demo serves "Acme Ops", a small internal-ops app, over HTTPS from a CA generated at start, with its own DNS',
    'responder on loopback and a repository written to a temp dir. Its deliberate launch risks:',
    ...DEMO_RISKS.map((r) => `  - ${r}`),
    'It needs no system packages and no network, and exits 1 because the demo has blockers.',
  ],
};

export async function demoCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(demoSpec, argv);
  if (values.help) {
    io.stdout.write(renderHelp(demoSpec));
    return 0;
  }
  const output = parseOutputOptions(values);
  // before the stack starts: a bad --out is a usage error now, not after a minute of auditing
  for (const out of output.outs) checkOutputPath(resolve(io.cwd, out), '--out');
  const htmlPath = 'launchready-report.html';
  if (values['no-html'] !== true && REPORTERS.html) output.outs = [...stringList(values.out), htmlPath];
  const stack = await startDemoStack();
  try {
    for (const s of stack.secrets) redactor.add(s);
    const { plan, secrets } = buildPlan(stack.config, { urls: [], repo: stack.repoDir, cwd: io.cwd, cwdIsGitRepo: false }, io.env);
    const progress = output.format === 'terminal' || io.stderr.isTTY ? (StageProgress.forIo(io) ?? undefined) : undefined;
    if (io.stderr.isTTY) io.stderr.write(`demo stack up: https://app.acme-demo.test:${stack.ports.https}/ (DNS ${stack.dnsServer})\n`);
    const { report } = await runPipeline({
      plan,
      policy: buildPolicy(stack.config, { stages: plan.stages, stageReasons: plan.stageReasons, failOn: output.failOn }),
      secrets,
      net: { timeoutMs: 3000, concurrency: 16, resolve: [], dnsServers: [stack.dnsServer], extraCaPem: [stack.caPem], allowNonLoopbackTraffic: false },
      progress,
    });
    const code = emitReport(report, output, { ...io, cwd: resolve(io.cwd) });
    return code;
  } finally {
    await stack.stop();
  }
}

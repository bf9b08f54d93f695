// `launchready demo`: start the bundled demo stack, audit it, write launchready-report.html, stop everything.
import { resolve } from 'node:path';
import { UsageError } from '../../config/load.js';
import { DEMO_KEY_COUNT, DEMO_RISKS } from '../../demo/site.js';
import type { startDemoStack } from '../../demo/stack.js';
import type { Redactor } from '../../mask.js';
import { generateRsaKeys } from '../../pki/keys.js';
import { buildPlan } from '../../plan.js';
import { buildPolicy } from '../../policy.js';
import { REPORTERS } from '../../report/formats/index.js';
import { type CommandSpec, flagsOrHelp, optionalString, stringList } from '../args.js';
import { checkOutputPath } from '../files.js';
import type { CliIo } from '../io.js';
import { StageProgress } from '../progress.js';
import { parseOutputOptions } from '../shared-options.js';
import { emitReport } from './audit.js';

export const demoSpec: CommandSpec = {
  name: 'demo',
  summary: 'start the bundled demo stack, audit it, write launchready-report.html and stop everything',
  usage: 'launchready demo [--format NAME] [--out PATH] [--no-html] [--database-url URL]',
  options: [
    { name: 'format', type: 'string', value: 'NAME', description: 'stdout format: terminal (default), json, markdown, sarif, junit, html' },
    { name: 'out', type: 'string', multiple: true, value: 'PATH', description: 'also write a report file; format from the extension' },
    { name: 'no-html', type: 'boolean', description: 'do not write launchready-report.html' },
    {
      name: 'database-url',
      type: 'string',
      value: 'URL',
      description:
        'also serve PostgreSQL-backed routes (an N+1 list, an unindexed filter on 200,000 rows, an unindexed foreign key) from a scratch database created and dropped on this server',
    },
    { name: 'fail-on', type: 'string', value: 'LEVEL', description: 'exit 1 at or above LEVEL (default blocker; the demo has blockers on purpose)' },
  ],
  notes: [
    [
      'The demo serves "Acme Ops", a small internal-ops app, over HTTPS from a CA generated at start, with its own DNS',
      'responder on loopback and a repository written to a temp dir. Its deliberate launch risks:',
      ...DEMO_RISKS.map((r) => `  - ${r}`),
    ].join('\n'),
    'It needs no system packages and no network, and exits 1 because the demo has blockers.',
  ],
};

export async function demoCommand(argv: string[], io: CliIo, redactor: Redactor): Promise<number> {
  const values = flagsOrHelp(demoSpec, argv, io.stdout);
  if (!values) return 0;
  const output = parseOutputOptions(values);
  // before the stack starts: a bad --out is a usage error now, not after a minute of auditing
  for (const out of output.outs) checkOutputPath(resolve(io.cwd, out), '--out');
  const htmlPath = 'launchready-report.html';
  if (values['no-html'] !== true && REPORTERS.html) output.outs = [...stringList(values.out), htmlPath];
  const databaseUrl = optionalString(values['database-url']);
  if (databaseUrl !== undefined) redactor.add(databaseUrl);
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//i.test(databaseUrl)) throw new UsageError('--database-url: not a postgres:// URL', 'pass postgres://user@host:5432/db');
  if (databaseUrl !== undefined && io.stderr.isTTY) io.stderr.write('demo: creating a scratch database with 200,000 rows for the PostgreSQL routes\n');
  // the stack's keys are made on the thread pool while the main thread loads the audit's modules
  const keys = generateRsaKeys(DEMO_KEY_COUNT);
  keys.catch(() => {}); // handled where startDemoStack awaits it
  // the stack, pg and the pipeline are imported only once the flags are valid, so --help and usage errors return fast
  const [{ startDemoStack }, { runPipeline }] = await Promise.all([import('../../demo/stack.js'), import('../../pipeline.js')]);
  // the scratch database is dropped in the finally below, on Ctrl-C, and when its setup fails
  const database = databaseUrl !== undefined ? await (await import('../../demo/pg-app.js')).startPgDemoApp(databaseUrl) : null;
  let stack: Awaited<ReturnType<typeof startDemoStack>> | null = null;
  try {
    stack = await startDemoStack({ database: database ?? undefined, keys });
    for (const s of stack.secrets) redactor.add(s);
    if (database) redactor.add(database.databaseUrl);
    const { plan, secrets } = buildPlan(
      stack.config,
      { urls: [], repo: stack.repoDir, cwd: io.cwd, cwdIsGitRepo: false, ...(database ? { databaseUrl: database.databaseUrl } : {}) },
      io.env,
    );
    const progress = output.format === 'terminal' || io.stderr.isTTY ? (StageProgress.forIo(io, redactor) ?? undefined) : undefined;
    if (io.stderr.isTTY) io.stderr.write(`demo stack up: https://app.acme-demo.test:${stack.ports.https}/ (DNS ${stack.dnsServer})\n`);
    const { report } = await runPipeline({
      plan,
      policy: buildPolicy(stack.config, { stages: plan.stages, stageReasons: plan.stageReasons, failOn: output.failOn }),
      secrets,
      redactor,
      net: { timeoutMs: 3000, concurrency: 16, resolve: [], dnsServers: [stack.dnsServer], extraCaPem: [stack.caPem], allowNonLoopbackTraffic: false },
      progress,
    });
    const code = emitReport(report, output, { ...io, cwd: resolve(io.cwd) }, redactor);
    return code;
  } finally {
    await stack?.stop();
    await database?.stop();
  }
}

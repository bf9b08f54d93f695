// The CLI entry: picks the command (every command module is imported on first use, so --help and usage errors stay fast), maps errors to exit code 2 with a one-line message and what to do.
import { UsageError } from '../config/load.js';
import { Redactor } from '../mask.js';
import { SafeFileError } from '../safe-file.js';
import { clean, cleanLine } from '../terminal-text.js';
import { VERSION } from '../version.js';
import type { CliIo } from './io.js';

/** redactor: this invocation's; the command registers its secrets there, and run() masks its errors with it. */
type CommandFn = (argv: string[], io: CliIo, redactor: Redactor) => Promise<number>;

interface CommandEntry {
  summary: string;
  run: CommandFn;
}

export const COMMANDS: Record<string, CommandEntry> = {
  audit: {
    summary: 'run every stage that has its inputs and print the launch report',
    run: async (argv, io, redactor) => (await import('./commands/audit.js')).auditCommand(argv, io, redactor),
  },
  demo: {
    summary: 'audit the bundled demo stack (no network, no system packages)',
    run: async (argv, io, redactor) => (await import('./commands/demo.js')).demoCommand(argv, io, redactor),
  },
  init: { summary: 'write a commented launchready.yml for the current repo', run: async (argv, io) => (await import('./commands/init.js')).initCommand(argv, io) },
  load: {
    summary: 'the performance stage alone: baseline per route and the 10x headroom ramp',
    run: async (argv, io, redactor) => (await import('./commands/load.js')).loadCommand(argv, io, redactor),
  },
  monitor: {
    summary: 'watch routes, certificates, DNS and heartbeats with alerts and history (--once for cron and CI)',
    run: async (argv, io, redactor) => (await import('./commands/monitor.js')).monitorCommand(argv, io, redactor),
  },
  handover: {
    summary: 'write the handover document (domain map, deploy and rollback steps, env vars, owners, alert routes, open blockers)',
    run: async (argv, io, redactor) => (await import('./commands/handover.js')).handoverCommand(argv, io, redactor),
  },
  checks: { summary: 'list every check id with title, stage, severity and bar', run: async (argv, io) => (await import('./commands/checks.js')).checksCommand(argv, io) },
};

export function mainHelp(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length)) + 2;
  const lines = [
    'launchready: what breaks first if your app gets 10x traffic tomorrow',
    '',
    'Usage: launchready <command> [options]',
    '',
    'Commands:',
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}${c.summary}`),
    '',
    'Run `launchready <command> --help` for its options. `launchready --version` prints the version.',
    'Docs: README.md and docs/checks/<id>.md in the package.',
  ];
  return `${lines.join('\n')}\n`;
}

/** Set once the failed write is reported, so the stream's later 'error' event (bin/launchready.js) does not repeat it. */
export const outputFailure = { reported: false };

/** A write to stdout that failed (closed pipe, full disk): one line, exit 2, not a crash report. */
export function outputError(error: unknown): string | null {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'EPIPE') return 'cannot write the report: stdout was closed early (EPIPE)';
  if (code === 'ENOSPC' || code === 'EDQUOT') return `cannot write the report: no space left on device (${code})`;
  if (code === 'EIO' || code === 'EBADF') return `cannot write the report to stdout (${code})`;
  return null;
}

/**
 * One invocation. Its redactor is created here (a caller may pass one to inspect it afterwards) and handed to the
 * command: secrets of one run are never known to, or masked by, another run in the same process.
 */
export { handleInterrupts } from './interrupt.js';

export async function run(argv: string[], io: CliIo, redactor: Redactor = new Redactor()): Promise<number> {
  const [first, ...rest] = argv;
  if (first === '--version' || first === '-v' || first === 'version') {
    io.stdout.write(`${VERSION}\n`);
    return 0;
  }
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    io.stdout.write(mainHelp());
    return first === undefined ? 2 : 0;
  }
  const command = COMMANDS[first];
  if (!command) {
    io.stderr.write(`launchready: unknown command "${cleanLine(first)}"; run \`launchready --help\` for the list\n`);
    return 2;
  }
  try {
    return await command.run(rest, io, redactor);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`${cleanLine(redactor.redact(`launchready ${first}: ${error.message.replace(/^launchready \w+: /, '')}; ${error.hint}`))}\n`);
      return 2;
    }
    if (error instanceof SafeFileError) {
      io.stderr.write(`${cleanLine(redactor.redact(`launchready ${first}: ${error.message}`))}\n`);
      return 2;
    }
    const output = outputError(error);
    if (output) {
      outputFailure.reported = true;
      io.stderr.write(`launchready ${first}: ${output}\n`);
      return 2;
    }
    const message = cleanLine(redactor.redact(String((error as Error)?.message ?? error).split('\n')[0] ?? 'internal error'));
    io.stderr.write(`launchready ${first}: internal error: ${message}; rerun with LAUNCHREADY_DEBUG=1 and report it\n`);
    if (io.env.LAUNCHREADY_DEBUG) io.stderr.write(`${clean(redactor.redact(String((error as Error)?.stack ?? '')))}\n`);
    return 2;
  }
}

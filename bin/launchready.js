#!/usr/bin/env node
// The only place that calls process.exit: run() returns the exit code.
// A stdout that fails (closed pipe, full disk) ends the run with exit 2 and one line: a gate must never read it as 0 or 1.
import { handleInterrupts, outputError, outputFailure, run } from '../dist/cli/main.js';

process.stdout.on('error', (e) => {
  try {
    if (!outputFailure.reported) process.stderr.write(`launchready: ${outputError(e) ?? `cannot write the report to stdout (${e.code ?? 'error'})`}\n`);
  } catch {}
  process.exit(2);
});
process.stderr.on('error', () => process.exit(2));

// Ctrl-C / SIGTERM: one line on stderr, then the process ends by that signal (a shell sees 130 / 143).
handleInterrupts(process.argv.slice(2), process.stderr);

const code = await run(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() });
process.exitCode = code;

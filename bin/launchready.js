#!/usr/bin/env node
// The only place that calls process.exit: run() returns the exit code.
// A closed pipe (`launchready checks | head`) is not an error worth a stack trace.
for (const stream of [process.stdout, process.stderr])
  stream.on('error', (e) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });

import { run } from '../dist/cli/main.js';

const code = await run(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() });
process.exitCode = code;

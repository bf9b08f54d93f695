// What a command may touch of the outside: streams, environment, working directory. Injected for tests.
import type { Writable } from 'node:stream';

export interface CliIo {
  stdout: Writable & { isTTY?: boolean; columns?: number };
  stderr: Writable & { isTTY?: boolean; columns?: number };
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export function colorEnabled(stream: CliIo['stdout'], env: NodeJS.ProcessEnv): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR && env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true && env.TERM !== 'dumb';
}

/** Width of stdout when it is not a terminal (a pipe, a CI log): the 80 columns REPORT.md promises, for every command. */
export const DEFAULT_WIDTH = 80;

/**
 * Columns for terminal-format output on stdout: the terminal's width, else $COLUMNS when set, else DEFAULT_WIDTH;
 * kept within 60..160 so a tiny pane or a huge one still gives a readable report. Every command uses this one rule
 * (audit once said 80 and load 100 for the same pipe).
 */
export function outputWidth(stream: CliIo['stdout'], env: NodeJS.ProcessEnv): number {
  const fromEnv = /^\d{1,4}$/.test(env.COLUMNS ?? '') ? Number(env.COLUMNS) : 0;
  const columns = stream.isTTY && stream.columns ? stream.columns : fromEnv > 0 ? fromEnv : DEFAULT_WIDTH;
  return Math.max(60, Math.min(columns, 160));
}

// Spawns the built CLI like test/support/cli.ts and also samples its peak resident memory (VmHWM) from /proc.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { BIN } from './cli.js';

export interface BoundedRun {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
  /** Peak resident set size seen, in MiB (0 where /proc is not available). */
  peakMiB: number;
  /** The run was killed at timeoutMs. */
  timedOut: boolean;
}

function peakRss(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** Never rejects: a run that hangs is killed at timeoutMs and reported with timedOut, so the test can assert on it. */
export function runCliBounded(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<BoundedRun> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd ?? process.cwd(),
      env: { ...process.env, NO_COLOR: '1', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let peakMiB = 0;
    let timedOut = false;
    child.stdout.on('data', (d) => {
      if (stdout.length < 4 * 1024 * 1024) stdout += d;
    });
    child.stderr.on('data', (d) => {
      if (stderr.length < 1024 * 1024) stderr += d;
    });
    const sampler = setInterval(() => {
      if (child.pid) peakMiB = Math.max(peakMiB, peakRss(child.pid));
    }, 20);
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs ?? 10_000);
    child.on('exit', () => {
      if (child.pid) peakMiB = Math.max(peakMiB, peakRss(child.pid));
    });
    child.on('close', (code) => {
      clearInterval(sampler);
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: Date.now() - started, peakMiB, timedOut });
    });
  });
}

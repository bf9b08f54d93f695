// The one way launchready runs git: the repository may be hostile, so every program its config could name is switched off.
import { type ChildProcessWithoutNullStreams, execFile, execFileSync, spawn } from 'node:child_process';
import type { Stats } from 'node:fs';
import { stat } from 'node:fs/promises';

/** A program that exists everywhere and does nothing, for config keys that name a program. */
const NO_PROGRAM = '/bin/false';

/**
 * `-c` settings win over every config file, the repository's included (safe.directory is left alone on purpose:
 * git refusing a repository owned by someone else is a protection, reported as could-not-run).
 */
const HARDENING: readonly (readonly [string, string])[] = [
  ['core.fsmonitor', 'false'],
  ['core.untrackedCache', 'false'],
  ['core.quotePath', 'true'],
  ['core.pager', 'cat'],
  ['core.hooksPath', '/dev/null'],
  ['core.sshCommand', NO_PROGRAM],
  ['core.gitProxy', NO_PROGRAM],
  ['core.askPass', NO_PROGRAM],
  ['core.editor', NO_PROGRAM],
  ['core.alternateRefsCommand', NO_PROGRAM],
  ['core.attributesFile', '/dev/null'],
  ['credential.helper', ''],
  ['diff.external', ''],
  ['log.showSignature', 'false'],
  ['log.mailmap', 'false'],
  ['mailmap.file', '/dev/null'],
  ['mailmap.blob', ''],
  ['gpg.format', 'openpgp'],
  ['gpg.program', NO_PROGRAM],
  ['gpg.openpgp.program', NO_PROGRAM],
  ['gpg.ssh.program', NO_PROGRAM],
  ['gpg.x509.program', NO_PROGRAM],
  ['gpg.ssh.allowedSignersFile', '/dev/null'],
  ['protocol.allow', 'never'],
  ['submodule.recurse', 'false'],
  ['gc.auto', '0'],
  ['maintenance.auto', 'false'],
];

/** Subcommands that show or verify signatures when asked, and take --no-show-signature. */
const SIGNATURE_COMMANDS = new Set(['log', 'show', 'whatchanged']);

/** Environment a caller may have set (a hook, a CI step) that would point git elsewhere or run a program. */
const DROPPED_ENV = [
  'GIT_DIR',
  'GIT_WORK_TREE',
  'GIT_INDEX_FILE',
  'GIT_OBJECT_DIRECTORY',
  'GIT_ALTERNATE_OBJECT_DIRECTORIES',
  'GIT_COMMON_DIR',
  'GIT_NAMESPACE',
  'GIT_EXTERNAL_DIFF',
  'GIT_SSH',
  'GIT_SSH_COMMAND',
  'GIT_ASKPASS',
  'SSH_ASKPASS',
  'GIT_EDITOR',
  'GIT_EXEC_PATH',
  'GIT_CONFIG',
  'GIT_CONFIG_COUNT',
  'GIT_ATTR_SOURCE',
];

export function gitEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    GIT_TERMINAL_PROMPT: '0',
    GIT_PAGER: 'cat',
    GIT_OPTIONAL_LOCKS: '0',
    GIT_ATTR_NOSYSTEM: '1',
    GIT_NO_REPLACE_OBJECTS: '1',
    LC_ALL: 'C',
  };
  for (const name of DROPPED_ENV) delete env[name];
  for (const name of Object.keys(env)) if (/^GIT_CONFIG_(KEY|VALUE)_\d+$/.test(name)) delete env[name];
  return env;
}

/** Full argv for `git -C dir <args>` with the hardening settings in front. */
export function gitArgv(dir: string, args: readonly string[]): string[] {
  const [sub, ...rest] = args;
  const argv = ['--no-pager', ...HARDENING.flatMap(([k, v]) => ['-c', `${k}=${v}`]), '-C', dir];
  if (sub === undefined) return argv;
  return SIGNATURE_COMMANDS.has(sub) ? [...argv, sub, '--no-show-signature', ...rest] : [...argv, sub, ...rest];
}

export interface GitResult {
  code: number | null;
  stdout: Buffer;
  stderr: string;
}

/** Runs git in `dir`, bounded in time and output size. Never throws. */
export function runGit(dir: string, args: string[], { timeoutMs = 60_000, maxBytes = 256 * 1024 * 1024 } = {}): Promise<GitResult> {
  return new Promise((resolve) => {
    execFile('git', gitArgv(dir, args), { encoding: 'buffer', timeout: timeoutMs, maxBuffer: maxBytes, env: gitEnv() }, (error, stdout, stderr) => {
      const code = error ? (typeof (error as { code?: unknown }).code === 'number' ? ((error as { code: number }).code as number) : null) : 0;
      resolve({ code, stdout: stdout ?? Buffer.alloc(0), stderr: (stderr ?? Buffer.alloc(0)).toString('utf8').slice(0, 2000) });
    });
  });
}

/** Streams git's output; the caller bounds time and bytes. */
export function spawnGit(dir: string, args: string[]): ChildProcessWithoutNullStreams {
  return spawn('git', gitArgv(dir, args), { env: gitEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
}

export type WorkTreeState = { state: 'work-tree' } | { state: 'not-a-repo' } | { state: 'refused'; reason: string };

function workTreeState(code: number | null, stdout: string, stderr: string): WorkTreeState {
  if (code === 0 && stdout.trim() === 'true') return { state: 'work-tree' };
  const reason =
    stderr
      .trim()
      .split('\n')[0]
      ?.replace(/^fatal: /, '') ?? '';
  // Only "not a git repository" means a plain directory; anything else (dubious ownership, a broken .git) is git refusing.
  if (code === 0 || /not a git repository/i.test(reason)) return { state: 'not-a-repo' };
  return { state: 'refused', reason: reason || `git exited with ${code ?? 'a signal'}` };
}

/** Is dir inside a git work tree, a plain directory, or a repository git refuses to read? */
export async function gitWorkTree(dir: string): Promise<WorkTreeState> {
  const r = await runGit(dir, ['rev-parse', '--is-inside-work-tree'], { timeoutMs: 15_000 });
  return workTreeState(r.code, r.stdout.toString('utf8'), r.stderr);
}

/** Synchronous form for the CLI's choice of a default repository. */
export function gitWorkTreeSync(dir: string): WorkTreeState {
  try {
    const out = execFileSync('git', gitArgv(dir, ['rev-parse', '--is-inside-work-tree']), { env: gitEnv(), stdio: ['ignore', 'pipe', 'pipe'], timeout: 5000 });
    return workTreeState(0, out.toString('utf8'), '');
  } catch (error) {
    const e = error as { status?: number | null; stdout?: Buffer; stderr?: Buffer; code?: string };
    if (e.code === 'ENOENT') return { state: 'not-a-repo' }; // no git installed
    return workTreeState(e.status ?? null, e.stdout?.toString('utf8') ?? '', e.stderr?.toString('utf8') ?? 'git timed out');
  }
}

/** Why the repository at dir cannot be audited (missing, not a directory, refused by git), or null when it can. */
export async function repositoryProblem(dir: string): Promise<{ code: string; message: string } | null> {
  let st: Stats;
  try {
    st = await stat(dir);
  } catch {
    return { code: 'REPO_NOT_FOUND', message: `repository ${dir} does not exist` };
  }
  if (!st.isDirectory()) return { code: 'REPO_NOT_DIRECTORY', message: `repository ${dir} is not a directory` };
  const tree = await gitWorkTree(dir);
  return tree.state === 'refused' ? { code: 'GIT_REFUSED', message: `git cannot read ${dir}: ${tree.reason}` } : null;
}

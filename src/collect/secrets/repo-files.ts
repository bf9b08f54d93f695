// Lists and reads the files of a repository: tracked files of a git work tree, or a bounded walk of a plain directory.
// Paths stay raw bytes (names may hold newlines or invalid UTF-8); only their display form is a string.
import { type Dirent, promises as fs } from 'node:fs';
import { readRegularFile, SafeFileError } from '../../safe-file.js';
import { gitWorkTree, spawnGit } from '../git.js';

export { type GitResult, runGit } from '../git.js';

export interface RepoLimits {
  maxFiles: number;
  maxFileBytes: number;
  /** Directory depth of the plain-directory walk. */
  maxDepth: number;
}

export const DEFAULT_REPO_LIMITS: RepoLimits = { maxFiles: 100_000, maxFileBytes: 1024 * 1024, maxDepth: 40 };

export interface RepoEntry {
  /** Absolute path as bytes, for fs calls. */
  fsPath: Buffer;
  /** Relative path for reports: UTF-8 with control characters escaped. */
  path: string;
  /** From the git index or the directory entry. */
  kind: 'file' | 'symlink' | 'other';
}

export interface RepoListing {
  gitRepo: boolean;
  entries: RepoEntry[];
  /** Entries past maxFiles. */
  overFileLimit: number;
}

export function displayPath(raw: Buffer | string): string {
  const text = typeof raw === 'string' ? raw : raw.toString('utf8');
  return text.replace(/[\x00-\x1f\x7f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

async function isGitWorkTree(dir: string): Promise<boolean> {
  return (await gitWorkTree(dir)).state === 'work-tree';
}

/** Streams `git ls-files -z --stage` and keeps at most maxFiles entries. */
function listTracked(dir: string, limits: RepoLimits): Promise<RepoListing> {
  return new Promise((resolve, reject) => {
    const child = spawnGit(dir, ['ls-files', '-z', '--stage']);
    child.stdin.end();
    const entries: RepoEntry[] = [];
    let overFileLimit = 0;
    let carry: Buffer = Buffer.alloc(0);
    let stderr = '';
    const base = Buffer.from(`${dir}/`);
    const take = (record: Buffer): void => {
      // "<mode> <sha> <stage>\t<path>"
      const tab = record.indexOf(9);
      if (tab < 0) return;
      const mode = record.subarray(0, 6).toString();
      const rel = record.subarray(tab + 1);
      if (entries.length >= limits.maxFiles) {
        overFileLimit++;
        return;
      }
      entries.push({ fsPath: Buffer.concat([base, rel]), path: displayPath(rel), kind: mode === '120000' ? 'symlink' : mode === '160000' ? 'other' : 'file' });
    };
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.stdout.on('data', (chunk: Buffer) => {
      let data = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
      let start = 0;
      for (let nul = data.indexOf(0, start); nul >= 0; nul = data.indexOf(0, start)) {
        take(data.subarray(start, nul));
        start = nul + 1;
      }
      data = data.subarray(start);
      carry = data.length > 8192 ? Buffer.alloc(0) : Buffer.from(data);
    });
    child.stderr.on('data', (c: Buffer) => {
      if (stderr.length < 2000) stderr += c.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code !== 0) reject(Object.assign(new Error(`git ls-files failed: ${stderr.trim().split('\n')[0] ?? code}`), { code: 'GIT_FAILED' }));
      else resolve({ gitRepo: true, entries, overFileLimit });
    });
  });
}

/** Directories that hold dependencies or tool caches, not the app's own files. */
const WALK_SKIP = new Set(['.git', 'node_modules', '.venv', 'venv', '__pycache__', '.tox', '.cache', '.hg', '.svn', '.next', '.turbo']);

async function walkDirectory(dir: string, limits: RepoLimits): Promise<RepoListing> {
  const entries: RepoEntry[] = [];
  let overFileLimit = 0;
  const root = Buffer.from(dir);
  const visit = async (abs: Buffer, rel: Buffer | null, depth: number): Promise<void> => {
    let children: Dirent<Buffer>[];
    try {
      children = await fs.readdir(abs, { withFileTypes: true, encoding: 'buffer' });
    } catch {
      return;
    }
    for (const child of children) {
      const name = child.name;
      const childRel = rel ? Buffer.concat([rel, Buffer.from('/'), name]) : name;
      const childAbs = Buffer.concat([abs, Buffer.from('/'), name]);
      if (child.isDirectory()) {
        if (WALK_SKIP.has(name.toString()) || depth >= limits.maxDepth) continue;
        await visit(childAbs, childRel, depth + 1);
        continue;
      }
      if (entries.length >= limits.maxFiles) {
        overFileLimit++;
        continue;
      }
      entries.push({ fsPath: childAbs, path: displayPath(childRel), kind: child.isSymbolicLink() ? 'symlink' : child.isFile() ? 'file' : 'other' });
    }
  };
  await visit(root, null, 0);
  return { gitRepo: false, entries, overFileLimit };
}

export async function listRepoFiles(dir: string, limits: RepoLimits = DEFAULT_REPO_LIMITS): Promise<RepoListing> {
  return (await isGitWorkTree(dir)) ? listTracked(dir, limits) : walkDirectory(dir, limits);
}

export type ReadOutcome = { text: string; bytes: number } | { skip: 'binary' | 'tooLarge' | 'symlinks' | 'unreadable'; bytes?: number };

/** Reads one listed file: never follows symlinks, never reads past the size limit, refuses binaries. */
export async function readRepoFile(entry: RepoEntry, maxFileBytes: number): Promise<ReadOutcome> {
  if (entry.kind === 'symlink') return { skip: 'symlinks' };
  if (entry.kind === 'other') return { skip: 'unreadable' };
  try {
    const st = await fs.lstat(entry.fsPath);
    if (st.isSymbolicLink()) return { skip: 'symlinks' };
    if (!st.isFile()) return { skip: 'unreadable' };
    if (st.size > maxFileBytes) return { skip: 'tooLarge', bytes: st.size };
    // one open, regular files only, never following a link swapped in after lstat; the cap does not trust st.size
    const data = await readRegularFile(entry.fsPath, { maxBytes: maxFileBytes, follow: false });
    if (data.subarray(0, 8192).includes(0)) return { skip: 'binary', bytes: data.length };
    return { text: data.toString('utf8'), bytes: data.length };
  } catch (error) {
    if (error instanceof SafeFileError)
      return error.problem === 'symlink' ? { skip: 'symlinks' } : error.problem === 'too-large' ? { skip: 'tooLarge', bytes: error.bytes } : { skip: 'unreadable' };
    return { skip: 'unreadable' };
  }
}

/** Runs fn over items with at most `parallel` in flight. */
export async function forEachLimited<T>(items: readonly T[], parallel: number, fn: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i] as T, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, items.length) }, worker));
}

// Lists and reads the files of a repository: tracked files of a git work tree, or a bounded walk of a plain directory
// (both from the run's repository index, collect/repo-index.ts). Paths stay raw bytes (names may hold newlines or
// invalid UTF-8); only their display form is a string.
import { promises as fs } from 'node:fs';
import { readRegularFile, SafeFileError } from '../../safe-file.js';
import { type IndexedFile, indexFor, type RepoIndex } from '../repo-index.js';

export { type GitResult, runGit } from '../git.js';

export interface RepoLimits {
  maxFiles: number;
  maxFileBytes: number;
  /** Directory depth of the plain-directory walk. */
  maxDepth: number;
}

export const DEFAULT_REPO_LIMITS: RepoLimits = { maxFiles: 100_000, maxFileBytes: 1024 * 1024, maxDepth: 40 };

/** One listed file (an IndexedFile of the repository index carries these and its class). */
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
  entries: IndexedFile[];
  /** Entries past maxFiles. */
  overFileLimit: number;
}

export { displayPath } from '../repo-index.js';

/** Tracked files of a git work tree, or every entry of a plain directory: from the run's repository index when given. */
export async function listRepoFiles(dir: string, limits: RepoLimits = DEFAULT_REPO_LIMITS, index?: RepoIndex): Promise<RepoListing> {
  return indexFor(dir, index, { maxFiles: limits.maxFiles, maxDepth: limits.maxDepth }).tracked();
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

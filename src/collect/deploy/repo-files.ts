// Bounded, symlink-free walk of a repository: every repo collector (deploy, deps, logs, monitoring) lists files through here.
import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { readRegularFile } from '../../safe-file.js';

/** Folders that hold generated or third-party code, never the app's own files. */
const SKIPPED_DIRS = new Set([
  'node_modules',
  '.git',
  'vendor',
  'dist',
  'build',
  '.next',
  '.nuxt',
  '.svelte-kit',
  'coverage',
  '__pycache__',
  '.venv',
  'venv',
  '.tox',
  'target',
  '.terraform',
  '.cache',
  'bower_components',
  'tmp',
]);

export interface RepoListing {
  /** Repo-relative paths with forward slashes, sorted. */
  files: string[];
  /** Sizes by path, for size limits before reading. */
  sizes: Map<string, number>;
  /** The walk stopped at the file or depth limit. */
  truncated: boolean;
}

export interface WalkLimits {
  maxFiles?: number;
  maxDepth?: number;
}

/** List regular files (no symlinks) under root, breadth first, within limits. Unreadable folders are skipped. */
export async function listRepoFiles(root: string, limits: WalkLimits = {}): Promise<RepoListing> {
  const maxFiles = limits.maxFiles ?? 20_000;
  const maxDepth = limits.maxDepth ?? 12;
  const files: string[] = [];
  const sizes = new Map<string, number>();
  let truncated = false;
  let queue: { rel: string; depth: number }[] = [{ rel: '', depth: 0 }];
  while (queue.length > 0) {
    const next: { rel: string; depth: number }[] = [];
    for (const dir of queue) {
      let entries: import('node:fs').Dirent[];
      try {
        entries = await readdir(join(root, dir.rel), { withFileTypes: true });
      } catch {
        continue;
      }
      entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      for (const entry of entries) {
        const rel = dir.rel ? `${dir.rel}/${entry.name}` : entry.name;
        if (entry.isDirectory()) {
          if (SKIPPED_DIRS.has(entry.name)) continue;
          if (dir.depth + 1 >= maxDepth) {
            truncated = true;
            continue;
          }
          next.push({ rel, depth: dir.depth + 1 });
        } else if (entry.isFile()) {
          if (files.length >= maxFiles) {
            truncated = true;
            break;
          }
          files.push(rel);
        }
      }
    }
    queue = files.length >= maxFiles ? [] : next;
  }
  files.sort();
  await Promise.all(
    files.map(async (f) => {
      try {
        sizes.set(f, (await lstat(join(root, ...f.split('/')))).size);
      } catch {
        sizes.set(f, 0);
      }
    }),
  );
  return { files, sizes, truncated };
}

/** Read at most maxBytes of a repo file as UTF-8; null when unreadable. Never follows a symlink swapped in after the walk. */
export async function readRepoFile(root: string, rel: string, maxBytes = 1024 * 1024): Promise<string | null> {
  const path = join(root, ...rel.split('/'));
  try {
    return (await readRegularFile(path, { maxBytes, follow: false, truncate: true })).toString('utf8');
  } catch {
    return null;
  }
}

export function baseName(rel: string): string {
  return rel.slice(rel.lastIndexOf('/') + 1);
}

export function dirName(rel: string): string {
  const i = rel.lastIndexOf('/');
  return i === -1 ? '' : rel.slice(0, i);
}

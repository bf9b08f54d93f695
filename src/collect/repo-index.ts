// One bounded walk of the repository per run, shared by every repo collector (deploy, deps, env, logs, monitoring,
// secrets, migrations discovery), and one classification of each file (analyze/file-class.ts).
// The walk never follows a symlink, records special files without opening them, stops descending at maxDepth and stops
// storing at maxFiles (entries past it are counted, up to a hard cap). Tracked files come from one `git ls-files` call.
import { type Dirent, promises as fs } from 'node:fs';
import { classifyPath, type FileClass, isOutsideApp } from '../analyze/file-class.js';
import { gitWorkTree, spawnGit } from './git.js';

export interface RepoIndexLimits {
  /** Entries stored (files, symlinks, special files). */
  maxFiles: number;
  /** Folder depth of the walk. */
  maxDepth: number;
}

const DEFAULT_INDEX_LIMITS: RepoIndexLimits = { maxFiles: 100_000, maxDepth: 40 };

/** Entries counted past maxFiles before the walk gives up counting (a bound on a hostile tree's listing time). */
const COUNT_CAP_FACTOR = 10;

/** Folders never walked: version control data, installed dependencies and tool caches (none is the app's own). */
const WALK_SKIP = new Set(['.git', '.hg', '.svn', 'node_modules', '.venv', 'venv', '__pycache__', '.tox', '.cache', '.next', '.turbo']);

export interface IndexedFile {
  /** Absolute path as bytes, for fs calls (names may hold newlines or invalid UTF-8). */
  fsPath: Buffer;
  /** Repo-relative path with forward slashes: UTF-8 with control characters escaped. */
  path: string;
  kind: 'file' | 'symlink' | 'other';
  class: FileClass;
  /** Under a vendored or generated folder (vendor/, dist/, build/ …): never read as the app's own files. */
  outsideApp: boolean;
}

export interface RepoWalk {
  /** Sorted by path. */
  entries: IndexedFile[];
  /** Entries past maxFiles (counted, not stored). */
  overFileLimit: number;
  /** The walk stopped at the depth limit or the count cap somewhere. */
  truncated: boolean;
}

/** The app's own files as the deploy-family collectors read them: regular files outside vendored/generated folders. */
export interface AppFiles {
  /** Repo-relative paths, sorted. */
  files: string[];
  truncated: boolean;
  classOf(path: string): FileClass;
  /** Size in bytes (lstat, never following a link); 0 when unreadable. */
  size(path: string): Promise<number>;
}

export interface TrackedListing {
  gitRepo: boolean;
  entries: IndexedFile[];
  overFileLimit: number;
}

/** How many tree walks ran in this process (tests prove one per run). */
export const walkStats = { walks: 0 };

export function displayPath(raw: Buffer | string): string {
  const text = typeof raw === 'string' ? raw : raw.toString('utf8');
  return text.replace(/[\x00-\x1f\x7f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

function indexed(fsPath: Buffer, path: string, kind: IndexedFile['kind']): IndexedFile {
  return { fsPath, path, kind, class: classifyPath(path), outsideApp: isOutsideApp(path) };
}

const byPath = (a: IndexedFile, b: IndexedFile): number => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

/** Breadth first, names sorted, so the entries kept under a file limit are the shallow ones. */
async function walkTree(root: string, limits: RepoIndexLimits): Promise<RepoWalk> {
  walkStats.walks++;
  const entries: IndexedFile[] = [];
  let overFileLimit = 0;
  let truncated = false;
  const countCap = limits.maxFiles * COUNT_CAP_FACTOR;
  const slash = Buffer.from('/');
  let level: { abs: Buffer; rel: Buffer | null; depth: number }[] = [{ abs: Buffer.from(root), rel: null, depth: 0 }];
  while (level.length > 0) {
    const next: typeof level = [];
    for (const dir of level) {
      let children: Dirent<Buffer>[];
      try {
        children = await fs.readdir(dir.abs, { withFileTypes: true, encoding: 'buffer' });
      } catch {
        continue;
      }
      children.sort((a, b) => Buffer.compare(a.name, b.name));
      for (const child of children) {
        const rel = dir.rel ? Buffer.concat([dir.rel, slash, child.name]) : child.name;
        const abs = Buffer.concat([dir.abs, slash, child.name]);
        // Dirent types come from readdir without following links: a symlinked folder is an entry, never walked
        if (child.isDirectory()) {
          if (WALK_SKIP.has(child.name.toString())) continue;
          if (dir.depth + 1 > limits.maxDepth) {
            truncated = true;
            continue;
          }
          next.push({ abs, rel, depth: dir.depth + 1 });
          continue;
        }
        if (entries.length >= limits.maxFiles) {
          overFileLimit++;
          if (entries.length + overFileLimit >= countCap) {
            truncated = true;
            return { entries: entries.sort(byPath), overFileLimit, truncated };
          }
          continue;
        }
        entries.push(indexed(abs, displayPath(rel), child.isSymbolicLink() ? 'symlink' : child.isFile() ? 'file' : 'other'));
      }
    }
    level = next;
  }
  return { entries: entries.sort(byPath), overFileLimit, truncated };
}

/** Streams `git ls-files -z --stage` and keeps at most maxFiles entries. */
function listTracked(dir: string, limits: RepoIndexLimits): Promise<TrackedListing> {
  return new Promise((resolve, reject) => {
    const child = spawnGit(dir, ['ls-files', '-z', '--stage']);
    child.stdin.end();
    const entries: IndexedFile[] = [];
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
      entries.push(indexed(Buffer.concat([base, rel]), displayPath(rel), mode === '120000' ? 'symlink' : mode === '160000' ? 'other' : 'file'));
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

/** The repository of one run: walked at most once, listed by git at most once, both on first use. */
export class RepoIndex {
  private walkPromise: Promise<RepoWalk> | null = null;
  private trackedPromise: Promise<TrackedListing> | null = null;
  private gitPromise: Promise<boolean> | null = null;
  private appPromise: Promise<AppFiles> | null = null;

  constructor(
    readonly root: string,
    readonly limits: RepoIndexLimits = DEFAULT_INDEX_LIMITS,
  ) {}

  /** Every entry of the working tree outside WALK_SKIP folders. */
  walk(): Promise<RepoWalk> {
    this.walkPromise ??= walkTree(this.root, this.limits);
    return this.walkPromise;
  }

  isGitRepo(): Promise<boolean> {
    this.gitPromise ??= gitWorkTree(this.root).then((t) => t.state === 'work-tree');
    return this.gitPromise;
  }

  /** Tracked files of a git work tree (`git ls-files`), else every walked entry: what the secrets and env scans read. */
  tracked(): Promise<TrackedListing> {
    this.trackedPromise ??= (async () => {
      if (await this.isGitRepo()) return listTracked(this.root, this.limits);
      const walk = await this.walk();
      return { gitRepo: false, entries: walk.entries, overFileLimit: walk.overFileLimit };
    })();
    return this.trackedPromise;
  }

  /** Regular files outside vendored/generated folders, from the walk. */
  appFiles(): Promise<AppFiles> {
    this.appPromise ??= (async () => {
      const walk = await this.walk();
      const byRel = new Map<string, IndexedFile>();
      for (const e of walk.entries) if (e.kind === 'file' && !e.outsideApp) byRel.set(e.path, e);
      const sizes = new Map<string, Promise<number>>();
      return {
        files: [...byRel.keys()],
        truncated: walk.truncated || walk.overFileLimit > 0,
        classOf: (path: string) => byRel.get(path)?.class ?? classifyPath(path),
        size: (path: string) => {
          const entry = byRel.get(path);
          if (!entry) return Promise.resolve(0);
          let size = sizes.get(path);
          if (!size) {
            size = fs.lstat(entry.fsPath).then(
              (st) => st.size,
              () => 0,
            );
            sizes.set(path, size);
          }
          return size;
        },
      };
    })();
    return this.appPromise;
  }
}

/** The run's index when the runner gave one, else a fresh one (direct calls from tests and tools). */
export function indexFor(repo: string, index?: RepoIndex, limits?: RepoIndexLimits): RepoIndex {
  return index ?? new RepoIndex(repo, limits);
}

/** Test code or test data: not the app's own code. */
export function isTestClass(c: FileClass): boolean {
  return c === 'test' || c === 'fixture';
}

// Streams `git log -p --all -U0` line by line and scans only the added lines; the history is never held in memory.
import { pathTraits, type SecretHit, type SecretScanner } from '../../analyze/secret-rules.js';
import { spawnGit } from '../git.js';
import { displayPath } from './repo-files.js';

export interface HistoryLimits {
  maxBytes: number;
  timeoutMs: number;
  /** Longer lines are cut (a minified bundle or a generated blob in one line). */
  maxLineBytes: number;
  /** Stop after this many commits (newest first); unset: no commit budget. */
  maxCommits?: number;
}

export const DEFAULT_HISTORY_LIMITS: HistoryLimits = { maxBytes: 4 * 1024 * 1024 * 1024, timeoutMs: 180_000, maxLineBytes: 64 * 1024 };

export interface HistoryHit extends SecretHit {
  commit: string;
  authorDate: string;
  file: string;
}

export interface HistoryStats {
  commits: number;
  addedLines: number;
  bytes: number;
  longLines: number;
  truncated: string | null;
}

/** Flush added lines to the scanner in blocks of this many (keeps lookahead for PEM bodies, bounds memory). */
const BLOCK_LINES = 512;

/** Undo git's C-style quoting of a path ("a\nb", octal escapes for non-ASCII) into the raw bytes. */
function unquoteGitPath(text: string): Buffer {
  if (!text.startsWith('"')) return Buffer.from(text, 'latin1');
  const bytes: number[] = [];
  const simple: Record<string, number> = { n: 10, t: 9, r: 13, '"': 34, '\\': 92, a: 7, b: 8, f: 12, v: 11 };
  for (let i = 1; i < text.length - 1; i++) {
    const c = text[i] as string;
    if (c !== '\\') {
      bytes.push(text.charCodeAt(i) & 0xff);
      continue;
    }
    const n = text[i + 1] ?? '';
    if (/[0-7]/.test(n)) {
      bytes.push(Number.parseInt(text.slice(i + 1, i + 4), 8) & 0xff);
      i += 3;
    } else {
      bytes.push(simple[n] ?? n.charCodeAt(0));
      i += 1;
    }
  }
  return Buffer.from(bytes);
}

/**
 * Scans every added line of every commit reachable from any ref. `onHit` receives each unsuppressed and suppressed hit
 * (newest commit first). Resolves with counters; a git failure or a limit ends the scan with `truncated` set.
 */
export function scanHistory(dir: string, scanner: SecretScanner, onHit: (hit: HistoryHit) => void, limits: HistoryLimits = DEFAULT_HISTORY_LIMITS): Promise<HistoryStats> {
  return new Promise((resolve) => {
    const stats: HistoryStats = { commits: 0, addedLines: 0, bytes: 0, longLines: 0, truncated: null };
    const child = spawnGit(dir, ['log', '-p', '--all', '--no-color', '--no-ext-diff', '--no-textconv', '-U0', '-M', '--diff-filter=d', '--format=%x00%H %aI']);
    child.stdin.end();
    let commit = '';
    let authorDate = '';
    let file: string | null = null;
    let inHunk = false;
    let nextLine = 0;
    let block: string[] = [];
    let blockStart = 0;
    let stderr = '';
    const flush = (): void => {
      if (block.length > 0 && file !== null) {
        for (const hit of scanner.scanLines(block, blockStart, file, pathTraits(file))) onHit({ ...hit, commit, authorDate, file });
      }
      block = [];
    };
    const onLine = (line: string): void => {
      if (stopped) return;
      if (line.charCodeAt(0) === 0) {
        flush();
        if (limits.maxCommits !== undefined && stats.commits >= limits.maxCommits) {
          stop(`commit budget of ${limits.maxCommits} reached`);
          return;
        }
        const space = line.indexOf(' ');
        commit = line.slice(1, space);
        authorDate = line.slice(space + 1);
        stats.commits++;
        file = null;
        inHunk = false;
        return;
      }
      if (line.startsWith('diff --git ')) {
        flush();
        file = null;
        inHunk = false;
        return;
      }
      if (line.startsWith('@@ ')) {
        flush();
        const m = /\+(\d+)/.exec(line);
        nextLine = m ? Number(m[1]) : 1;
        blockStart = nextLine;
        inHunk = true;
        return;
      }
      if (inHunk) {
        if (line.charCodeAt(0) !== 43 /* + */) return;
        stats.addedLines++;
        if (file === null) return;
        if (block.length === 0) blockStart = nextLine;
        block.push(line.slice(1));
        nextLine++;
        if (block.length >= BLOCK_LINES) flush();
        return;
      }
      if (line.startsWith('+++ ')) {
        const target = line.slice(4);
        file = target === '/dev/null' ? null : displayPath(unquoteGitPath(target).toString('utf8').replace(/^b\//, ''));
      }
    };

    let carry: Buffer[] = [];
    let carryBytes = 0;
    let cut = false;
    let stopped = false;
    const stop = (reason: string): void => {
      if (stopped) return;
      stopped = true;
      stats.truncated = reason;
      child.kill('SIGKILL');
    };
    const timer = setTimeout(() => stop(`time limit of ${Math.round(limits.timeoutMs / 1000)} s reached`), limits.timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      if (stopped) return;
      stats.bytes += chunk.length;
      if (stats.bytes > limits.maxBytes) {
        stop(`history larger than ${Math.round(limits.maxBytes / 1024 / 1024)} MiB`);
        return;
      }
      let start = 0;
      for (let nl = chunk.indexOf(10, start); nl >= 0; nl = chunk.indexOf(10, start)) {
        let text: string;
        if (carryBytes > 0) {
          if (!cut) carry.push(chunk.subarray(start, Math.min(nl, start + limits.maxLineBytes - carryBytes)));
          text = Buffer.concat(carry).toString('utf8');
          carry = [];
          carryBytes = 0;
        } else if (nl - start > limits.maxLineBytes) {
          text = chunk.toString('utf8', start, start + limits.maxLineBytes);
          stats.longLines++;
        } else {
          text = chunk.toString('utf8', start, nl);
        }
        if (cut) stats.longLines++;
        cut = false;
        onLine(text);
        start = nl + 1;
      }
      if (start < chunk.length && !cut) {
        const room = limits.maxLineBytes - carryBytes;
        const piece = chunk.subarray(start, start + Math.max(0, room));
        carry.push(Buffer.from(piece));
        carryBytes += piece.length;
        if (chunk.length - start > room) cut = true;
      }
    });
    child.stderr.on('data', (c: Buffer) => {
      if (stderr.length < 2000) stderr += c.toString();
    });
    child.on('error', (error) => stop(`git failed: ${error.message}`));
    child.on('close', (code) => {
      clearTimeout(timer);
      if (!stopped && carryBytes > 0) onLine(Buffer.concat(carry).toString('utf8'));
      flush();
      if (!stopped && code !== 0) stats.truncated = `git log failed: ${stderr.trim().split('\n')[0] ?? `exit ${code}`}`;
      resolve(stats);
    });
  });
}

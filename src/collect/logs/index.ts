// The logs collector: logger calls in the repo's code, and every file matching the configured `logs:` globs streamed line by line in constant memory.
import { lstat, readdir } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { CODE_EXTENSIONS } from '../../analyze/deploy-signals.js';
import { findSensitiveLogCalls, LogSecretScanner, maskSecretsDeep } from '../../analyze/log-patterns.js';
import type { CodeLogScan, LogFileScan, LogsFacts } from '../../facts/logs.js';
import { openRegularFile } from '../../safe-file.js';
import { defineCollector } from '../collector.js';
import { baseName, readRepoFile } from '../deploy/repo-files.js';
import { indexFor, isTestClass, type RepoIndex } from '../repo-index.js';

const MAX_CODE_FILES = 5000;
const MAX_CODE_BYTES = 512 * 1024;
const MAX_CALLS = 200;
const MAX_LOG_FILES = 200;
const MAX_LINE_BYTES = 64 * 1024;
const MAX_GLOB_DIRS = 5000;

async function scanCodeForLogCalls(repo: string, index?: RepoIndex): Promise<CodeLogScan> {
  const listing = await indexFor(repo, index).appFiles();
  const scan: CodeLogScan = { filesScanned: 0, truncated: listing.truncated, calls: [] };
  for (const file of listing.files) {
    const base = baseName(file);
    if (
      !CODE_EXTENSIONS.test(base) ||
      isTestClass(listing.classOf(file)) ||
      listing.classOf(file) === 'docs' ||
      listing.classOf(file) === 'generated' ||
      /[._](?:test|spec)\.\w+$|^test_/.test(base) ||
      /\.d\.ts$/.test(base)
    )
      continue;
    if ((await listing.size(file)) > MAX_CODE_BYTES) continue;
    if (scan.filesScanned >= MAX_CODE_FILES) {
      scan.truncated = true;
      break;
    }
    const text = await readRepoFile(repo, file, MAX_CODE_BYTES);
    if (text === null || text.includes('\u0000')) continue;
    scan.filesScanned++;
    for (const c of findSensitiveLogCalls(text)) {
      if (scan.calls.length >= MAX_CALLS) return { ...scan, truncated: true };
      scan.calls.push({ file, ...c });
    }
  }
  return scan;
}

function segmentPattern(segment: string): RegExp {
  const body = segment
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '[^/]*')
    .replace(/\?/g, '[^/]');
  return new RegExp(`^${body}$`);
}

/** Expand a glob (*, ?, ** as whole segment) relative to base: regular files only, no symlinks, bounded. */
export async function expandGlob(pattern: string, base: string, limit = MAX_LOG_FILES): Promise<string[]> {
  const absolute = isAbsolute(pattern) ? pattern : join(base, pattern);
  const parts = absolute.split(sep).filter((p, i) => p !== '' || i === 0);
  let fixed = parts[0] === '' ? sep : '';
  let i = parts[0] === '' ? 1 : 0;
  while (i < parts.length - 1 && !/[*?]/.test(parts[i] ?? '')) fixed = join(fixed, parts[i++] ?? '');
  const rest = parts.slice(i);
  const out: string[] = [];
  let dirsVisited = 0;
  const walk = async (dir: string, segs: string[]): Promise<void> => {
    if (out.length >= limit || dirsVisited++ > MAX_GLOB_DIRS) return;
    const [seg, ...more] = segs;
    if (seg === undefined) return;
    if (seg === '**') {
      await walk(dir, more);
      let entries: import('node:fs').Dirent[] = [];
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch {}
      for (const e of entries) if (e.isDirectory() && e.name !== '.git' && e.name !== 'node_modules') await walk(join(dir, e.name), segs);
      return;
    }
    if (!/[*?]/.test(seg)) {
      const path = join(dir, seg);
      if (more.length === 0) {
        const st = await lstat(path).catch(() => null);
        if (st?.isFile() && !out.includes(path)) out.push(path);
      } else await walk(path, more);
      return;
    }
    const re = segmentPattern(seg);
    let entries: import('node:fs').Dirent[] = [];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const e of entries) {
      if (!re.test(e.name)) continue;
      if (more.length === 0) {
        if (e.isFile() && !out.includes(join(dir, e.name)) && out.length < limit) out.push(join(dir, e.name));
      } else if (e.isDirectory()) await walk(join(dir, e.name), more);
    }
  };
  await walk(fixed || '.', rest);
  return out;
}

/** Stream a log file: split on newlines by hand so a hostile file with no newline never grows memory past MAX_LINE_BYTES. */
export async function scanLogFile(path: string, label: string): Promise<LogFileScan> {
  const scanner = new LogSecretScanner();
  const result: LogFileScan = { file: label, bytes: 0, lines: 0, longLines: 0, counts: scanner.counts, distinctEmails: 0, samples: scanner.samples, error: null };
  let carry: Buffer | null = null;
  let carryOverflow = false;
  const emit = (buf: Buffer) => {
    result.lines++;
    scanner.scanLine(buf.toString('utf8'), result.lines);
  };
  try {
    // one open of a regular file: a log path swapped for a FIFO or a device after the glob's lstat is refused, not read forever
    const handle = await openRegularFile(path, { follow: false });
    const stream = handle.createReadStream({ highWaterMark: 1024 * 1024 });
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      result.bytes += chunk.length;
      let start = 0;
      for (;;) {
        const nl = chunk.indexOf(10, start);
        if (nl === -1) break;
        const piece = chunk.subarray(start, nl);
        if (carry) {
          if (!carryOverflow) emit(Buffer.concat([carry, piece]).subarray(0, MAX_LINE_BYTES));
          else result.lines++;
          carry = null;
          carryOverflow = false;
        } else emit(piece.length > MAX_LINE_BYTES ? piece.subarray(0, MAX_LINE_BYTES) : piece);
        if (piece.length > MAX_LINE_BYTES) result.longLines++;
        start = nl + 1;
      }
      const tail = chunk.subarray(start);
      if (tail.length === 0) continue;
      if (carryOverflow) continue;
      const joined: Buffer = carry ? Buffer.concat([carry, tail]) : Buffer.from(tail);
      if (joined.length > MAX_LINE_BYTES) {
        // scan the start of an over-long line once, then skip to its end
        emit(joined.subarray(0, MAX_LINE_BYTES));
        result.lines--;
        result.longLines++;
        carry = Buffer.alloc(0);
        carryOverflow = true;
      } else carry = joined;
    }
    if (carry && carry.length > 0 && !carryOverflow) emit(carry);
    else if (carryOverflow) result.lines++;
  } catch (error) {
    result.error = `${(error as NodeJS.ErrnoException).code ?? 'READ_ERROR'}: cannot read ${label}`;
  }
  result.distinctEmails = scanner.distinctEmails;
  return result;
}

export async function collectLogs(repo: string | null, patterns: string[], cwd: string, progress: (note: string) => void = () => {}, index?: RepoIndex): Promise<LogsFacts> {
  const facts: LogsFacts = { repo, codeScan: null, patterns, unmatchedPatterns: [], logFiles: [] };
  if (repo) {
    progress('looking for logger calls that pass secrets');
    facts.codeScan = await scanCodeForLogCalls(repo, index);
  }
  const base = repo ? resolve(repo) : resolve(cwd);
  const seen = new Set<string>();
  for (const pattern of patterns) {
    const matches = await expandGlob(pattern, base);
    if (matches.length === 0) facts.unmatchedPatterns.push(pattern);
    for (const path of matches) {
      if (seen.has(path) || seen.size >= MAX_LOG_FILES) continue;
      seen.add(path);
      const rel = relative(base, path);
      const label = rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel.split(sep).join('/') : path;
      progress(`scanning ${label}`);
      facts.logFiles.push(await scanLogFile(path, label));
    }
  }
  return maskSecretsDeep(facts);
}

export const logsCollector = defineCollector({
  source: 'logs',
  title: 'Logging',
  readsRepo: true,
  stages: ['repo'],
  missingInput: (plan) => (plan.repo || plan.logs.length > 0 ? null : 'no repository or log files given: pass --repo DIR, or list log files under logs: in launchready.yml'),
  collect: (run) => collectLogs(run.plan.repo, run.plan.logs, process.cwd(), run.progress, run.plan.repo ? run.repoIndex?.() : undefined),
});

// Bounded line reading for evidence files: plain or gzip, split by hand so a line without a newline never grows memory
// past the cap (node:readline buffers a whole line before it can be judged too long).
import { createReadStream } from 'node:fs';
import { resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { expandGlob } from '../collect/logs/index.js';

export const DEFAULT_MAX_LINE_BYTES = 64 * 1024;

/** "512 MiB", "3 KiB": sizes in one-line errors. */
export function formatSize(bytes: number): string {
  return bytes >= 1024 ** 2 ? `${Math.round(bytes / 1024 ** 2)} MiB` : `${Math.ceil(bytes / 1024)} KiB`;
}

export interface LineReadStats {
  /** Bytes read after decompression. */
  bytes: number;
  /** Lines handed to the callback. */
  lines: number;
  /** Lines over the cap: skipped without being buffered whole, not handed to the callback. */
  tooLong: number;
  /** Reading stopped because maxBytes was reached (a decompression bomb or an endless file). */
  truncated: boolean;
}

export interface LineReadOptions {
  maxLineBytes?: number;
  /** Stop after this many decompressed bytes. */
  maxBytes?: number;
}

/** True for a path read through gunzip. */
export function isGzipPath(path: string): boolean {
  return /\.gz$/i.test(path);
}

/** Opens a file as a byte stream, gunzipped when the name ends in .gz. */
export function openEvidenceStream(path: string): Readable {
  // 64 KiB reads: larger chunks made no faster reading but a larger peak RSS (strings of garbage per chunk)
  const raw = createReadStream(path, { highWaterMark: 64 * 1024 });
  if (!isGzipPath(path)) return raw;
  const gunzip = createGunzip({ chunkSize: 256 * 1024 });
  raw.on('error', (error) => gunzip.destroy(error));
  return raw.pipe(gunzip);
}

/**
 * Calls onLine for every line of the stream (without its newline, a trailing \r removed). Whole chunks are decoded
 * at once (one string per megabyte, not per line): the fast path for multi-gigabyte logs. Returning false from
 * onLine stops reading.
 */
export async function forEachLine(stream: Readable, onLine: (line: string) => boolean | undefined, options: LineReadOptions = {}): Promise<LineReadStats> {
  const maxLine = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  const maxBytes = options.maxBytes ?? Number.POSITIVE_INFINITY;
  const stats: LineReadStats = { bytes: 0, lines: 0, tooLong: 0, truncated: false };
  let carry: Buffer[] = [];
  let carryBytes = 0;
  let skipping = false; // inside an over-long line: drop bytes until its newline
  let stopped = false;
  const emit = (line: string): void => {
    if (line.length > 0 && line.charCodeAt(line.length - 1) === 13) line = line.slice(0, -1);
    stats.lines++;
    if (onLine(line) === false) stopped = true;
  };
  const emitChecked = (line: string): void => {
    // a string's length never exceeds its UTF-8 byte count, so measure bytes only when it could be over
    if (line.length * 3 > maxLine && Buffer.byteLength(line) > maxLine) stats.tooLong++;
    else emit(line);
  };
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      let buf = chunk;
      if (stats.bytes + buf.length > maxBytes) {
        buf = buf.subarray(0, Math.max(0, maxBytes - stats.bytes));
        stats.truncated = true;
      }
      stats.bytes += buf.length;
      let start = 0;
      const firstNl = buf.indexOf(10);
      if (firstNl === -1) {
        if (!skipping) {
          carry.push(buf);
          carryBytes += buf.length;
          if (carryBytes > maxLine) {
            skipping = true;
            carry = [];
            carryBytes = 0;
          }
        }
      } else {
        // finish the line carried over from earlier chunks
        if (skipping) {
          stats.tooLong++;
          skipping = false;
        } else if (carryBytes > 0 || carry.length > 0) {
          const head = buf.subarray(0, firstNl);
          if (carryBytes + head.length > maxLine) stats.tooLong++;
          else emit(Buffer.concat([...carry, head]).toString('utf8'));
        } else emitChecked(buf.toString('utf8', 0, firstNl));
        carry = [];
        carryBytes = 0;
        start = firstNl + 1;
        const lastNl = buf.lastIndexOf(10);
        if (lastNl > firstNl && !stopped) {
          const text = buf.toString('utf8', start, lastNl);
          let from = 0;
          for (;;) {
            const nl = text.indexOf('\n', from);
            if (nl === -1) {
              emitChecked(text.slice(from));
              break;
            }
            emitChecked(text.slice(from, nl));
            if (stopped) break;
            from = nl + 1;
          }
        }
        const tail = buf.subarray(Math.max(start, lastNl + 1));
        if (tail.length > maxLine) skipping = true;
        else if (tail.length > 0) {
          carry = [Buffer.from(tail)];
          carryBytes = tail.length;
        }
      }
      if (stopped || stats.truncated) break;
    }
  } finally {
    stream.destroy();
  }
  if (!stopped && !stats.truncated) {
    if (skipping) stats.tooLong++;
    else if (carryBytes > 0) emit(Buffer.concat(carry).toString('utf8'));
  }
  return stats;
}

/** At most this many evidence files are read from all the patterns together. */
const MAX_EVIDENCE_FILES = 200;

/**
 * The files named by the patterns (globs or plain paths), each once, at most MAX_EVIDENCE_FILES; a plain path is
 * always tried, so a missing file is reported by its reader as an error rather than silently unmatched.
 */
export async function evidenceFiles(patterns: readonly string[], cwd: string): Promise<{ paths: string[]; unmatched: string[] }> {
  const paths: string[] = [];
  const unmatched: string[] = [];
  const seen = new Set<string>();
  for (const pattern of patterns) {
    const matches = /[*?]/.test(pattern) ? await expandGlob(pattern, cwd, MAX_EVIDENCE_FILES) : [resolve(cwd, pattern)];
    if (matches.length === 0) unmatched.push(pattern);
    for (const path of matches) {
      if (seen.has(path) || seen.size >= MAX_EVIDENCE_FILES) continue;
      seen.add(path);
      paths.push(path);
    }
  }
  return { paths, unmatched };
}

// Reading access logs from files: globs, several files, .gz, the format detected per file from its first lines (or
// named), lines streamed in bounded memory, malformed and over-long lines counted and skipped.
import type { Readable } from 'node:stream';
import { type AccessLogFormat, detectFormat, emptyRecord, type LineParser, ParseResult, parserFor } from './access-formats.js';
import { AccessLogAggregator, type AccessRouteStats, type AccessTotals, type OtherRoutes } from './access-stats.js';
import { DEFAULT_MAX_LINE_BYTES, evidenceFiles, forEachLine, openEvidenceStream } from './lines.js';

const DETECT_LINES = 20;
/** Decompressed bytes read per file at most (a gzip bomb stops here). */
const DEFAULT_MAX_FILE_BYTES = 64 * 1024 ** 3;

export interface AccessLogOptions {
  /** A format for every file; detected per file when absent. */
  format?: AccessLogFormat;
  /** Configured route templates ("/api/orders/:id", "POST /api/orders"), matched before automatic folding. */
  routes?: readonly string[];
  maxRoutes?: number;
  maxLineBytes?: number;
  maxFileBytes?: number;
}

export interface AccessFileResult {
  path: string;
  format: AccessLogFormat | null;
  bytes: number;
  lines: number;
  parsed: number;
  malformed: number;
  /** Lines over the line cap, skipped (also counted in malformed). */
  tooLong: number;
  /** Lines logged for requests without a method and path (e.g. 400s for garbage). */
  invalidRequests: number;
  /** Parsed lines that carried no request time. */
  withoutDuration: number;
  truncated: boolean;
  /** One line: why the file could not be read, or why nothing in it was read. */
  error: string | null;
}

export interface AccessLogSummary {
  files: AccessFileResult[];
  /** Glob patterns that matched no file. */
  unmatched: string[];
  lines: number;
  parsed: number;
  malformed: number;
  routes: AccessRouteStats[];
  other: OtherRoutes | null;
  totals: AccessTotals;
}

/**
 * Feeds one stream into the aggregator. The first lines are held back (bounded: DETECT_LINES lines under the line
 * cap) until the format is known, then replayed.
 */
export async function readAccessStream(
  stream: Readable,
  label: string,
  aggregator: AccessLogAggregator,
  options: Pick<AccessLogOptions, 'format' | 'maxLineBytes' | 'maxFileBytes'> = {},
): Promise<AccessFileResult> {
  const result: AccessFileResult = {
    path: label,
    format: options.format ?? null,
    bytes: 0,
    lines: 0,
    parsed: 0,
    malformed: 0,
    tooLong: 0,
    invalidRequests: 0,
    withoutDuration: 0,
    truncated: false,
    error: null,
  };
  const record = emptyRecord();
  let parser: LineParser | null = null;
  let pending: string[] = [];
  const handle = (line: string): void => {
    if (line === '') return;
    const r = parser!(line, record);
    if (r === ParseResult.Ok) {
      result.parsed++;
      if (Number.isNaN(record.durationMs)) result.withoutDuration++;
      aggregator.add(record);
    } else if (r === ParseResult.InvalidRequest) result.invalidRequests++;
    else result.malformed++;
  };
  const decide = (): void => {
    const format = options.format ?? detectFormat(pending);
    result.format = format;
    if (format === null) {
      // nothing readable in the sample: keep counting lines as malformed rather than guessing
      parser = () => ParseResult.Malformed;
      if (pending.some((l) => l.trim() !== ''))
        result.error = `${label}: unrecognised access log format (expected nginx/Apache combined with request time, ALB, Heroku router or JSON lines)`;
    } else parser = parserFor(format, pending);
    for (const l of pending) handle(l);
    pending = [];
  };
  try {
    const stats = await forEachLine(
      stream,
      (line) => {
        if (parser) handle(line);
        else if (line !== '') {
          pending.push(line);
          if (pending.length >= DETECT_LINES) decide();
        }
        return undefined;
      },
      { maxLineBytes: options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES, maxBytes: options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES },
    );
    if (!parser) decide();
    result.bytes = stats.bytes;
    result.lines = stats.lines + stats.tooLong;
    result.tooLong = stats.tooLong;
    result.malformed += stats.tooLong;
    result.truncated = stats.truncated;
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    result.error = `${label}: ${e.code === 'Z_DATA_ERROR' || e.code === 'Z_BUF_ERROR' ? 'not valid gzip' : `cannot read (${e.code ?? e.message})`}`;
  }
  return result;
}

/** Reads every file matching the patterns (globs, .gz) into one per-route summary. */
export async function readAccessLogs(patterns: readonly string[], options: AccessLogOptions = {}, cwd = process.cwd()): Promise<AccessLogSummary> {
  const aggregator = new AccessLogAggregator({ routes: options.routes, maxRoutes: options.maxRoutes });
  const files: AccessFileResult[] = [];
  const { paths, unmatched } = await evidenceFiles(patterns, cwd);
  for (const path of paths) files.push(await readAccessStream(openEvidenceStream(path), path, aggregator, options));
  const { routes, other, totals } = aggregator.summary();
  return {
    files,
    unmatched,
    lines: files.reduce((n, f) => n + f.lines, 0),
    parsed: files.reduce((n, f) => n + f.parsed, 0),
    malformed: files.reduce((n, f) => n + f.malformed, 0),
    routes,
    other,
    totals,
  };
}

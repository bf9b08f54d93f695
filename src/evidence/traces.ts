// Reading OTLP JSON trace files (the Collector file exporter's JSON lines, or one TracesData document): bounded
// file and line sizes, a file that is not OTLP traces rejected with a one-line error before any of it is counted.
import { readFile, stat } from 'node:fs/promises';
import { evidenceFiles, forEachLine, formatSize, isGzipPath, openEvidenceStream } from './lines.js';
import { forEachSpan, OtlpShapeError } from './otlp.js';
import { type QueryStats, TraceAggregator, type TraceLimits, type TraceRouteStats, type TraceThresholds, type TraceTotals } from './trace-stats.js';

export const DEFAULT_MAX_TRACE_FILE_BYTES = 512 * 1024 ** 2;
export const DEFAULT_MAX_TRACE_LINE_BYTES = 16 * 1024 ** 2;

export interface TraceReadOptions {
  thresholds?: Partial<TraceThresholds>;
  limits?: Partial<TraceLimits>;
  maxFileBytes?: number;
  maxLineBytes?: number;
}

export interface TraceFileResult {
  path: string;
  bytes: number;
  lines: number;
  spans: number;
  /** Lines after the first that were not OTLP JSON or were over the line cap: skipped. */
  malformedLines: number;
  /** One line: why the file was rejected (nothing of it counted), or why reading stopped early. */
  error: string | null;
}

export interface TraceSummary {
  files: TraceFileResult[];
  unmatched: string[];
  totals: TraceTotals;
  routes: TraceRouteStats[];
  queries: QueryStats[];
  /** The signals the perf checks will read, pulled out of routes and queries. */
  signals: {
    nPlusOne: { route: string; queryId: string; query: string; medianPerRequest: number; maxPerRequest: number; requests: number; exampleTraceId: string }[];
    slowQueries: { queryId: string; query: string; calls: number; meanMs: number; maxMs: number; routes: string[] }[];
    inlineLongWork: ({ route: string; requests: number; p95Ms: number | null } & NonNullable<TraceRouteStats['inlineLongWork']>)[];
    queriesPerRequest: { route: string; requests: number; queriesPerRequest: number }[];
  };
}

const short = (text: string): string => (text.length > 120 ? `${text.slice(0, 120)}…` : text).replace(/\s+/g, ' ');

/** Reads one trace file into the aggregator; the result's error is set when the file was rejected or cut short. */
export async function readTraceFile(path: string, aggregator: TraceAggregator, options: TraceReadOptions = {}, label = path): Promise<TraceFileResult> {
  const maxFile = options.maxFileBytes ?? DEFAULT_MAX_TRACE_FILE_BYTES;
  const maxLine = options.maxLineBytes ?? DEFAULT_MAX_TRACE_LINE_BYTES;
  const result: TraceFileResult = { path: label, bytes: 0, lines: 0, spans: 0, malformedLines: 0, error: null };
  const info = await stat(path).catch((e: NodeJS.ErrnoException) => e);
  if (info instanceof Error) return { ...result, error: `${label}: cannot read (${info.code ?? info.message})` };
  if (!info.isFile()) return { ...result, error: `${label}: not a regular file` };
  if (info.size > maxFile)
    return { ...result, bytes: info.size, error: `${label}: ${formatSize(info.size)} is over the ${formatSize(maxFile)} limit for a trace file; split it or pass fewer spans` };
  let firstBad: string | null = null;
  let seenFirst = false;
  const feed = (doc: unknown): void => {
    result.spans += forEachSpan(doc, (span) => aggregator.add(span));
  };
  try {
    const stats = await forEachLine(
      openEvidenceStream(path),
      (line) => {
        if (line.trim() === '') return undefined;
        let doc: unknown;
        try {
          doc = JSON.parse(line);
          if (!seenFirst) {
            // validate the first object fully before counting anything from this file
            forEachSpan(doc, () => {});
          }
        } catch (error) {
          if (!seenFirst) {
            firstBad = error instanceof OtlpShapeError ? error.message : `not JSON (${short((error as Error).message)})`;
            return false;
          }
          result.malformedLines++;
          return undefined;
        }
        seenFirst = true;
        try {
          feed(doc);
        } catch {
          result.malformedLines++;
        }
        return undefined;
      },
      { maxLineBytes: maxLine, maxBytes: maxFile + 1 },
    );
    result.bytes = stats.bytes;
    result.lines = stats.lines + stats.tooLong;
    if (stats.tooLong > 0 && !seenFirst && result.spans === 0 && firstBad === null) firstBad = `line over the ${formatSize(maxLine)} line limit`;
    else result.malformedLines += stats.tooLong;
    if (stats.truncated) result.error = `${label}: over ${formatSize(maxFile)} decompressed; read the first ${formatSize(maxFile)} only`;
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    return { ...result, error: `${label}: ${e.code === 'Z_DATA_ERROR' ? 'not valid gzip' : `cannot read (${e.code ?? e.message})`}` };
  }
  if (firstBad !== null) {
    // one TracesData document spread over several lines (pretty-printed), when small enough to parse whole
    if (!isGzipPath(path) && info.size <= maxLine) {
      try {
        const doc = JSON.parse(await readFile(path, 'utf8'));
        forEachSpan(doc, () => {});
        feed(doc);
        return result;
      } catch (error) {
        if (error instanceof OtlpShapeError) firstBad = error.message;
      }
    }
    return { ...result, spans: 0, error: `${label}: rejected, ${firstBad} (expected OTLP JSON traces, one {"resourceSpans":[...]} object per line)` };
  }
  return result;
}

/** Reads every file matching the patterns into one per-route summary with the N+1, slow-query and inline-work signals. */
export async function readTraces(patterns: readonly string[], options: TraceReadOptions = {}, cwd = process.cwd()): Promise<TraceSummary> {
  const aggregator = new TraceAggregator(options.thresholds, options.limits);
  const files: TraceFileResult[] = [];
  const { paths, unmatched } = await evidenceFiles(patterns, cwd);
  for (const path of paths) files.push(await readTraceFile(path, aggregator, options));
  const { routes, queries, totals } = aggregator.finish();
  return { files, unmatched, totals, routes, queries, signals: signalsOf(routes, queries) };
}

export function signalsOf(routes: TraceRouteStats[], queries: QueryStats[]): TraceSummary['signals'] {
  return {
    nPlusOne: routes.flatMap((r) => r.nPlusOne.map((n) => ({ route: r.route, requests: r.requests, ...n }))),
    slowQueries: queries.filter((q) => q.slow).map(({ queryId, query, calls, meanMs, maxMs, routes }) => ({ queryId, query, calls, meanMs, maxMs, routes })),
    inlineLongWork: routes.filter((r) => r.inlineLongWork !== null).map((r) => ({ route: r.route, requests: r.requests, p95Ms: r.p95Ms, ...r.inlineLongWork! })),
    queriesPerRequest: routes.map((r) => ({ route: r.route, requests: r.requests, queriesPerRequest: r.queriesPerRequest })),
  };
}

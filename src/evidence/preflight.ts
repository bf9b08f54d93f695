// Checks run before an audit starts, so a named evidence file that cannot be read is one usage line (exit 2) instead
// of minutes of other stages first: a missing file or a pattern matching nothing, a trace file over the size limit or
// whose first line is not OTLP JSON traces, an access log whose first lines match no known format.
import { readFile, stat } from 'node:fs/promises';
import { type AccessLogFormat, detectFormat } from './access-formats.js';
import { evidenceFiles, forEachLine, formatSize, isGzipPath, openEvidenceStream } from './lines.js';
import { forEachSpan, OtlpShapeError } from './otlp.js';
import { DEFAULT_MAX_TRACE_FILE_BYTES, DEFAULT_MAX_TRACE_LINE_BYTES } from './traces.js';

const SAMPLE_LINES = 20;

async function firstLines(path: string, count: number, maxLineBytes: number): Promise<{ lines: string[]; tooLong: number }> {
  const lines: string[] = [];
  const stats = await forEachLine(
    openEvidenceStream(path),
    (line) => {
      if (line.trim() === '') return undefined;
      lines.push(line);
      return lines.length < count ? undefined : false;
    },
    { maxLineBytes, maxBytes: 64 * 1024 ** 2 },
  );
  return { lines, tooLong: stats.tooLong };
}

function readError(path: string, error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  return `${path}: ${e.code === 'Z_DATA_ERROR' || e.code === 'Z_BUF_ERROR' ? 'not valid gzip' : `cannot read (${e.code ?? e.message})`}`;
}

/** Why a trace file would be rejected (one line), or null: size, then the first line's shape. */
async function traceFileProblem(path: string, label = path, maxFileBytes = DEFAULT_MAX_TRACE_FILE_BYTES): Promise<string | null> {
  const info = await stat(path).catch((e: NodeJS.ErrnoException) => e);
  if (info instanceof Error) return `${label}: ${info.code === 'ENOENT' ? 'no such file' : `cannot read (${info.code ?? info.message})`}`;
  if (!info.isFile()) return `${label}: not a regular file`;
  if (info.size > maxFileBytes) return `${label}: ${formatSize(info.size)} is over the ${formatSize(maxFileBytes)} limit for a trace file; split it or export fewer spans`;
  let sample: { lines: string[]; tooLong: number };
  try {
    sample = await firstLines(path, 1, DEFAULT_MAX_TRACE_LINE_BYTES);
  } catch (error) {
    return readError(label, error);
  }
  const first = sample.lines[0];
  if (first === undefined) return sample.tooLong > 0 ? `${label}: first line over the ${formatSize(DEFAULT_MAX_TRACE_LINE_BYTES)} line limit` : `${label}: empty trace file`;
  let problem: string;
  try {
    forEachSpan(JSON.parse(first), () => {});
    return null;
  } catch (error) {
    problem = error instanceof OtlpShapeError ? error.message : 'not JSON';
  }
  // one pretty-printed TracesData document, when small enough to parse whole (as the reader does)
  if (!isGzipPath(path) && info.size <= DEFAULT_MAX_TRACE_LINE_BYTES) {
    try {
      forEachSpan(JSON.parse(await readFile(path, 'utf8')), () => {});
      return null;
    } catch (error) {
      if (error instanceof OtlpShapeError) problem = error.message;
    }
  }
  return `${label}: not OTLP JSON traces (${problem}; expected one {"resourceSpans":[...]} object per line, as the OpenTelemetry Collector file exporter writes)`;
}

/** Why an access log cannot be read (one line), or null: its first lines must match a known format unless one is named. */
async function accessLogProblem(path: string, label = path, format: AccessLogFormat | null = null): Promise<string | null> {
  const info = await stat(path).catch((e: NodeJS.ErrnoException) => e);
  if (info instanceof Error) return `${label}: ${info.code === 'ENOENT' ? 'no such file' : `cannot read (${info.code ?? info.message})`}`;
  if (!info.isFile()) return `${label}: not a regular file`;
  if (format !== null) return null;
  let sample: { lines: string[] };
  try {
    sample = await firstLines(path, SAMPLE_LINES, 64 * 1024);
  } catch (error) {
    return readError(label, error);
  }
  if (sample.lines.length === 0) return null; // an empty log (rotated today) is no reason to stop
  if (detectFormat(sample.lines) === null)
    return `${label}: unrecognised access log format (expected nginx/Apache combined with the request time appended, AWS ALB, Heroku router or JSON lines; or set evidence.format)`;
  return null;
}

/** Why a HAR file cannot be read (one line), or null: it must exist and be a regular file (its content is judged when read). */
async function harFileProblem(path: string, label = path): Promise<string | null> {
  const info = await stat(path).catch((e: NodeJS.ErrnoException) => e);
  if (info instanceof Error) return `${label}: ${info.code === 'ENOENT' ? 'no such file' : `cannot read (${info.code ?? info.message})`}`;
  return info.isFile() ? null : `${label}: not a regular file`;
}

export interface EvidenceInputs {
  accessLogs: readonly string[];
  traces: readonly string[];
  har: readonly string[];
  format: AccessLogFormat | null;
}

/**
 * The first problem with the evidence inputs, as "--traces x.json: ..." (one line), or null. Patterns given on the
 * command line must match a file; config patterns may match none (a log not rotated in yet).
 */
export async function evidenceInputProblem(
  inputs: EvidenceInputs,
  fromFlags: { accessLogs: ReadonlySet<string>; traces: ReadonlySet<string>; har: ReadonlySet<string> },
  cwd: string,
  show: (path: string) => string = (p) => p,
): Promise<string | null> {
  const kinds = [
    { flag: '--access-log', patterns: inputs.accessLogs, flagged: fromFlags.accessLogs, problem: (p: string) => accessLogProblem(p, show(p), inputs.format) },
    { flag: '--traces', patterns: inputs.traces, flagged: fromFlags.traces, problem: (p: string) => traceFileProblem(p, show(p)) },
    { flag: '--har', patterns: inputs.har, flagged: fromFlags.har, problem: (p: string) => harFileProblem(p, show(p)) },
  ];
  for (const kind of kinds) {
    for (const pattern of kind.patterns) {
      const where = kind.flagged.has(pattern) ? kind.flag : `config evidence.${kind.flag === '--access-log' ? 'accessLogs' : kind.flag.slice(2)}`;
      const { paths, unmatched } = await evidenceFiles([pattern], cwd);
      if (unmatched.length > 0) {
        if (kind.flagged.has(pattern)) return `${where} ${show(pattern)}: no file matches`;
        continue;
      }
      for (const path of paths) {
        const problem = await kind.problem(path);
        if (problem) return `${where} ${problem}`;
      }
    }
  }
  return null;
}

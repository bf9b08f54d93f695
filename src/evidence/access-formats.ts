// Line parsers for access logs: nginx/Apache combined with the request time appended, AWS ALB, Heroku router and
// JSON lines. Each fills a reused record (no allocation per line beyond the strings it cuts) and says how it went.

export type AccessLogFormat = 'nginx' | 'apache' | 'alb' | 'heroku' | 'json';

export interface AccessRecord {
  method: string;
  /** The request target as logged: a path, maybe with a query, or an absolute URL (ALB). */
  target: string;
  status: number;
  /** NaN when the line carries no request time. */
  durationMs: number;
  /** Epoch milliseconds, NaN when absent. */
  timeMs: number;
}

export enum ParseResult {
  Ok = 0,
  Malformed = 1,
  /** A well-formed line for a request that had no method and path (e.g. TLS bytes sent to a plain port, logged with 400). */
  InvalidRequest = 2,
}

export type LineParser = (line: string, out: AccessRecord) => ParseResult;

export function emptyRecord(): AccessRecord {
  return { method: '', target: '', status: 0, durationMs: Number.NaN, timeMs: Number.NaN };
}

const MONTHS: Record<string, number> = { Jan: 0, Feb: 1, Mar: 2, Apr: 3, May: 4, Jun: 5, Jul: 6, Aug: 7, Sep: 8, Oct: 9, Nov: 10, Dec: 11 };
const CLF_TIME = /^(\d{1,2})\/([A-Z][a-z]{2})\/(\d{4}):(\d{2}):(\d{2}):(\d{2})(?:\.\d+)? ([+-])(\d{2})(\d{2})$/;
let lastClf = '';
let lastClfMs = Number.NaN;

/** "10/Oct/2000:13:55:36 -0700" → epoch ms (cached: consecutive lines mostly share the second). */
function parseClfTime(text: string): number {
  if (text === lastClf) return lastClfMs;
  const m = CLF_TIME.exec(text);
  let ms = Number.NaN;
  if (m) {
    const month = MONTHS[m[2]!];
    if (month !== undefined) {
      const offset = (Number(m[8]) * 60 + Number(m[9])) * 60_000 * (m[7] === '-' ? -1 : 1);
      ms = Date.UTC(Number(m[3]), month, Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6])) - offset;
    }
  }
  lastClf = text;
  lastClfMs = ms;
  return ms;
}

const METHOD = /^[A-Z][A-Z_-]{1,19}$/;

/** Splits "GET /path HTTP/1.1" into the record; false when it is not a request line. */
function setRequestLine(request: string, out: AccessRecord): boolean {
  const sp = request.indexOf(' ');
  if (sp <= 0) return false;
  const method = request.slice(0, sp);
  if (!METHOD.test(method)) return false;
  const sp2 = request.indexOf(' ', sp + 1);
  const target = sp2 === -1 ? request.slice(sp + 1) : request.slice(sp + 1, sp2);
  if (target === '' || (target.charCodeAt(0) !== 47 && !target.includes('://') && target !== '*')) return false;
  out.method = method;
  out.target = target;
  return true;
}

/** Index of the quote closing a quoted field that starts at `from`, skipping backslash-escaped quotes. */
function closingQuote(line: string, from: number): number {
  let i = line.indexOf('"', from);
  while (i !== -1 && line.charCodeAt(i - 1) === 92) {
    let slashes = 0;
    for (let j = i - 1; j >= from && line.charCodeAt(j) === 92; j--) slashes++;
    if (slashes % 2 === 0) break;
    i = line.indexOf('"', i + 1);
  }
  return i;
}

const RT_KEY = /(?:^|\s)(?:rt|request_time|req_time|duration)="?([0-9.]+)/;

/** The request time token after the status: a `rt=`/`request_time=` field when present, else the last field. */
function trailingTime(line: string, from: number): string | null {
  if (line.includes('=', from)) {
    const keyed = RT_KEY.exec(line.slice(from));
    if (keyed) return keyed[1]!;
  }
  let end = line.length;
  while (end > from && line.charCodeAt(end - 1) === 32) end--;
  let start = line.lastIndexOf(' ', end - 1) + 1;
  if (start <= from) return null;
  let token = line.slice(start, end);
  if (token.charCodeAt(0) === 34 && token.charCodeAt(token.length - 1) === 34) token = token.slice(1, -1);
  start = token.indexOf('=');
  if (start !== -1) token = token.slice(start + 1);
  return token;
}

interface CombinedFields {
  timeText: string;
  request: string;
  status: number;
  /** The request time token after the bytes field, or null. */
  time: string | null;
}

/** Cuts a combined (or common) log line: `host - user [time] "request" status bytes ["referer" "agent"] [request time]`. */
function combinedFields(line: string): CombinedFields | null {
  const lb = line.indexOf(' [');
  if (lb === -1) return null;
  const rb = line.indexOf('] "', lb + 2);
  if (rb === -1) return null;
  const reqEnd = closingQuote(line, rb + 3);
  if (reqEnd === -1) return null;
  let i = reqEnd + 1;
  if (line.charCodeAt(i) !== 32) return null;
  i++;
  let status = 0;
  const statusStart = i;
  for (; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c < 48 || c > 57) break;
    status = status * 10 + (c - 48);
  }
  if (i - statusStart !== 3 || (i < line.length && line.charCodeAt(i) !== 32)) return null;
  // skip the bytes field so a common-format line's byte count is never read as its request time
  const bytesEnd = line.indexOf(' ', i + 1);
  const time = bytesEnd === -1 ? null : trailingTime(line, bytesEnd);
  return { timeText: line.slice(lb + 2, rb), request: line.slice(rb + 3, reqEnd), status, time };
}

/**
 * Combined log format plus a request time: `... [time] "GET /x HTTP/1.1" 200 123 "ref" "ua" 0.123`. The unit is
 * seconds for nginx ($request_time) and microseconds for Apache (%D).
 */
function combinedParser(unitToMs: number): LineParser {
  return (line, out) => {
    const f = combinedFields(line);
    if (!f) return ParseResult.Malformed;
    out.status = f.status;
    out.timeMs = parseClfTime(f.timeText);
    const value = f.time === null || f.time === '' || f.time === '-' ? Number.NaN : Number(f.time);
    out.durationMs = Number.isFinite(value) && value >= 0 ? value * unitToMs : Number.NaN;
    if (!setRequestLine(f.request, out)) return ParseResult.InvalidRequest;
    return ParseResult.Ok;
  };
}

const parseNginxLine: LineParser = combinedParser(1000);
const parseApacheLine: LineParser = combinedParser(1 / 1000);

/** The unit of the trailing time in combined lines: a decimal point means nginx seconds, an integer Apache microseconds. */
function combinedFlavour(line: string): AccessLogFormat | null {
  const f = combinedFields(line);
  if (!f || f.time === null) return null;
  if (/^\d+$/.test(f.time)) return 'apache';
  if (/^\d*\.\d+$/.test(f.time)) return 'nginx';
  return null;
}

const ISO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/;

/**
 * AWS Application Load Balancer: `type time elb client target request_processing_time target_processing_time
 * response_processing_time elb_status target_status received sent "request" ...`; the classic ELB format has no type.
 */
const parseAlbLine: LineParser = (line, out) => {
  const fields: string[] = [];
  let pos = 0;
  while (fields.length < 12) {
    const sp = line.indexOf(' ', pos);
    if (sp === -1) return ParseResult.Malformed;
    fields.push(line.slice(pos, sp));
    pos = sp + 1;
    if (fields.length === 2 && ISO_TIME.test(fields[0]!)) fields.unshift('classic');
  }
  if (line.charCodeAt(pos) !== 34) {
    // the classic ELB line has only 11 fields before the request: the 12th cut was the quoted request's start
    if (fields[0] === 'classic' && fields[11]!.startsWith('"')) pos -= fields[11]!.length + 1;
    else return ParseResult.Malformed;
  }
  const [, time, , , , reqProc, targetProc, respProc, elbStatus] = fields;
  if (!ISO_TIME.test(time!)) return ParseResult.Malformed;
  const status = Number(elbStatus);
  if (!Number.isInteger(status) || status < 100 || status > 599) return ParseResult.Malformed;
  const end = line.indexOf('"', pos + 1);
  if (end === -1) return ParseResult.Malformed;
  out.status = status;
  out.timeMs = Date.parse(time!);
  const a = Number(reqProc);
  const b = Number(targetProc);
  const c = Number(respProc);
  // -1 marks a phase that never happened (target unreachable): no request time then
  out.durationMs = a >= 0 && b >= 0 && c >= 0 ? (a + b + c) * 1000 : Number.NaN;
  if (!setRequestLine(line.slice(pos + 1, end), out)) return ParseResult.InvalidRequest;
  return ParseResult.Ok;
};

const HEROKU_TIME = /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)/;
const HEROKU_FIELD = /(?:^|\s)(method|path|status|service|connect)=("[^"]*"|\S+)/g;

/** Heroku router: `... heroku[router]: at=info method=GET path="/x" ... connect=1ms service=123ms status=200 ...` */
const parseHerokuLine: LineParser = (line, out) => {
  const at = line.indexOf('at=');
  if (at === -1) return ParseResult.Malformed;
  let method = '';
  let path = '';
  let status = Number.NaN;
  let service = Number.NaN;
  let connect = 0;
  HEROKU_FIELD.lastIndex = at;
  for (let m = HEROKU_FIELD.exec(line); m; m = HEROKU_FIELD.exec(line)) {
    const raw = m[2]!;
    const value = raw.charCodeAt(0) === 34 ? raw.slice(1, -1) : raw;
    if (m[1] === 'method') method = value;
    else if (m[1] === 'path') path = value;
    else if (m[1] === 'status') status = Number(value);
    else if (m[1] === 'service') service = Number.parseFloat(value);
    else if (m[1] === 'connect') connect = Number.parseFloat(value) || 0;
  }
  if (!Number.isInteger(status) || status < 100 || status > 599) return ParseResult.Malformed;
  const time = HEROKU_TIME.exec(line.slice(0, at));
  out.status = status;
  out.timeMs = time ? Date.parse(time[0]) : Number.NaN;
  out.durationMs = service >= 0 ? service + connect : Number.NaN;
  if (!METHOD.test(method) || !path.startsWith('/')) return ParseResult.InvalidRequest;
  out.method = method;
  out.target = path;
  return ParseResult.Ok;
};

// ---------- JSON lines ----------

type Json = Record<string, unknown>;
const NESTS = ['request', 'req', 'http', 'httpRequest', 'response', 'res'];
const METHOD_KEYS = ['method', 'http_method', 'request_method', 'httpMethod', 'requestMethod', 'RequestMethod', 'verb'];
const PATH_KEYS = ['path', 'uri', 'url', 'request_uri', 'requestUri', 'request_path', 'RequestPath', 'requestUrl', 'originalUrl', 'target'];
const STATUS_KEYS = ['status', 'status_code', 'statusCode', 'response_status', 'DownstreamStatus'];
const TIME_KEYS = ['time', 'timestamp', 'ts', '@timestamp', 'StartUTC', 'start_time', 'date', 'datetime'];

/** Duration field names and the unit each implies (null: decided per file from the values, see jsonDurationUnit). */
const JSON_DURATION_KEYS: [string, number | null][] = [
  ['duration_ms', 1],
  ['durationMs', 1],
  ['elapsed_ms', 1],
  ['response_time_ms', 1],
  ['latency_ms', 1],
  ['duration_us', 1e-3],
  ['duration_ns', 1e-6],
  ['duration_s', 1000],
  ['duration_seconds', 1000],
  ['request_time', 1000],
  ['requestTime', null],
  ['responseTime', 1],
  ['response_time', null],
  ['Duration', null],
  ['duration', null],
  ['latency', null],
  ['elapsed', null],
  ['took', 1],
];

function pick(obj: Json, keys: readonly string[]): unknown {
  for (const k of keys) {
    const v = obj[k];
    if (v !== undefined && v !== null && typeof v !== 'object') return v;
  }
  for (const nest of NESTS) {
    const inner = obj[nest];
    if (inner && typeof inner === 'object') {
      for (const k of keys) {
        const v = (inner as Json)[k];
        if (v !== undefined && v !== null && typeof v !== 'object') return v;
      }
    }
  }
  return undefined;
}

function pickDuration(obj: Json): { value: unknown; unit: number | null } | null {
  for (const [k, unit] of JSON_DURATION_KEYS) {
    const v = obj[k] ?? (obj['http'] as Json | undefined)?.[k] ?? (obj['res'] as Json | undefined)?.[k] ?? (obj['response'] as Json | undefined)?.[k];
    if (v !== undefined && v !== null && typeof v !== 'object') return { value: v, unit };
  }
  return null;
}

const UNIT_SUFFIX = /^\s*([0-9.]+(?:e[+-]?\d+)?)\s*(ns|us|µs|μs|ms|s|m)?\s*$/i;
const SUFFIX_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, μs: 1e-3, ms: 1, s: 1000, m: 60_000 };

/** "123ms", "1.2s", "350µs" (Go and Caddy style) → ms; a bare number → NaN (its unit comes from the key or the file). */
function durationStringMs(text: string): number {
  const m = UNIT_SUFFIX.exec(text);
  if (!m) return Number.NaN;
  if (!m[2]) return Number.NaN;
  return Number(m[1]) * SUFFIX_MS[m[2].toLowerCase()]!;
}

/**
 * The unit of bare numeric durations under ambiguous keys (`duration`, `latency`), decided from sample values:
 * fractions below 60 are seconds (Caddy, Go float seconds), integers over a million are nanoseconds (Traefik),
 * other integers milliseconds.
 */
function jsonDurationUnit(samples: readonly number[]): number {
  if (samples.length === 0) return 1;
  const sorted = [...samples].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  if (samples.some((v) => !Number.isInteger(v)) && median < 60) return 1000;
  if (median > 1e6) return 1e-6;
  return 1;
}

function jsonTime(value: unknown): number {
  if (typeof value === 'number') {
    if (value < 1e11) return value * 1000;
    if (value < 1e14) return value;
    if (value < 1e17) return value / 1000;
    return value / 1e6;
  }
  if (typeof value === 'string') {
    if (/^\d+(?:\.\d+)?$/.test(value)) return jsonTime(Number(value));
    const t = Date.parse(value);
    if (!Number.isNaN(t)) return t;
    return parseClfTime(value.replace(/^\[|\]$/g, ''));
  }
  return Number.NaN;
}

/** The raw duration of a JSON line and its unit when the key implies one (for per-file unit detection). */
function jsonRawDuration(line: string): { value: number; unit: number | null } | null {
  let obj: unknown;
  try {
    obj = JSON.parse(line);
  } catch {
    return null;
  }
  if (!obj || typeof obj !== 'object' || Array.isArray(obj)) return null;
  const d = pickDuration(obj as Json);
  if (!d) return null;
  const value = typeof d.value === 'number' ? d.value : typeof d.value === 'string' && /^[0-9.]+$/.test(d.value) ? Number(d.value) : Number.NaN;
  return Number.isFinite(value) ? { value, unit: d.unit } : null;
}

/** A JSON-lines parser; `bareUnit` converts numbers under ambiguous keys to ms. */
function jsonParser(bareUnit: number): LineParser {
  return (line, out) => {
    const first = line.charCodeAt(0);
    if (first !== 123) return ParseResult.Malformed;
    let obj: unknown;
    try {
      obj = JSON.parse(line);
    } catch {
      return ParseResult.Malformed;
    }
    if (!obj || typeof obj !== 'object' || Array.isArray(obj)) return ParseResult.Malformed;
    const o = obj as Json;
    const status = Number(pick(o, STATUS_KEYS));
    if (!Number.isInteger(status) || status < 100 || status > 599) return ParseResult.Malformed;
    out.status = status;
    const d = pickDuration(o);
    let ms = Number.NaN;
    if (d) {
      if (typeof d.value === 'number') ms = d.value * (d.unit ?? bareUnit);
      else if (typeof d.value === 'string') {
        ms = durationStringMs(d.value);
        if (Number.isNaN(ms) && /^[0-9.]+$/.test(d.value)) ms = Number(d.value) * (d.unit ?? bareUnit);
      }
    }
    out.durationMs = ms >= 0 ? ms : Number.NaN;
    out.timeMs = jsonTime(pick(o, TIME_KEYS));
    const method = pick(o, METHOD_KEYS);
    const path = pick(o, PATH_KEYS);
    if (typeof method !== 'string' || typeof path !== 'string') {
      // a request line field instead ("request": "GET /x HTTP/1.1")
      const request = o['request'];
      if (typeof request === 'string' && setRequestLine(request, out)) return ParseResult.Ok;
      return ParseResult.InvalidRequest;
    }
    const upper = method.toUpperCase();
    if (!METHOD.test(upper) || (!path.startsWith('/') && !path.includes('://'))) return ParseResult.InvalidRequest;
    out.method = upper;
    out.target = path;
    return ParseResult.Ok;
  };
}

/** How well a format reads the sample lines: the count of lines it parses (invalid requests count as read). */
function score(parser: LineParser, lines: readonly string[]): number {
  const out = emptyRecord();
  let ok = 0;
  for (const line of lines) if (parser(line, out) !== ParseResult.Malformed) ok++;
  return ok;
}

/** Picks the format that reads most of the first lines of a file, or null when none reads any. */
export function detectFormat(sample: readonly string[]): AccessLogFormat | null {
  const lines = sample.filter((l) => l.trim() !== '');
  if (lines.length === 0) return null;
  const candidates: [AccessLogFormat, number][] = [
    ['json', score(jsonParser(1), lines)],
    ['alb', score(parseAlbLine, lines)],
    ['heroku', score(parseHerokuLine, lines)],
    ['nginx', score(parseNginxLine, lines)],
  ];
  candidates.sort((a, b) => b[1] - a[1]);
  const [best, hits] = candidates[0]!;
  if (hits === 0) return null;
  if (best !== 'nginx') return best;
  const flavours = lines.map(combinedFlavour).filter((f) => f !== null);
  return flavours.length > 0 && flavours.every((f) => f === 'apache') ? 'apache' : 'nginx';
}

/** The parser of a format; JSON gets the unit decided from the sample lines. */
export function parserFor(format: AccessLogFormat, sample: readonly string[] = []): LineParser {
  switch (format) {
    case 'nginx':
      return parseNginxLine;
    case 'apache':
      return parseApacheLine;
    case 'alb':
      return parseAlbLine;
    case 'heroku':
      return parseHerokuLine;
    case 'json': {
      const bare = sample
        .map(jsonRawDuration)
        .filter((d): d is { value: number; unit: number | null } => d !== null && d.unit === null)
        .map((d) => d.value);
      return jsonParser(jsonDurationUnit(bare));
    }
  }
}

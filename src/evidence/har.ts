// HAR 1.2 recordings: API requests sent two or more times during one page load (same method, URL with its query,
// and body), listed with their start times. The file is bounded in size before it is parsed.
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { formatSize, isGzipPath } from './lines.js';

const DEFAULT_MAX_HAR_BYTES = 128 * 1024 ** 2;

const STATIC_PATH = /\.(?:js|mjs|css|png|jpe?g|gif|webp|avif|svg|ico|woff2?|ttf|otf|eot|map|mp4|webm|mp3|wasm)$/i;
const API_TYPES = new Set(['xhr', 'fetch', 'eventsource', 'websocket']);

export interface RepeatedCall {
  method: string;
  url: string;
  count: number;
  /** ISO start times of each call, in order. */
  startTimes: string[];
  /** Milliseconds from the page's start (or the first entry) for each call. */
  offsetsMs: number[];
  statuses: number[];
}

export interface HarPage {
  pageref: string | null;
  title: string | null;
  startedDateTime: string | null;
  apiCalls: number;
  repeated: RepeatedCall[];
}

export interface HarSummary {
  path: string;
  entries: number;
  pages: HarPage[];
  error: string | null;
}

type Json = Record<string, unknown>;

/** An API call: fetch/XHR by the recorded resource type, else anything not a page, asset or preflight. */
function isApiCall(entry: Json, request: Json): boolean {
  const method = String(request['method'] ?? '').toUpperCase();
  if (method === 'OPTIONS' || method === 'CONNECT') return false;
  const type = typeof entry['_resourceType'] === 'string' ? (entry['_resourceType'] as string).toLowerCase() : null;
  if (type !== null) return API_TYPES.has(type);
  const url = String(request['url'] ?? '');
  let path = url;
  try {
    path = new URL(url).pathname;
  } catch {}
  if (STATIC_PATH.test(path)) return false;
  const mime = String(((entry['response'] as Json | undefined)?.['content'] as Json | undefined)?.['mimeType'] ?? '').toLowerCase();
  if (mime.startsWith('text/html') || mime.startsWith('image/') || mime.startsWith('font/') || mime.includes('css') || mime.includes('javascript')) return false;
  return true;
}

function bodyKey(request: Json): string {
  const text = (request['postData'] as Json | undefined)?.['text'];
  return typeof text === 'string' && text !== '' ? createHash('sha1').update(text).digest('hex').slice(0, 12) : '';
}

/** Repeated API calls per page of a parsed HAR document. */
export function findRepeatedCalls(har: unknown): { entries: number; pages: HarPage[] } {
  const log = (har as Json | null)?.['log'] as Json | undefined;
  if (!log || !Array.isArray(log['entries'])) throw new Error('no log.entries array (expected HAR 1.2)');
  const entries = log['entries'] as Json[];
  const pageInfo = new Map<string, Json>();
  if (Array.isArray(log['pages'])) for (const p of log['pages'] as Json[]) if (p && typeof p['id'] === 'string') pageInfo.set(p['id'] as string, p);
  const groups = new Map<string, Map<string, { method: string; url: string; times: number[]; statuses: number[] }>>();
  const apiCounts = new Map<string, number>();
  for (const entry of entries) {
    const request = entry?.['request'] as Json | undefined;
    if (!request || typeof request['url'] !== 'string' || typeof request['method'] !== 'string') continue;
    if (!isApiCall(entry, request)) continue;
    const page = typeof entry['pageref'] === 'string' ? (entry['pageref'] as string) : '';
    const method = (request['method'] as string).toUpperCase();
    const url = request['url'] as string;
    const key = `${method} ${url} ${bodyKey(request)}`;
    let calls = groups.get(page);
    if (!calls) groups.set(page, (calls = new Map()));
    let call = calls.get(key);
    if (!call) calls.set(key, (call = { method, url, times: [], statuses: [] }));
    call.times.push(Date.parse(String(entry['startedDateTime'] ?? '')));
    call.statuses.push(Number((entry['response'] as Json | undefined)?.['status'] ?? 0));
    apiCounts.set(page, (apiCounts.get(page) ?? 0) + 1);
  }
  const pages: HarPage[] = [];
  for (const [page, calls] of groups) {
    const info = pageInfo.get(page);
    const pageStart = Date.parse(String(info?.['startedDateTime'] ?? ''));
    const allTimes = [...calls.values()].flatMap((c) => c.times).filter((t) => !Number.isNaN(t));
    const origin = Number.isNaN(pageStart) ? Math.min(...allTimes) : pageStart;
    const repeated: RepeatedCall[] = [...calls.values()]
      .filter((c) => c.times.length >= 2)
      .map((c) => {
        const order = c.times.map((_, i) => i).sort((a, b) => (c.times[a] ?? 0) - (c.times[b] ?? 0));
        return {
          method: c.method,
          url: c.url,
          count: c.times.length,
          startTimes: order.map((i) => (Number.isNaN(c.times[i]!) ? '' : new Date(c.times[i]!).toISOString())),
          offsetsMs: order.map((i) => Math.round((c.times[i]! - origin) * 10) / 10),
          statuses: order.map((i) => c.statuses[i]!),
        };
      })
      .sort((a, b) => b.count - a.count || (a.url < b.url ? -1 : 1));
    pages.push({
      pageref: page === '' ? null : page,
      title: typeof info?.['title'] === 'string' ? (info['title'] as string) : null,
      startedDateTime: Number.isNaN(pageStart) ? null : new Date(pageStart).toISOString(),
      apiCalls: apiCounts.get(page) ?? 0,
      repeated,
    });
  }
  return { entries: entries.length, pages };
}

/** Reads a HAR file (bounded) and lists repeated API calls per page; failures come back as a one-line error. */
export async function readHar(path: string, options: { maxBytes?: number } = {}): Promise<HarSummary> {
  const max = options.maxBytes ?? DEFAULT_MAX_HAR_BYTES;
  const empty: HarSummary = { path, entries: 0, pages: [], error: null };
  const info = await stat(path).catch((e: NodeJS.ErrnoException) => e);
  if (info instanceof Error) return { ...empty, error: `${path}: cannot read (${info.code ?? info.message})` };
  if (!info.isFile()) return { ...empty, error: `${path}: not a regular file` };
  if (info.size > max) return { ...empty, error: `${path}: ${formatSize(info.size)} is over the ${formatSize(max)} limit for a HAR file` };
  let doc: unknown;
  let text: string;
  try {
    const raw = await readFile(path);
    // a .gz recording is unpacked with the same cap on its decompressed size
    text = (isGzipPath(path) ? gunzipSync(raw, { maxOutputLength: max }) : raw).toString('utf8');
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    if (e.code === 'ERR_BUFFER_TOO_LARGE' || e instanceof RangeError) return { ...empty, error: `${path}: over the ${formatSize(max)} limit for a HAR file once unpacked` };
    return { ...empty, error: `${path}: ${e.code === 'Z_DATA_ERROR' || e.code === 'Z_BUF_ERROR' ? 'not valid gzip' : `cannot read (${e.code ?? e.message})`}` };
  }
  try {
    doc = JSON.parse(text);
  } catch (error) {
    return { ...empty, error: `${path}: not JSON (${(error as Error).message.slice(0, 120)})` };
  }
  try {
    return { path, ...findRepeatedCalls(doc), error: null };
  } catch (error) {
    return { ...empty, error: `${path}: ${(error as Error).message}` };
  }
}

// Generators for evidence fixtures shared by the tests and bench/evidence.ts: realistic access-log lines and OTLP
// JSON batches, written fast by repeating a prepared buffer.
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';

let seed = 7;
export function rand(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

const AGENTS = ['Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36', 'curl/8.5.0', 'okhttp/4.12.0'];
const hex = (n: number): string => Array.from({ length: n }, () => Math.floor(rand() * 16).toString(16)).join('');
const uuid = (): string => `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`;

/** A request target from a small app: ids, UUIDs, hashed assets, query strings. */
export function sampleTarget(): { method: string; target: string; slowMs: number } {
  const r = rand();
  if (r < 0.3) return { method: 'GET', target: `/api/orders/${Math.floor(rand() * 1e6)}`, slowMs: 40 };
  if (r < 0.45) return { method: 'GET', target: `/api/users/${uuid()}/profile`, slowMs: 25 };
  if (r < 0.55) return { method: 'POST', target: '/api/orders', slowMs: 120 };
  if (r < 0.7) return { method: 'GET', target: `/api/reports/export?from=2026-0${1 + Math.floor(rand() * 9)}-01`, slowMs: 900 };
  if (r < 0.85) return { method: 'GET', target: `/static/app.${hex(10)}.js`, slowMs: 2 };
  return { method: 'GET', target: '/health', slowMs: 1 };
}

const CLF_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
export function clfTime(ms: number): string {
  const d = new Date(ms);
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}/${CLF_MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

/** One nginx combined line with $request_time appended. */
export function nginxLine(timeMs: number, method: string, target: string, status: number, seconds: number): string {
  const agent = AGENTS[Math.floor(rand() * AGENTS.length)];
  return `203.0.113.${Math.floor(rand() * 250)} - - [${clfTime(timeMs)}] "${method} ${target} HTTP/1.1" ${status} ${Math.floor(rand() * 20000)} "https://app.example.test/" "${agent}" ${seconds.toFixed(3)}`;
}

/** About `bytes` of nginx lines spread over `minutes` minutes from `startMs`; 1% 5xx. */
export function nginxBlock(bytes: number, startMs: number, minutes: number): string {
  const lines: string[] = [];
  let size = 0;
  while (size < bytes) {
    const t = sampleTarget();
    const status = rand() < 0.01 ? 502 : 200;
    const line = nginxLine(startMs + Math.floor(rand() * minutes * 60_000), t.method, t.target, status, (t.slowMs * (0.5 + rand())) / 1000);
    lines.push(line);
    size += line.length + 1;
  }
  return `${lines.join('\n')}\n`;
}

/** Writes `total` bytes by repeating `block` (the last copy cut at a line end), honouring back-pressure. */
export async function writeRepeated(path: string, block: Buffer, total: number): Promise<number> {
  const out = createWriteStream(path, { highWaterMark: 4 * 1024 * 1024 });
  let written = 0;
  while (written + block.length <= total) {
    if (!out.write(block)) await once(out, 'drain');
    written += block.length;
  }
  out.end();
  await once(out, 'finish');
  return written;
}

// ---------- OTLP JSON ----------

export interface SpanSpec {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  startMs: number;
  durationMs: number;
  attributes?: Record<string, string | number>;
}

const nanos = (ms: number): string => `${BigInt(Math.round(ms * 1000)) * 1000n}`;

export function otlpSpan(s: SpanSpec): Record<string, unknown> {
  return {
    traceId: s.traceId,
    spanId: s.spanId,
    parentSpanId: s.parentSpanId ?? '',
    name: s.name,
    kind: s.kind,
    startTimeUnixNano: nanos(s.startMs),
    endTimeUnixNano: nanos(s.startMs + s.durationMs),
    attributes: Object.entries(s.attributes ?? {}).map(([key, v]) => ({ key, value: typeof v === 'number' ? { intValue: String(v) } : { stringValue: v } })),
    status: {},
  };
}

/** One line of the Collector file exporter: a TracesData object with the spans under one resource and scope. */
export function otlpLine(spans: SpanSpec[], service = 'shop'): string {
  return JSON.stringify({
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] },
        scopeSpans: [{ scope: { name: 'evidence-test', version: '1.0.0' }, spans: spans.map(otlpSpan) }],
      },
    ],
  });
}

export const traceIdOf = (n: number): string => n.toString(16).padStart(32, '0');
export const spanIdOf = (n: number): string => n.toString(16).padStart(16, '0');

/**
 * The spans of one request: a server span for `route`, database children (one per statement, `queryMs` each, in
 * sequence) and outbound client children. Children come first, as exporters emit spans when they end.
 */
export function requestSpans(
  traceNo: number,
  startMs: number,
  route: string,
  statements: string[],
  options: { queryMs?: number; outbound?: { name: string; ms: number; attributes: Record<string, string | number>; afterResponse?: boolean }[]; extraMs?: number } = {},
): SpanSpec[] {
  const traceId = traceIdOf(traceNo);
  const rootId = spanIdOf(traceNo * 1000);
  const [method, path] = route.split(' ');
  const children: SpanSpec[] = [];
  let t = startMs + 1;
  let n = 1;
  for (const sql of statements) {
    const ms = options.queryMs ?? 2;
    children.push({
      traceId,
      spanId: spanIdOf(traceNo * 1000 + n++),
      parentSpanId: rootId,
      name: 'pg.query',
      kind: 3,
      startMs: t,
      durationMs: ms,
      attributes: { 'db.system': 'postgresql', 'db.query.text': sql },
    });
    t += ms;
  }
  const late: SpanSpec[] = [];
  for (const o of options.outbound ?? []) {
    const span = { traceId, spanId: spanIdOf(traceNo * 1000 + n++), parentSpanId: rootId, name: o.name, kind: 3, startMs: t, durationMs: o.ms, attributes: o.attributes };
    if (o.afterResponse) late.push(span);
    else {
      children.push(span);
      t += o.ms;
    }
  }
  const end = t + (options.extraMs ?? 1);
  for (const span of late) span.startMs = end + 1;
  const root: SpanSpec = {
    traceId,
    spanId: rootId,
    name: route,
    kind: 2,
    startMs,
    durationMs: end - startMs,
    attributes: { 'http.request.method': method!, 'http.route': path!, 'http.response.status_code': 200 },
  };
  return [...children, root, ...late];
}

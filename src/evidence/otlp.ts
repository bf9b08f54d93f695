// OTLP JSON (TracesData, one object per line as the OpenTelemetry Collector's file exporter writes it) cut down to
// the few span fields the evidence needs: ids, kind, times, route, database statement and outbound target.
import { templatePath } from './routes.js';

const SpanKind = { Unspecified: 0, Internal: 1, Server: 2, Client: 3, Producer: 4, Consumer: 5 } as const;
const KIND_NAMES: Record<string, number> = {
  SPAN_KIND_UNSPECIFIED: 0,
  SPAN_KIND_INTERNAL: 1,
  SPAN_KIND_SERVER: 2,
  SPAN_KIND_CLIENT: 3,
  SPAN_KIND_PRODUCER: 4,
  SPAN_KIND_CONSUMER: 5,
};

export type OutboundKind = 'smtp' | 'storage' | 'http' | 'messaging' | 'rpc' | 'other';

export interface FlatSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  kind: number;
  startMs: number;
  endMs: number;
  /** For request spans (server, or a root that is not a client call): "GET /orders/:id". */
  route: string | null;
  /** Normalised later; the raw statement or an "operation collection" stand-in. */
  dbStatement: string | null;
  outbound: { kind: OutboundKind; target: string } | null;
}

type AnyValue = { stringValue?: string; intValue?: string | number; doubleValue?: number; boolValue?: boolean };
type Attribute = { key?: string; value?: AnyValue };

const WANTED = new Set([
  'http.route',
  'http.request.method',
  'http.method',
  'url.path',
  'http.target',
  'url.full',
  'http.url',
  'server.address',
  'net.peer.name',
  'server.port',
  'net.peer.port',
  'db.system',
  'db.system.name',
  'db.query.text',
  'db.statement',
  'db.operation',
  'db.operation.name',
  'db.collection.name',
  'db.sql.table',
  'messaging.system',
  'messaging.destination.name',
  'rpc.system',
  'rpc.service',
  'aws.s3.bucket',
  'cloud.provider',
]);

function attributes(list: unknown): Map<string, string> {
  const out = new Map<string, string>();
  if (!Array.isArray(list)) return out;
  for (const a of list as Attribute[]) {
    if (!a || typeof a.key !== 'string' || !WANTED.has(a.key) || !a.value) continue;
    const v = a.value;
    const text =
      v.stringValue ??
      (v.intValue !== undefined ? String(v.intValue) : v.doubleValue !== undefined ? String(v.doubleValue) : v.boolValue !== undefined ? String(v.boolValue) : undefined);
    if (text !== undefined) out.set(a.key, text);
  }
  return out;
}

/** "1581452772000000321" (unix nanoseconds, beyond double precision) → epoch milliseconds with µs precision. */
function nanosToMs(value: unknown): number {
  if (typeof value === 'number') return value / 1e6;
  if (typeof value !== 'string' || !/^\d{1,20}$/.test(value)) return Number.NaN;
  if (value.length <= 6) return Number(value) / 1e6;
  return Number(value.slice(0, -6)) + Number(value.slice(-6)) / 1e6;
}

const SMTP = /\b(?:smtp|mail|sendmail|ses|sendgrid|postmark|mailgun|mandrill|sparkpost|nodemailer|mailer)\b/i;
const STORAGE = /\b(?:s3|gcs|storage|blob|bucket|upload|minio|r2)\b/i;

/** What an outbound (client or producer) span talks to, or null for database spans. */
function classifyOutbound(name: string, attrs: Map<string, string>): { kind: OutboundKind; target: string } {
  const host = attrs.get('server.address') ?? attrs.get('net.peer.name') ?? hostOf(attrs.get('url.full') ?? attrs.get('http.url'));
  const port = attrs.get('server.port') ?? attrs.get('net.peer.port');
  const label = (fallback: string): string => host ?? fallback;
  const rpcService = attrs.get('rpc.service') ?? '';
  if (SMTP.test(name) || (host && SMTP.test(host)) || port === '25' || port === '465' || port === '587' || /^(?:ses|sesv2|SES)$/.test(rpcService))
    return { kind: 'smtp', target: label(name) };
  if (attrs.has('aws.s3.bucket') || /^s3$/i.test(rpcService) || STORAGE.test(name) || (host && STORAGE.test(host)))
    return { kind: 'storage', target: attrs.get('aws.s3.bucket') ?? label(name) };
  const messaging = attrs.get('messaging.system');
  if (messaging) return { kind: 'messaging', target: `${messaging} ${attrs.get('messaging.destination.name') ?? ''}`.trim() };
  const rpc = attrs.get('rpc.system');
  if (rpc) return { kind: 'rpc', target: rpcService ? `${rpc} ${rpcService}` : label(rpc) };
  if (attrs.has('http.request.method') || attrs.has('http.method') || attrs.has('url.full') || attrs.has('http.url')) return { kind: 'http', target: label(name) };
  return { kind: 'other', target: label(name) };
}

function hostOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).host || undefined;
  } catch {
    return undefined;
  }
}

const NAME_WITH_PATH = /^([A-Z]+) (\/\S*)$/;

function routeOf(name: string, attrs: Map<string, string>): string {
  const method = attrs.get('http.request.method') ?? attrs.get('http.method');
  const route = attrs.get('http.route');
  if (route) return method ? `${method} ${route}` : route;
  const named = NAME_WITH_PATH.exec(name);
  if (named) return `${named[1]} ${templatePath(named[2]!)}`;
  const path = attrs.get('url.path') ?? attrs.get('http.target');
  if (method && path) return `${method} ${templatePath(path)}`;
  return name || '(unnamed)';
}

function spanKind(kind: unknown): number {
  if (typeof kind === 'number') return kind;
  if (typeof kind === 'string') return KIND_NAMES[kind] ?? 0;
  return 0;
}

export class OtlpShapeError extends Error {}

/**
 * Calls onSpan for every span of a TracesData object. Throws OtlpShapeError when the object is not TracesData
 * (metrics or logs, or something else).
 */
export function forEachSpan(doc: unknown, onSpan: (span: FlatSpan) => void): number {
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw new OtlpShapeError('not a JSON object');
  const d = doc as Record<string, unknown>;
  const resourceSpans = d['resourceSpans'];
  if (!Array.isArray(resourceSpans)) {
    if (d['resourceMetrics'] || d['resourceLogs']) throw new OtlpShapeError(`holds OTLP ${d['resourceMetrics'] ? 'metrics' : 'logs'}, not traces`);
    throw new OtlpShapeError('no "resourceSpans" array (expected OTLP JSON TracesData)');
  }
  let count = 0;
  for (const rs of resourceSpans as Record<string, unknown>[]) {
    const scopes = (rs?.['scopeSpans'] ?? rs?.['instrumentationLibrarySpans']) as Record<string, unknown>[] | undefined;
    if (!Array.isArray(scopes)) continue;
    for (const scope of scopes) {
      const spans = scope?.['spans'];
      if (!Array.isArray(spans)) continue;
      for (const s of spans as Record<string, unknown>[]) {
        if (!s || typeof s.traceId !== 'string' || typeof s.spanId !== 'string' || s.traceId === '') continue;
        const name = typeof s.name === 'string' ? s.name.slice(0, 300) : '';
        const kind = spanKind(s.kind);
        const attrs = attributes(s.attributes);
        const parentSpanId = typeof s.parentSpanId === 'string' ? s.parentSpanId : '';
        const isDb = attrs.has('db.system') || attrs.has('db.system.name') || attrs.has('db.query.text') || attrs.has('db.statement');
        let dbStatement: string | null = null;
        if (isDb) {
          dbStatement = attrs.get('db.query.text') ?? attrs.get('db.statement') ?? null;
          if (dbStatement === null) {
            const op = attrs.get('db.operation.name') ?? attrs.get('db.operation');
            const coll = attrs.get('db.collection.name') ?? attrs.get('db.sql.table');
            dbStatement = op ? `${op}${coll ? ` ${coll}` : ''}` : name;
          }
        }
        const outbound = !isDb && (kind === SpanKind.Client || kind === SpanKind.Producer) ? classifyOutbound(name, attrs) : null;
        const isRequest = kind === SpanKind.Server || (parentSpanId === '' && !isDb && kind !== SpanKind.Client && kind !== SpanKind.Producer);
        onSpan({
          traceId: s.traceId,
          spanId: s.spanId,
          parentSpanId,
          name,
          kind,
          startMs: nanosToMs(s.startTimeUnixNano),
          endMs: nanosToMs(s.endTimeUnixNano),
          route: isRequest ? routeOf(name, attrs) : null,
          dbStatement,
          outbound,
        });
        count++;
      }
    }
  }
  return count;
}

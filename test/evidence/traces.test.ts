import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import type { TraceRouteStats } from '../../src/evidence/trace-stats.ts';
import { TraceAggregator } from '../../src/evidence/trace-stats.ts';
import { DEFAULT_MAX_TRACE_FILE_BYTES, readTraceFile, readTraces } from '../../src/evidence/traces.ts';
import { otlpLine, requestSpans, type SpanSpec } from './generate.ts';

const dir = mkdtempSync(join(tmpdir(), 'lr-evidence-traces-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const write = (name: string, text: string | Buffer): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const route = (routes: TraceRouteStats[], name: string): TraceRouteStats => {
  const r = routes.find((x) => x.route === name);
  assert.ok(r, `${name} in ${routes.map((x) => x.route).join(', ')}`);
  return r;
};
const T0 = Date.UTC(2026, 10, 1, 10);

/** GET /api/orders lists 12 orders, then loads each order's items one query at a time: 13 queries, 2 fingerprints. */
function nPlusOneRequest(traceNo: number): SpanSpec[] {
  const statements = ['SELECT * FROM orders WHERE user_id = $1 ORDER BY created_at DESC LIMIT 12'];
  for (let i = 0; i < 12; i++) statements.push(`SELECT * FROM order_items WHERE order_id = ${1000 + traceNo * 12 + i}`);
  return requestSpans(traceNo, T0 + traceNo * 1000, 'GET /api/orders', statements);
}

function threeQueryRequest(traceNo: number): SpanSpec[] {
  return requestSpans(traceNo, T0 + traceNo * 1000, 'GET /api/users/:id', [
    `SELECT * FROM users WHERE id = ${traceNo}`,
    `SELECT * FROM plans WHERE user_id = ${traceNo}`,
    `SELECT count(*) FROM invoices WHERE user_id = ${traceNo} AND status = 'open'`,
  ]);
}

function signupRequest(traceNo: number): SpanSpec[] {
  return requestSpans(traceNo, T0 + traceNo * 1000, 'POST /api/signup', [`INSERT INTO users (email) VALUES ('u${traceNo}@example.test')`], {
    outbound: [
      { name: 'smtp send', ms: 1200, attributes: { 'server.address': 'smtp.mailgun.org', 'server.port': 587 } },
      { name: 'POST', ms: 30, attributes: { 'http.request.method': 'POST', 'url.full': 'https://api.segment.io/v1/track' } },
      // the analytics flush after the response does not keep the user waiting
      { name: 'PUT', ms: 5000, attributes: { 'http.request.method': 'PUT', 'server.address': 'uploads.s3.amazonaws.com' }, afterResponse: true },
    ],
  });
}

describe('OTLP traces', () => {
  it('finds the N+1 route, leaves the three-query route alone, and finds the inline SMTP call', async () => {
    const lines: string[] = [];
    let n = 1;
    // spans of a request split over two exporter batches (children first, root in the next line), routes interleaved
    for (let i = 0; i < 10; i++) {
      const a = nPlusOneRequest(n++);
      const b = threeQueryRequest(n++);
      lines.push(otlpLine([...a.slice(0, 7), ...b]));
      lines.push(otlpLine(a.slice(7)));
    }
    for (let i = 0; i < 4; i++) lines.push(otlpLine(signupRequest(n++)));
    const path = write('traces.jsonl', `${lines.join('\n')}\n`);
    const s = await readTraces([path]);
    assert.equal(s.files[0]?.error, null);
    assert.equal(s.totals.requests, 24);
    assert.equal(s.totals.orphanSpans, 0);

    const orders = route(s.routes, 'GET /api/orders');
    assert.equal(orders.requests, 10);
    assert.equal(orders.queriesPerRequest, 13);
    assert.equal(orders.queries.length, 2);
    assert.equal(orders.nPlusOne.length, 1);
    assert.equal(orders.nPlusOne[0]?.query, 'SELECT * FROM order_items WHERE order_id = ?');
    assert.equal(orders.nPlusOne[0]?.medianPerRequest, 12);
    assert.equal(orders.nPlusOne[0]?.requestsWithQuery, 10);
    assert.match(orders.nPlusOne[0]?.exampleTraceId ?? '', /^[0-9a-f]{32}$/);
    assert.equal(orders.inlineLongWork, null);

    const users = route(s.routes, 'GET /api/users/:id');
    assert.equal(users.queriesPerRequest, 3);
    assert.equal(users.queries.length, 3);
    assert.deepEqual(users.nPlusOne, []);
    assert.equal(users.inlineLongWork, null);

    const signup = route(s.routes, 'POST /api/signup');
    assert.equal(signup.inlineLongWork?.requestsOverThreshold, 4);
    assert.equal(signup.inlineLongWork?.p95OverLimit, false);
    const worst = signup.inlineLongWork?.worst;
    assert.ok(worst && worst.outboundMs >= 1230 && worst.outboundMs < 1300, JSON.stringify(worst));
    assert.deepEqual(
      worst.calls.map((c) => [c.kind, c.target, c.ms]),
      [
        ['smtp', 'smtp.mailgun.org', 1200],
        ['http', 'api.segment.io', 30],
      ],
    );
    assert.ok(signup.inlineLongWork?.targets.some((t) => t.kind === 'storage' && t.target === 'uploads.s3.amazonaws.com'));

    assert.deepEqual(
      s.signals.nPlusOne.map((x) => [x.route, x.medianPerRequest]),
      [['GET /api/orders', 12]],
    );
    assert.deepEqual(
      s.signals.inlineLongWork.map((x) => x.route),
      ['POST /api/signup'],
    );
    assert.deepEqual(s.signals.slowQueries, []);
    assert.ok(JSON.parse(JSON.stringify(s)), 'plain JSON');
  });

  it('reports slow queries by mean time and slow routes by p95, across several files and gzip', async () => {
    const slow = Array.from({ length: 5 }, (_, i) =>
      otlpLine(requestSpans(100 + i, T0 + i * 10_000, 'GET /api/reports/:id', [`SELECT sum(total) FROM orders WHERE month = '2026-0${i + 1}'`], { queryMs: 150, extraMs: 2500 })),
    );
    write('slow-a.json', `${slow.slice(0, 2).join('\n')}\n`);
    write('slow-b.json.gz', gzipSync(Buffer.from(`${slow.slice(2).join('\n')}\n`)));
    const s = await readTraces(['slow-*'], {}, dir);
    assert.deepEqual(
      s.files.map((f) => [f.spans, f.error]),
      [
        [4, null],
        [6, null],
      ],
    );
    assert.equal(s.signals.slowQueries.length, 1);
    assert.equal(s.signals.slowQueries[0]?.query, 'SELECT SUM(total) FROM orders WHERE month = ?');
    assert.equal(s.signals.slowQueries[0]?.calls, 5);
    assert.equal(s.signals.slowQueries[0]?.meanMs, 150);
    assert.deepEqual(s.signals.slowQueries[0]?.routes, ['GET /api/reports/:id']);
    const reports = route(s.routes, 'GET /api/reports/:id');
    assert.equal(reports.inlineLongWork?.p95OverLimit, true);
    assert.equal(reports.inlineLongWork?.requestsOverThreshold, 0);
  });

  it('rejects malformed, non-trace and huge files with one line each, counting nothing from them', async () => {
    const good = otlpLine(nPlusOneRequest(500));
    const cases: [string, string | Buffer, RegExp][] = [
      ['garbage.json', `not json at all\n${good}\n`, /rejected, not JSON/],
      ['metrics.json', `${JSON.stringify({ resourceMetrics: [] })}\n`, /holds OTLP metrics, not traces/],
      ['other.json', '{"hello":"world"}\n', /no "resourceSpans" array/],
      ['bad.json.gz', Buffer.from('not gzip'), /not valid gzip/],
    ];
    for (const [name, text, pattern] of cases) {
      const agg = new TraceAggregator();
      const r = await readTraceFile(write(name, text), agg);
      assert.match(r.error ?? '', pattern, name);
      assert.doesNotMatch(r.error ?? '', /\n/);
      assert.equal(r.spans, 0);
      assert.equal(agg.finish().totals.spans, 0, name);
    }
    const missing = await readTraces([join(dir, 'nope.json')]);
    assert.match(missing.files[0]?.error ?? '', /cannot read \(ENOENT\)/);
    // the file cap (512 MiB by default) checked from the file size before reading; a line over the line cap
    assert.equal(DEFAULT_MAX_TRACE_FILE_BYTES, 512 * 1024 * 1024);
    const huge = await readTraces([write('huge.json', `${good}\n${good}\n`)], { maxFileBytes: good.length });
    assert.match(huge.files[0]?.error ?? '', /KiB is over the \d+ KiB limit for a trace file/);
    assert.equal(huge.totals.spans, 0);
    const longLine = await readTraces([write('long-line.json', `${good}\n`)], { maxLineBytes: 1000 });
    assert.match(longLine.files[0]?.error ?? '', /rejected, line over the/);
    assert.equal(longLine.totals.spans, 0);
  });

  it('skips a malformed later line (a truncated last batch) and reads a pretty-printed document', async () => {
    const a = otlpLine(threeQueryRequest(600));
    const s = await readTraces([write('truncated.json', `${a}\n${a.slice(0, 200)}`)]);
    assert.equal(s.files[0]?.error, null);
    assert.equal(s.files[0]?.malformedLines, 1);
    assert.equal(route(s.routes, 'GET /api/users/:id').requests, 1);
    const pretty = await readTraces([write('pretty.json', JSON.stringify(JSON.parse(a), null, 2))]);
    assert.equal(pretty.files[0]?.error, null);
    assert.equal(pretty.totals.requests, 1);
  });

  it('counts a batch exported twice (an exporter retry) once', async () => {
    const line = otlpLine(threeQueryRequest(700));
    const s = await readTraces([write('retry.json', `${line}\n${line}\n`)]);
    assert.equal(s.totals.spans, 8);
    assert.equal(s.totals.requests, 1);
    assert.equal(route(s.routes, 'GET /api/users/:id').queriesPerRequest, 3);
  });

  it('keeps open traces bounded: idle traces flush, the least recently touched are evicted past the cap', async () => {
    const lines: string[] = [];
    for (let i = 0; i < 200; i++) lines.push(otlpLine(nPlusOneRequest(1000 + i)));
    const path = write('many.json', lines.join('\n'));
    const small = await readTraces([path], { limits: { maxOpenTraces: 10, idleSpans: 50 } });
    assert.equal(small.totals.requests, 200);
    assert.equal(small.totals.evictedTraces, 0, 'complete traces went idle and flushed before the cap');
    assert.equal(route(small.routes, 'GET /api/orders').nPlusOne[0]?.medianPerRequest, 12);
    // spans interleaved over many traces with the root last: eviction cuts some requests short, counted
    const interleaved: SpanSpec[][] = Array.from({ length: 50 }, (_, i) => nPlusOneRequest(3000 + i));
    const out: string[] = [];
    for (let k = 0; k < 14; k++) out.push(otlpLine(interleaved.map((spans) => spans[k]!)));
    const cut = await readTraces([write('interleaved.json', out.join('\n'))], { limits: { maxOpenTraces: 20 } });
    assert.ok(cut.totals.evictedTraces > 0);
    assert.ok(cut.totals.orphanSpans > 0);
  });
});

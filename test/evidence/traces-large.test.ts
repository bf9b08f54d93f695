// Tens of megabytes of OTLP JSON: open traces stay bounded (idle ones flushed) and RSS growth stays small.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { readTraces } from '../../src/evidence/traces.ts';
import { measureRssGrowth } from '../support/memory.ts';
import { otlpLine, requestSpans } from './generate.ts';

const dir = mkdtempSync(join(tmpdir(), 'lr-evidence-traces-large-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('OTLP traces at scale', () => {
  it('reads 60 MB of exporter batches with open traces bounded and RSS growth under 150 MB', { timeout: 120_000 }, async (t) => {
    const path = join(dir, 'traces.jsonl');
    const out = createWriteStream(path);
    let bytes = 0;
    let traceNo = 1;
    const t0 = Date.UTC(2026, 10, 1, 10);
    while (bytes < 60_000_000) {
      const spans = [];
      for (let i = 0; i < 20; i++) {
        const n = traceNo++;
        spans.push(
          ...requestSpans(n, t0 + n, n % 2 ? 'GET /api/items/:id' : 'GET /api/orders', [`SELECT * FROM items WHERE id = ${n}`, `SELECT * FROM prices WHERE item_id = ${n}`]),
        );
      }
      const line = `${otlpLine(spans)}\n`;
      bytes += line.length;
      if (!out.write(line)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');
    const { result: s, growthMb, seconds } = await measureRssGrowth(() => readTraces([path]));
    t.diagnostic(
      `${(bytes / 1e6).toFixed(0)} MB, ${s.totals.spans} spans in ${seconds.toFixed(1)} s, peak open traces ${s.totals.peakOpenTraces}, RSS growth ${growthMb.toFixed(0)} MB`,
    );
    assert.equal(s.totals.requests, traceNo - 1);
    assert.equal(s.totals.evictedTraces, 0);
    assert.equal(s.totals.orphanSpans, 0);
    // 20,000 idle spans at 3 spans a trace, plus one sweep interval: far below the 20,000-trace cap
    assert.ok(s.totals.peakOpenTraces < 8000, `peak open traces ${s.totals.peakOpenTraces}`);
    assert.equal(s.routes.find((r) => r.route === 'GET /api/orders')?.queriesPerRequest, 2);
    assert.ok(growthMb < 150, `RSS grew by ${growthMb.toFixed(0)} MB`);
  });
});

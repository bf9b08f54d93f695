// A 1 GB generated nginx log read in bounded memory: RSS is sampled while reading and must grow by less than 200 MB.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { readAccessLogs } from '../../src/evidence/access-log.ts';
import { measureRssGrowth } from '../support/memory.ts';
import { nginxBlock, writeRepeated } from './generate.ts';

const SIZE = 1_000_000_000;
const dir = mkdtempSync(join(tmpdir(), 'lr-evidence-large-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('access logs at scale', () => {
  it('streams a 1 GB nginx log with RSS growth under 200 MB', { timeout: 170_000 }, async (t) => {
    const path = join(dir, 'access.log');
    const block = Buffer.from(nginxBlock(4 * 1024 * 1024, Date.UTC(2026, 10, 1), 120));
    const written = await writeRepeated(path, block, SIZE);
    const copies = written / block.length;
    const blockLines = block.toString('latin1').split('\n').length - 1;
    const { result: summary, growthMb, seconds } = await measureRssGrowth(() => readAccessLogs([path]));
    rmSync(path, { force: true });
    t.diagnostic(
      `${(written / 1e9).toFixed(2)} GB, ${summary.lines} lines in ${seconds.toFixed(1)} s (${(written / 1024 ** 2 / seconds).toFixed(0)} MiB/s), RSS growth ${growthMb.toFixed(0)} MB`,
    );
    assert.equal(summary.lines, blockLines * copies);
    assert.equal(summary.malformed, 0);
    assert.equal(summary.totals.requests, blockLines * copies);
    assert.ok(summary.routes.some((r) => r.route === '/api/orders/:id' && r.p95Ms !== null));
    assert.ok(growthMb < 200, `RSS grew by ${growthMb.toFixed(0)} MB`);
  });
});

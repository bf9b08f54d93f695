import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { findRepeatedCalls, readHar } from '../../src/evidence/har.ts';

const dir = mkdtempSync(join(tmpdir(), 'lr-evidence-har-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const entry = (pageref: string | undefined, at: string, method: string, url: string, extra: Record<string, unknown> = {}) => ({
  ...(pageref ? { pageref } : {}),
  startedDateTime: at,
  time: 42,
  request: { method, url, httpVersion: 'HTTP/2', headers: [], queryString: [], cookies: [], headersSize: -1, bodySize: 0 },
  response: {
    status: 200,
    statusText: 'OK',
    httpVersion: 'HTTP/2',
    headers: [],
    cookies: [],
    content: { size: 10, mimeType: 'application/json' },
    redirectURL: '',
    headersSize: -1,
    bodySize: 10,
  },
  cache: {},
  timings: { send: 0, wait: 40, receive: 2 },
  ...extra,
});

const HAR = {
  log: {
    version: '1.2',
    creator: { name: 'test', version: '1' },
    pages: [
      { id: 'page_1', title: 'Dashboard', startedDateTime: '2026-11-01T10:00:00.000Z', pageTimings: {} },
      { id: 'page_2', title: 'Settings', startedDateTime: '2026-11-01T10:01:00.000Z', pageTimings: {} },
    ],
    entries: [
      entry('page_1', '2026-11-01T10:00:00.100Z', 'GET', 'https://app.example.test/api/me', { _resourceType: 'fetch' }),
      entry('page_1', '2026-11-01T10:00:00.350Z', 'GET', 'https://app.example.test/api/me', { _resourceType: 'fetch' }),
      entry('page_1', '2026-11-01T10:00:00.900Z', 'GET', 'https://app.example.test/api/me', { _resourceType: 'xhr' }),
      entry('page_1', '2026-11-01T10:00:00.200Z', 'GET', 'https://app.example.test/api/orders?page=1', { _resourceType: 'fetch' }),
      entry('page_1', '2026-11-01T10:00:00.210Z', 'GET', 'https://app.example.test/api/orders?page=2', { _resourceType: 'fetch' }),
      entry('page_1', '2026-11-01T10:00:00.300Z', 'OPTIONS', 'https://app.example.test/api/orders?page=1', { _resourceType: 'preflight' }),
      entry('page_1', '2026-11-01T10:00:00.050Z', 'GET', 'https://app.example.test/app.js', { _resourceType: 'script' }),
      entry('page_1', '2026-11-01T10:00:00.060Z', 'GET', 'https://app.example.test/app.js', { _resourceType: 'script' }),
      // GraphQL: one URL, different bodies are different calls; the same body twice is a repeat
      entry('page_1', '2026-11-01T10:00:00.400Z', 'POST', 'https://app.example.test/graphql', {
        _resourceType: 'fetch',
        request: { method: 'POST', url: 'https://app.example.test/graphql', postData: { mimeType: 'application/json', text: '{"query":"{ me }"}' } },
      }),
      entry('page_1', '2026-11-01T10:00:00.410Z', 'POST', 'https://app.example.test/graphql', {
        _resourceType: 'fetch',
        request: { method: 'POST', url: 'https://app.example.test/graphql', postData: { mimeType: 'application/json', text: '{"query":"{ orders }"}' } },
      }),
      // the same call on another page is that page's business
      entry('page_2', '2026-11-01T10:01:00.100Z', 'GET', 'https://app.example.test/api/me', { _resourceType: 'fetch' }),
    ],
  },
};

describe('HAR', () => {
  it('lists API calls repeated within one page load with their start times', async () => {
    const path = join(dir, 'dashboard.har');
    writeFileSync(path, JSON.stringify(HAR));
    const s = await readHar(path);
    assert.equal(s.error, null);
    assert.equal(s.entries, 11);
    const dash = s.pages.find((p) => p.pageref === 'page_1');
    assert.equal(dash?.title, 'Dashboard');
    assert.deepEqual(dash?.repeated, [
      {
        method: 'GET',
        url: 'https://app.example.test/api/me',
        count: 3,
        startTimes: ['2026-11-01T10:00:00.100Z', '2026-11-01T10:00:00.350Z', '2026-11-01T10:00:00.900Z'],
        offsetsMs: [100, 350, 900],
        statuses: [200, 200, 200],
      },
    ]);
    assert.deepEqual(s.pages.find((p) => p.pageref === 'page_2')?.repeated, []);
  });

  it('treats a file without pages as one page load, and without resource types guesses API calls from the response', () => {
    const entries = [
      entry(undefined, '2026-11-01T10:00:00.000Z', 'GET', 'https://a.example/api/cart'),
      entry(undefined, '2026-11-01T10:00:01.000Z', 'GET', 'https://a.example/api/cart'),
      entry(undefined, '2026-11-01T10:00:01.000Z', 'GET', 'https://a.example/logo.png'),
      entry(undefined, '2026-11-01T10:00:02.000Z', 'GET', 'https://a.example/logo.png'),
    ];
    const r = findRepeatedCalls({ log: { version: '1.2', entries } });
    assert.equal(r.pages.length, 1);
    assert.equal(r.pages[0]?.pageref, null);
    assert.deepEqual(
      r.pages[0]?.repeated.map((c) => [c.url, c.count, c.offsetsMs]),
      [['https://a.example/api/cart', 2, [0, 1000]]],
    );
  });

  it('rejects a file over the size cap, non-JSON and non-HAR with one line', async () => {
    const big = join(dir, 'big.har');
    writeFileSync(big, JSON.stringify(HAR));
    assert.match((await readHar(big, { maxBytes: 100 })).error ?? '', /: \d+ KiB is over the 1 KiB limit for a HAR file$/);
    const bad = join(dir, 'bad.har');
    writeFileSync(bad, '{"log": ');
    assert.match((await readHar(bad)).error ?? '', /not JSON/);
    const other = join(dir, 'other.har');
    writeFileSync(other, '{"hello": 1}');
    assert.match((await readHar(other)).error ?? '', /no log.entries array/);
  });
});

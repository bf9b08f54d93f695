// The rate-limit probe against real node:http servers on loopback that count every request they receive.
import assert from 'node:assert/strict';
import diagnostics from 'node:diagnostics_channel';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { after, describe, it } from 'node:test';
import { isCannotRun, isInputMissing, isNotApplicable } from '../../src/checks/define.ts';
import type { DnsAnswer, DnsClient } from '../../src/facts/dns-wire.ts';
import { NetContext, setDnsClientFactory } from '../../src/net/context.ts';
import { WireDnsClient } from '../../src/net/wire-dns.ts';
import { PROBE_HARD_CAP, PROBE_START_SLACK_MS, probeRateLimit, type RateLimitProbeRoute } from '../../src/protection/ratelimit-probe.ts';
import { judgeNoRetryAfter, judgeRateLimitMissing } from '../../src/protection/ratelimit-verdict.ts';
import type { FindingDraft } from '../../src/types.ts';
import { createTestPki } from '../support/certs.ts';

interface Seen {
  method: string;
  url: string;
  host: string;
  authorization: string | undefined;
  body: string;
}

interface CountingServer {
  port: number;
  seen: Seen[];
  close(): Promise<void>;
}

const servers: CountingServer[] = [];

/** A loopback server answering each request with handler(n), n = 1 for the first request it received. */
async function countingServer(handler: (n: number, res: ServerResponse) => unknown): Promise<CountingServer> {
  const seen: Seen[] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString();
    });
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', host: req.headers.host ?? '', authorization: req.headers.authorization, body });
      void handler(seen.length, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const counting: CountingServer = {
    port: (server.address() as AddressInfo).port,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  servers.push(counting);
  return counting;
}

const ctx = (resolve: string[] = [], timeoutMs = 2000) =>
  new NetContext({ timeoutMs, concurrency: 8, resolve, dnsServers: ['127.0.0.1:1'], extraCaPem: [], allowNonLoopbackTraffic: false });

const SECRET = 'Bearer lr-probe-s3cret-value-9f8e7d';

const findings = (verdict: unknown): FindingDraft[] => {
  assert.ok(Array.isArray(verdict), `expected findings, got ${JSON.stringify(verdict)}`);
  return verdict as FindingDraft[];
};

const settle = () => new Promise((r) => setTimeout(r, 150));

describe('rate-limit probe', () => {
  after(async () => {
    await Promise.all(servers.map((s) => s.close()));
  });

  it('an unlimited login: all 30 answered 200 with the route method, headers and body; ratelimit.missing is a blocker', async () => {
    const server = await countingServer((_n, res) => res.end('{"error":"bad credentials"}'));
    const route: RateLimitProbeRoute = {
      url: `http://login.acme.test:${server.port}/api/login?next=%2Fhome`,
      method: 'post',
      kind: 'login',
      headers: { 'Content-Type': 'application/json', Authorization: SECRET },
      body: '{"email":"probe@example.test","password":"not-a-real-password"}',
    };
    const started = performance.now();
    const result = await probeRateLimit(ctx([`login.acme.test:${server.port}:127.0.0.1`]), route, { windowMs: 900 });
    const wallMs = performance.now() - started;
    await settle();
    assert.equal(server.seen.length, 30);
    assert.ok(server.seen.every((s) => s.method === 'POST' && s.url === '/api/login?next=%2Fhome' && s.authorization === SECRET && s.body === route.body));
    assert.equal(server.seen[0]?.host, `login.acme.test:${server.port}`);
    assert.equal(result.sent, 30);
    assert.equal(result.answered, 30);
    assert.deepEqual(result.statuses, { '200': 30 });
    assert.deepEqual(result.errors, {});
    assert.equal(result.limited, null);
    assert.equal(result.stoppedBy, 'count');
    assert.deepEqual(result.addresses, ['127.0.0.1']);
    assert.deepEqual(result.plan, { count: 30, windowMs: 900, concurrency: 1, requestedCount: 30, capped: false });
    // spread over the window: the last request starts at 900 ms
    assert.ok(result.durationMs >= 880 && wallMs < 3000, `took ${result.durationMs} ms (${Math.round(wallMs)} ms wall)`);
    // header values (secrets) and the query string never reach the result
    const json = JSON.stringify(result);
    assert.ok(!json.includes('s3cret') && !json.includes('next='), json);
    assert.equal(result.url, `http://login.acme.test:${server.port}/api/login`);
    assert.deepEqual(result.requestHeaderNames, ['Content-Type', 'Authorization']);

    const [finding] = findings(judgeRateLimitMissing(result));
    assert.equal(finding?.severity, 'blocker');
    assert.equal(finding?.target, `POST http://login.acme.test:${server.port}/api/login`);
    assert.equal(finding?.evidence.summary, `30 requests in ${(result.durationMs / 1000).toFixed(1)} s, all 200, no 429`);
    assert.equal(finding?.evidence.requests, 30);
    assert.ok(!JSON.stringify(finding).includes('s3cret'));
    assert.ok(isNotApplicable(judgeNoRetryAfter(result)));
    // the same unlimited burst on a public API is high, not blocker
    assert.equal(findings(judgeRateLimitMissing(result, 'public-api'))[0]?.severity, 'high');
  });

  it('a limited reset route: the probe stops at the first 429 (the server counts exactly 6) and reads Retry-After and RateLimit headers', async () => {
    const server = await countingServer((n, res) => {
      if (n <= 5) return void res.end('ok');
      res.writeHead(429, { 'Retry-After': '30', 'RateLimit-Limit': '5', 'RateLimit-Remaining': '0' }).end('slow down');
    });
    const result = await probeRateLimit(
      ctx(),
      { url: `http://127.0.0.1:${server.port}/password/reset`, method: 'POST', kind: 'password-reset', body: 'email=a@example.test' },
      { windowMs: 600 },
    );
    await settle();
    assert.equal(server.seen.length, 6);
    assert.equal(result.sent, 6);
    assert.deepEqual(result.statuses, { '200': 5, '429': 1 });
    assert.equal(result.stoppedBy, 'limited');
    assert.equal(result.limited?.requestNumber, 6);
    assert.equal(result.limited?.status, 429);
    assert.equal(result.limited?.retryAfter, '30');
    assert.deepEqual(result.limited?.rateLimitHeaders, { 'ratelimit-limit': '5', 'ratelimit-remaining': '0' });
    // the 6th request is due at 5 intervals of 600/29 ms
    assert.ok((result.limited?.atMs ?? 0) >= 100 && (result.limited?.atMs ?? 0) < 1000, `limited at ${result.limited?.atMs} ms`);
    assert.deepEqual(judgeRateLimitMissing(result), []);
    assert.deepEqual(judgeNoRetryAfter(result), []);
  });

  it('X-RateLimit-* headers alone count as telling the client when to retry', async () => {
    const server = await countingServer((n, res) => {
      if (n <= 2) return void res.end('ok');
      res.writeHead(429, { 'X-RateLimit-Reset': '1767225600' }).end();
    });
    const result = await probeRateLimit(ctx(), { url: `http://127.0.0.1:${server.port}/api/v1/items`, kind: 'public-api' }, { count: 10, windowMs: 200 });
    assert.equal(server.seen.length, 3);
    assert.deepEqual(result.limited?.rateLimitHeaders, { 'x-ratelimit-reset': '1767225600' });
    assert.deepEqual(judgeNoRetryAfter(result), []);
  });

  it('a 429 without Retry-After nor RateLimit headers: ratelimit.no-retry-after, and the route is limited', async () => {
    const server = await countingServer((n, res) => {
      if (n <= 3) return void res.end('ok');
      res.writeHead(429).end('too many');
    });
    const result = await probeRateLimit(ctx(), { url: `http://127.0.0.1:${server.port}/signup`, method: 'POST', kind: 'signup' }, { windowMs: 300 });
    await settle();
    assert.equal(server.seen.length, 4);
    assert.equal(result.limited?.retryAfter, null);
    assert.deepEqual(result.limited?.rateLimitHeaders, {});
    assert.deepEqual(judgeRateLimitMissing(result), []);
    const [finding] = findings(judgeNoRetryAfter(result));
    assert.equal(finding?.severity, undefined, 'the catalog default (low) applies');
    assert.match(String(finding?.evidence.summary), /^4 requests in \d+\.\d s, 200 ×3, 429 ×1; 429 at request 4 after \d+\.\d s \(no Retry-After nor RateLimit headers\)$/);
  });

  it('a 503 with Retry-After stops the burst; a 503 without it does not', async () => {
    const withHeader = await countingServer((n, res) => (n <= 2 ? res.end('ok') : res.writeHead(503, { 'Retry-After': '5' }).end()));
    const limited = await probeRateLimit(ctx(), { url: `http://127.0.0.1:${withHeader.port}/hooks/stripe`, method: 'POST', kind: 'webhook' }, { count: 10, windowMs: 200 });
    assert.equal(withHeader.seen.length, 3);
    assert.equal(limited.limited?.status, 503);
    const without = await countingServer((_n, res) => res.writeHead(503).end());
    const unlimited = await probeRateLimit(ctx(), { url: `http://127.0.0.1:${without.port}/hooks/stripe`, method: 'POST', kind: 'webhook' }, { count: 10, windowMs: 200 });
    assert.equal(without.seen.length, 10);
    assert.equal(unlimited.limited, null);
    assert.equal(findings(judgeRateLimitMissing(unlimited))[0]?.evidence.summary, `10 requests in ${(unlimited.durationMs / 1000).toFixed(1)} s, all 503, no 429`);
  });

  it('never sends more than 200 requests, whatever the configuration asks', async () => {
    const server = await countingServer((_n, res) => res.end());
    // A 2 s window: the time bound (window + 1 s) must not be what stops the burst. With 400 ms, a loaded 2-core
    // machine answered only 196 of the 200 before the 1.4 s bound; 200 in 3 s needs just 67 answers a second.
    const result = await probeRateLimit(
      ctx(),
      { url: `http://127.0.0.1:${server.port}/api/login`, method: 'POST', kind: 'login' },
      { count: 5000, windowMs: 2000, concurrency: 50 },
    );
    await settle();
    assert.equal(result.stoppedBy, 'count');
    assert.equal(server.seen.length, PROBE_HARD_CAP);
    assert.equal(result.sent, 200);
    assert.deepEqual(result.plan, { count: 200, windowMs: 2000, concurrency: 4, requestedCount: 5000, capped: true });
    assert.match(String(findings(judgeRateLimitMissing(result))[0]?.evidence.summary), /^200 requests in/);
  });

  it('with concurrency, still stops at the first 429 (at most the requests already in flight arrive after it)', async () => {
    const server = await countingServer(async (n, res) => {
      await new Promise((r) => setTimeout(r, 30));
      if (n <= 5) return void res.end('ok');
      res.writeHead(429, { 'Retry-After': '1' }).end();
    });
    const result = await probeRateLimit(ctx(), { url: `http://127.0.0.1:${server.port}/login`, method: 'POST', kind: 'login' }, { count: 40, windowMs: 200, concurrency: 3 });
    await settle();
    assert.ok(server.seen.length >= 6 && server.seen.length <= 8, `server counted ${server.seen.length}`);
    assert.equal(result.sent, server.seen.length);
    assert.equal(result.stoppedBy, 'limited');
    assert.ok((result.limited?.requestNumber ?? 0) >= 6);
  });

  it('is bounded in time: slow answers stop the burst at the window plus 1 s, whatever the count', async () => {
    const server = await countingServer(async (_n, res) => {
      await new Promise((r) => setTimeout(r, 250));
      res.end();
    });
    const started = performance.now();
    const result = await probeRateLimit(ctx(), { url: `http://127.0.0.1:${server.port}/api/search`, kind: 'public-api' }, { count: 100, windowMs: 500 });
    const wallMs = performance.now() - started;
    await settle();
    assert.equal(result.stoppedBy, 'time');
    assert.equal(server.seen.length, result.sent);
    // sequential: one request every ~250 ms until 1.5 s have passed
    assert.ok(result.sent >= 5 && result.sent <= 8, `sent ${result.sent}`);
    assert.ok(wallMs < 500 + PROBE_START_SLACK_MS + 250 + 400, `took ${Math.round(wallMs)} ms`);
    assert.match(String(findings(judgeRateLimitMissing(result))[0]?.evidence.summary), /no 429 \(stopped at the time bound\)$/);
  });

  it('a route that does not answer: failures counted by class, stops after 5 in a row, and no verdict is drawn from it', async () => {
    const server = await countingServer(() => {}); // never answers
    const result = await probeRateLimit(ctx([], 150), { url: `http://127.0.0.1:${server.port}/login`, method: 'POST', kind: 'login' }, { count: 30, windowMs: 300 });
    assert.equal(result.stoppedBy, 'failures');
    assert.equal(result.sent, 5);
    assert.deepEqual(result.errors, { TIMEOUT: 5 });
    assert.equal(result.answered, 0);
    const verdict = judgeRateLimitMissing(result);
    assert.ok(isCannotRun(verdict));
    assert.match(verdict.cannotRun, /only 0 of 5 requests answered, 5 failed \(TIMEOUT 5\)/);
  });

  it('over HTTPS through a --resolve pin: SNI and Host carry the name, the --ca-file roots are kept', async () => {
    const pki = createTestPki('launchready probe test');
    const leaf = pki.leaf({ hosts: ['login.acme.test'] });
    const sni: string[] = [];
    const server = createHttpsServer({ cert: leaf.chainPem, key: leaf.keyPem }, (req, res) => {
      sni.push(`${(req.socket as { servername?: string }).servername} ${req.headers.host}`);
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    try {
      const net = new NetContext({
        timeoutMs: 2000,
        concurrency: 4,
        resolve: [`login.acme.test:${port}:127.0.0.1`],
        dnsServers: ['127.0.0.1:1'],
        extraCaPem: [pki.caPem],
        allowNonLoopbackTraffic: false,
      });
      const result = await probeRateLimit(net, { url: `https://login.acme.test:${port}/login`, method: 'POST', kind: 'login' }, { count: 4, windowMs: 100 });
      assert.deepEqual(result.statuses, { '200': 4 });
      assert.deepEqual(sni, Array(4).fill(`login.acme.test login.acme.test:${port}`));
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });

  it('resolves through the DNS client once and connects only to the address it checked (a changed answer is ignored)', async () => {
    const server = await countingServer((_n, res) => res.end());
    let aQueries = 0;
    const answer = (name: string, type: string, data: string[]): DnsAnswer => ({
      name,
      type,
      rcode: 'NOERROR',
      answers: data.map((d) => ({ name, type, ttl: 60, data: d })),
      cnameChain: [],
      server: 'fake',
      timeMs: 0,
    });
    // first answer loopback, then another loopback address where nothing listens: a second lookup would fail the requests
    const fake: DnsClient = {
      queriesSent: 0,
      async query(name, type) {
        if (type !== 'A') return answer(name, type, []);
        aQueries++;
        return answer(name, type, [aQueries === 1 ? '127.0.0.1' : '127.0.0.2']);
      },
    };
    setDnsClientFactory(() => fake);
    try {
      const net = new NetContext({ timeoutMs: 1000, concurrency: 4, resolve: [], dnsServers: ['127.0.0.1:1'], extraCaPem: [], allowNonLoopbackTraffic: false });
      const result = await probeRateLimit(net, { url: `http://api.acme.test:${server.port}/v1/items`, kind: 'public-api' }, { count: 8, windowMs: 100 });
      assert.equal(aQueries, 1);
      assert.equal(server.seen.length, 8);
      assert.deepEqual(result.statuses, { '200': 8 });
      assert.deepEqual(result.addresses, ['127.0.0.1']);
      // a name the DNS client answers with a public address is refused without --yes
      aQueries = 0;
      const publicAnswer: DnsClient = { queriesSent: 0, query: async (name, type) => answer(name, type, type === 'A' ? ['198.51.100.7'] : []) };
      setDnsClientFactory(() => publicAnswer);
      const refused = await probeRateLimit(new NetContext({ timeoutMs: 1000, concurrency: 4, resolve: [], dnsServers: [], extraCaPem: [], allowNonLoopbackTraffic: false }), {
        url: 'https://api.acme.example/v1/items',
        kind: 'public-api',
      });
      assert.equal(refused.refused?.code, 'NON_LOOPBACK');
      assert.equal(refused.sent, 0);
    } finally {
      setDnsClientFactory((servers, timeoutMs) => new WireDnsClient(servers, timeoutMs));
    }
  });

  it('refuses a non-loopback target before any connection (--resolve to 192.0.2.1), and says the probe was skipped', async () => {
    let sockets = 0;
    const count = () => {
      sockets++;
    };
    diagnostics.subscribe('net.client.socket', count);
    try {
      const pinned = await probeRateLimit(ctx(['login.example.test:8443:192.0.2.1']), {
        url: 'https://login.example.test:8443/login',
        method: 'POST',
        kind: 'login',
        headers: { Authorization: SECRET },
      });
      assert.equal(pinned.refused?.code, 'NON_LOOPBACK');
      assert.match(pinned.refused?.message ?? '', /login\.example\.test resolves to 192\.0\.2\.1, not loopback.*--yes/);
      assert.deepEqual(pinned.addresses, ['192.0.2.1']);
      assert.equal(pinned.sent, 0);
      assert.equal(pinned.stoppedBy, 'refused');
      // defaults are reported even when nothing is sent
      assert.deepEqual(pinned.plan, { count: 30, windowMs: 10_000, concurrency: 1, requestedCount: 30, capped: false });
      const literal = await probeRateLimit(ctx(), { url: 'http://192.0.2.1/login', kind: 'login' });
      assert.equal(literal.refused?.code, 'NON_LOOPBACK');
      assert.equal(sockets, 0, 'no TCP connection was opened');
      const skipped = judgeRateLimitMissing(pinned);
      assert.ok(isInputMissing(skipped));
      assert.match(skipped.inputMissing, /^rate-limit probe of POST https:\/\/login\.example\.test:8443\/login skipped/);
      assert.ok(isInputMissing(judgeNoRetryAfter(pinned)));
      assert.ok(!JSON.stringify(pinned).includes('s3cret'));
    } finally {
      diagnostics.unsubscribe('net.client.socket', count);
    }
  });

  it('a name that does not resolve or a bad URL is refused with the reason, nothing sent', async () => {
    const unresolved = await probeRateLimit(ctx([], 300), { url: 'http://nowhere.invalid/login', kind: 'login' });
    assert.equal(unresolved.refused?.code, 'DNS');
    assert.equal(unresolved.sent, 0);
    assert.ok(isCannotRun(judgeRateLimitMissing(unresolved)));
    const bad = await probeRateLimit(ctx(), { url: 'ftp://127.0.0.1/login', kind: 'login' });
    assert.equal(bad.refused?.code, 'BAD_URL');
    const garbage = await probeRateLimit(ctx(), { url: 'not a url', kind: 'login' });
    assert.equal(garbage.refused?.code, 'BAD_URL');
  });
});

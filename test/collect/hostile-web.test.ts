// Hostile peers on 127.0.10.x: the web collector must stay bounded in time, bytes and memory, and say what went wrong.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { type AddressInfo, createServer, type Server, type Socket } from 'node:net';
import { describe, it, type TestContext } from 'node:test';
import { gzipSync } from 'node:zlib';
import { collectWeb } from '../../src/collect/web/index.ts';
import type { Facts } from '../../src/facts/index.ts';
import type { WebFacts } from '../../src/facts/web.ts';
import { NetContext } from '../../src/net/context.ts';
import { buildPlan } from '../../src/plan.ts';
import { runAllChecks } from '../support/run-all.ts';

const TIMEOUT_MS = 1500;
const MAX_RSS_GROWTH = 100 * 1024 * 1024;

interface Hostile {
  server: Server;
  port: number;
  /** Bytes the server managed to write, per connection. */
  written: number[];
  stop(): Promise<void>;
}

/** A raw TCP peer: handler gets each connection and the first request head (or nothing, for non-HTTP peers). */
async function hostile(
  address: string,
  handler: (socket: Socket, request: { path: string; host: string }, written: (n: number) => void) => void,
  { raw = false } = {},
): Promise<Hostile> {
  const sockets = new Set<Socket>();
  const written: number[] = [];
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    const index = written.push(0) - 1;
    const count = (n: number) => {
      written[index] = (written[index] ?? 0) + n;
    };
    if (raw) return handler(socket, { path: '', host: '' }, count);
    let head = '';
    const onData = (chunk: Buffer) => {
      head += chunk.toString('latin1');
      if (head.length > 65536) return socket.destroy();
      const end = head.indexOf('\r\n\r\n');
      if (end === -1) return;
      socket.off('data', onData);
      const [requestLine = '', ...lines] = head.slice(0, end).split('\r\n');
      const host =
        lines
          .find((l) => /^host:/i.test(l))
          ?.slice(5)
          .trim() ?? '';
      handler(socket, { path: requestLine.split(' ')[1] ?? '/', host }, count);
    };
    socket.on('data', onData);
  });
  await new Promise<void>((resolve) => server.listen(0, address, resolve));
  return {
    server,
    port: (server.address() as AddressInfo).port,
    written,
    stop: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function send(socket: Socket, text: string, count: (n: number) => void): void {
  count(Buffer.byteLength(text));
  socket.end(text);
}

interface Outcome {
  web: WebFacts;
  ms: number;
  rssGrowth: number;
  findings: { id: string; target: string; severity: string; evidence: Record<string, unknown> }[];
}

/** Audit http://hostile.test:PORT/ (and https on httpsPort) with the peer pinned by --resolve. */
async function audit(address: string, httpPort: number, httpsPort: number): Promise<Outcome> {
  const { plan, secrets } = buildPlan(
    { app: { canonical: `http://hostile.test:${httpPort}/`, hosts: ['hostile.test'], ports: { http: httpPort, https: httpsPort } } },
    { urls: [], cwd: '/nonexistent', cwdIsGitRepo: false },
    {},
  );
  const net = new NetContext({
    timeoutMs: TIMEOUT_MS,
    concurrency: 16,
    resolve: [`hostile.test:${httpPort}:${address}`, `hostile.test:${httpsPort}:${address}`],
    dnsServers: ['127.0.0.1:9'],
    extraCaPem: [],
    allowNonLoopbackTraffic: false,
  });
  global.gc?.();
  const rss0 = process.memoryUsage().rss;
  const t0 = performance.now();
  const web = await collectWeb(plan, secrets, net);
  const ms = performance.now() - t0;
  const rssGrowth = process.memoryUsage().rss - rss0;
  JSON.stringify(web); // facts must stay serialisable
  const facts: Facts = { schemaVersion: 1, tool: { name: 'launchready', version: 'test' }, collectedAt: '', durationMs: 0, plan, missing: {}, sources: { web }, timings: {} };
  const findings = runAllChecks(facts).findings.map((f) => ({ id: f.id, target: f.target, severity: f.severity, evidence: f.evidence }));
  return { web, ms, rssGrowth, findings };
}

function assertBounded(t: TestContext, o: Outcome, maxMs: number): void {
  t.diagnostic(`wall ${Math.round(o.ms)} ms, rss growth ${Math.round(o.rssGrowth / 1048576)} MiB`);
  assert.ok(o.ms < maxMs, `took ${Math.round(o.ms)} ms (limit ${maxMs})`);
  assert.ok(o.rssGrowth < MAX_RSS_GROWTH, `rss grew by ${Math.round(o.rssGrowth / 1048576)} MiB`);
}

/** A closed port on the same address, for the https side when the test is about http. */
async function closedPort(address: string): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, address, resolve));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

describe('hostile web peers', { timeout: 120_000 }, () => {
  it('a redirect to itself is a loop, not a hang', async (t) => {
    const peer = await hostile('127.0.10.11', (socket, req, count) =>
      send(socket, `HTTP/1.1 301 Moved\r\nLocation: http://${req.host}${req.path}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`, count),
    );
    try {
      const o = await audit('127.0.10.11', peer.port, await closedPort('127.0.10.11'));
      assertBounded(t, o, 10_000);
      const v = o.web.variants.find((x) => x.scheme === 'http');
      assert.equal(v?.outcome, 'loop');
      assert.equal(v?.hops.length, 1);
      assert.ok(o.findings.some((f) => f.id === 'redirect.loop' && f.target === v?.url));
    } finally {
      await peer.stop();
    }
  });

  it('a 50-hop chain stops after 10 redirects', async (t) => {
    const peer = await hostile('127.0.10.12', (socket, req, count) => {
      const n = Number(/\/hop\/(\d+)/.exec(req.path)?.[1] ?? 0);
      const text =
        n >= 50
          ? 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok'
          : `HTTP/1.1 302 Found\r\nLocation: /hop/${n + 1}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`;
      send(socket, text, count);
    });
    try {
      const o = await audit('127.0.10.12', peer.port, await closedPort('127.0.10.12'));
      assertBounded(t, o, 10_000);
      const v = o.web.variants.find((x) => x.scheme === 'http');
      assert.equal(v?.outcome, 'too-many-redirects');
      assert.equal(v?.hops.length, 11);
      assert.equal(o.web.pages[0]?.error?.code, 'TOO_MANY_REDIRECTS');
      assert.ok(o.findings.some((f) => f.id === 'redirect.loop' && f.target === v?.url));
      assert.ok(peer.written.length < 60, `${peer.written.length} connections`);
    } finally {
      await peer.stop();
    }
  });

  it('a 200 MB body is read only up to the bound', async (t) => {
    const TOTAL = 200 * 1024 * 1024;
    const chunk = Buffer.alloc(64 * 1024, 'a');
    const peer = await hostile('127.0.10.13', (socket, _req, count) => {
      socket.write(`HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: ${TOTAL}\r\nConnection: close\r\n\r\n`);
      let sent = 0;
      const pump = () => {
        while (sent < TOTAL && !socket.destroyed) {
          sent += chunk.length;
          count(chunk.length);
          if (!socket.write(chunk)) return void socket.once('drain', pump);
        }
        socket.end();
      };
      pump();
    });
    try {
      const o = await audit('127.0.10.13', peer.port, await closedPort('127.0.10.13'));
      assertBounded(t, o, 15_000);
      const page = o.web.pages[0];
      assert.ok(page?.response, JSON.stringify(page?.error));
      assert.ok(page.response.bodyTruncated);
      assert.ok(page.response.bodyBytes <= 2 * 1024 * 1024, `read ${page.response.bodyBytes} bytes`);
      assert.equal(page.response.declaredLength, TOTAL);
      const most = Math.max(...peer.written);
      t.diagnostic(`page body read ${page.response.bodyBytes} bytes; the peer wrote at most ${most} bytes on one connection`);
      assert.ok(most < 16 * 1024 * 1024, `the peer got ${most} bytes out on one connection`);
    } finally {
      await peer.stop();
    }
  });

  it('a peer that accepts and never answers times out', async (t) => {
    const peer = await hostile('127.0.10.14', () => {});
    try {
      const o = await audit('127.0.10.14', peer.port, peer.port + 0);
      assertBounded(t, o, TIMEOUT_MS * 4);
      const v = o.web.variants.find((x) => x.scheme === 'http');
      assert.equal(v?.error?.code, 'TIMEOUT');
      // both variants of the only host fail to connect: one blocker saying the site cannot be reached
      const down = o.findings.find((f) => f.id === 'redirect.broken-variant' && f.evidence.canonicalUnreachable === true);
      assert.equal(down?.severity, 'blocker');
      assert.ok(
        ((down?.evidence.variants as string[] | undefined) ?? []).some((line) => line.startsWith(`${v?.url}: timed out`)),
        JSON.stringify(down?.evidence),
      );
    } finally {
      await peer.stop();
    }
  });

  it('a slowloris trickle of headers hits the deadline', async (t) => {
    const peer = await hostile('127.0.10.15', (socket, _req, count) => {
      socket.write('HTTP/1.1 200 OK\r\nX-Slow: ');
      const timer = setInterval(() => {
        if (socket.destroyed) return clearInterval(timer);
        count(1);
        socket.write('a');
      }, 50);
      socket.on('close', () => clearInterval(timer));
    });
    try {
      const o = await audit('127.0.10.15', peer.port, await closedPort('127.0.10.15'));
      assertBounded(t, o, TIMEOUT_MS * 4);
      const v = o.web.variants.find((x) => x.scheme === 'http');
      assert.equal(v?.error?.code, 'TIMEOUT');
      assert.ok(o.findings.some((f) => f.id === 'redirect.broken-variant'));
    } finally {
      await peer.stop();
    }
  });

  it('garbage instead of TLS is a TLS failure', async (t) => {
    const http = await hostile('127.0.10.16', (socket, req, count) =>
      send(socket, `HTTP/1.1 301 Moved\r\nLocation: https://${req.host.replace(/:\d+$/, '')}:${tlsPort}/\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`, count),
    );
    const garbage = await hostile(
      '127.0.10.16',
      (socket, _req, count) => {
        const bytes = randomBytes(4096);
        bytes[0] = 0x48; // not a TLS record type
        count(bytes.length);
        socket.end(bytes);
      },
      { raw: true },
    );
    const tlsPort = garbage.port;
    try {
      const o = await audit('127.0.10.16', http.port, tlsPort);
      assertBounded(t, o, 10_000);
      const v = o.web.variants.find((x) => x.scheme === 'https');
      assert.equal(v?.outcome, 'error');
      assert.match(v?.error?.code ?? '', /TLS_FAILURE|ECONNRESET|EPROTO/);
      assert.ok(o.findings.some((f) => f.id === 'redirect.broken-variant' && f.target === v?.url));
    } finally {
      await http.stop();
      await garbage.stop();
    }
  });

  it('a 300-entry Set-Cookie storm is capped in the facts', async (t) => {
    const peer = await hostile('127.0.10.17', (socket, _req, count) => {
      const cookies = Array.from({ length: 300 }, (_, i) => `Set-Cookie: c${i}=${'v'.repeat(40)}; Path=/\r\n`).join('');
      send(socket, `HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n${cookies}Content-Length: 5\r\nConnection: close\r\n\r\nhello`, count);
    });
    try {
      const o = await audit('127.0.10.17', peer.port, await closedPort('127.0.10.17'));
      assertBounded(t, o, 10_000);
      const response = o.web.pages[0]?.response;
      assert.equal(response?.setCookieCount, 300);
      assert.equal(response?.headers['set-cookie']?.length, 50);
      assert.ok(
        response?.headers['set-cookie']?.every((c) => c.includes('…(40 chars)')),
        'cookie values masked',
      );
      const cookieFindings = o.findings.filter((f) => f.id === 'cache.private-response-cacheable' || f.id === 'http.cookie-insecure');
      assert.ok(cookieFindings.length <= 50);
    } finally {
      await peer.stop();
    }
  });

  it('a 1 MB response header is refused with a clear error', async (t) => {
    const peer = await hostile('127.0.10.18', (socket, _req, count) => {
      const big = 'x'.repeat(1024 * 1024);
      socket.write(`HTTP/1.1 200 OK\r\nX-Huge: ${big}\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok`, () => socket.end());
      count(big.length);
    });
    try {
      const o = await audit('127.0.10.18', peer.port, await closedPort('127.0.10.18'));
      assertBounded(t, o, 10_000);
      const v = o.web.variants.find((x) => x.scheme === 'http');
      assert.equal(v?.error?.code, 'HEADER_OVERFLOW');
      assert.match(v?.error?.message ?? '', /larger than 65536 bytes/);
      assert.ok(o.findings.some((f) => f.id === 'redirect.broken-variant' && f.evidence.reason === `HEADER_OVERFLOW: ${v?.error?.message}`));
    } finally {
      await peer.stop();
    }
  });
  it('a gzip bomb is decoded only up to the bound', async (t) => {
    // 1 GiB of zeros compresses to about 1 MiB: the raw read is bounded, and so must the inflated text be.
    const bomb = gzipSync(Buffer.alloc(1024 * 1024 * 1024), { level: 9 });
    const peer = await hostile('127.0.10.19', (socket, _req, count) => {
      count(bomb.length);
      socket.write(`HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\nContent-Length: ${bomb.length}\r\nConnection: close\r\n\r\n`);
      socket.end(bomb);
    });
    try {
      const o = await audit('127.0.10.19', peer.port, await closedPort('127.0.10.19'));
      assertBounded(t, o, 5_000);
      const page = o.web.pages[0];
      assert.ok(page?.response, JSON.stringify(page?.error));
      assert.ok(page.response.bodyTruncated);
      t.diagnostic(`bomb of ${bomb.length} bytes; page read ${page.response.bodyBytes} raw bytes`);
    } finally {
      await peer.stop();
    }
  });
});

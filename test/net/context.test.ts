// The shared network context: --resolve pins, concurrency limit, loopback gate for traffic.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isLoopback, NetContext, parseResolveEntry } from '../../src/net/context.ts';

const ctx = (resolve: string[] = [], concurrency = 2) =>
  new NetContext({ timeoutMs: 1000, concurrency, resolve, dnsServers: ['127.0.0.1:1'], extraCaPem: [], allowNonLoopbackTraffic: false });

describe('network context', () => {
  it('parses --resolve like curl, including IPv6 and a wildcard port', () => {
    assert.deepEqual(parseResolveEntry('App.Example.com:443:127.0.0.5'), { host: 'app.example.com', port: '443', address: '127.0.0.5' });
    assert.deepEqual(parseResolveEntry('a.example:80:[::1]'), { host: 'a.example', port: '80', address: '::1' });
    assert.deepEqual(parseResolveEntry('a.example:*:127.0.0.9'), { host: 'a.example', port: '*', address: '127.0.0.9' });
    assert.throws(() => parseResolveEntry('a.example:443'), /HOST:PORT:ADDR/);
    assert.throws(() => parseResolveEntry('a.example:443:not-an-ip'), /not an IP/);
  });

  it('connects pinned hosts to the pinned address for that port only', async () => {
    const net = ctx(['app.acme.test:443:127.0.0.7', 'any.acme.test:*:127.0.0.8']);
    assert.deepEqual((await net.lookup('APP.acme.test', 443)).addresses, ['127.0.0.7']);
    assert.deepEqual((await net.lookup('any.acme.test', 8443)).addresses, ['127.0.0.8']);
    assert.deepEqual((await net.lookup('127.0.0.9', 80)).addresses, ['127.0.0.9']);
    assert.equal(await net.mayGenerateTraffic('app.acme.test', 443), true);
  });

  it('never runs more than `concurrency` operations at once', async () => {
    const net = ctx([], 3);
    let active = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 12 }, () =>
        net.limit(async () => {
          active++;
          peak = Math.max(peak, active);
          await new Promise((r) => setTimeout(r, 5));
          active--;
        }),
      ),
    );
    assert.equal(peak, 3);
  });

  it('treats only loopback as safe for traffic without --yes', () => {
    assert.ok(isLoopback('127.3.2.1') && isLoopback('::1'));
    assert.ok(!isLoopback('10.0.0.1') && !isLoopback('192.168.1.1'));
  });
});

// The demo stack really serves its deliberate risks, reached through the shared network context (DNS + CA).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type DemoStack, startDemoStack } from '../../src/demo/stack.ts';
import { NetContext } from '../../src/net/context.ts';
import { type HttpResponse, header, httpRequest, isHttpFailure } from '../../src/net/http.ts';

describe('demo stack', { timeout: 30_000 }, () => {
  let stack: DemoStack;
  let net: NetContext;
  before(async () => {
    stack = await startDemoStack();
    net = new NetContext({ timeoutMs: 3000, concurrency: 4, resolve: [], dnsServers: [stack.dnsServer], extraCaPem: [stack.caPem], allowNonLoopbackTraffic: false });
  });
  after(async () => stack?.stop());

  const get = async (url: string, headers: Record<string, string> = {}): Promise<HttpResponse> => {
    const r = await httpRequest(net, { url, headers });
    assert.ok(!isHttpFailure(r), `request to ${url} failed: ${JSON.stringify(r)}`);
    return r as HttpResponse;
  };

  it('resolves its hostnames through its own DNS responder', async () => {
    const found = await net.lookup('app.acme-demo.test', stack.ports.https);
    assert.deepEqual(found.addresses, ['127.0.0.1']);
    const missing = await net.lookup('nope.acme-demo.test', 443);
    assert.ok(missing.error, 'an unknown demo name does not resolve');
  });

  it('serves the canonical host over TLS trusted through the generated CA, without HSTS', async () => {
    const r = await get(`https://app.acme-demo.test:${stack.ports.https}/`, { 'accept-encoding': 'gzip' });
    assert.equal(r.status, 200);
    assert.equal(r.tls?.authorized, true, r.tls?.authorizationError ?? '');
    assert.equal(header(r, 'strict-transport-security'), undefined);
    assert.equal(header(r, 'content-encoding'), 'gzip');
    assert.match(r.body, /Acme Ops/);
  });

  it('lets plain-http www serve content instead of redirecting', async () => {
    const r = await get(`http://www.acme-demo.test:${stack.ports.http}/`);
    assert.equal(r.status, 200);
  });

  it('redirects the apex to the canonical host with 301, keeping the path', async () => {
    const r = await get(`http://acme-demo.test:${stack.ports.http}/a/b?q=1`);
    assert.equal(r.status, 301);
    assert.equal(header(r, 'location'), `https://app.acme-demo.test:${stack.ports.https}/a/b?q=1`);
  });

  it('reflects a foreign Origin with credentials on the API', async () => {
    const r = await get(`https://app.acme-demo.test:${stack.ports.https}/api/orders`, { origin: 'https://evil.example' });
    assert.equal(header(r, 'access-control-allow-origin'), 'https://evil.example');
    assert.equal(header(r, 'access-control-allow-credentials'), 'true');
  });

  it('serves the fingerprinted bundle without a long cache lifetime', async () => {
    const r = await get(`https://app.acme-demo.test:${stack.ports.https}/assets/app.3f9a1c2b.js`);
    assert.equal(header(r, 'cache-control'), 'no-cache');
  });
});

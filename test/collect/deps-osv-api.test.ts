import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { affectsVersion, type OsvAdvisory, osvEcosystem } from '../../src/analyze/osv.ts';
import { collectDeps } from '../../src/collect/deps/index.ts';
import { NetContext } from '../../src/net/context.ts';
import { writeRepo } from '../support/repo-fixture.ts';

const OSV = fileURLToPath(new URL('../fixtures/osv/', import.meta.url));
const fixtures: OsvAdvisory[] = readdirSync(OSV, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.json'))
  .flatMap((f) => {
    try {
      const j = JSON.parse(readFileSync(`${OSV}/${f}`, 'utf8'));
      return j.id && j.affected && !j.withdrawn ? [j] : [];
    } catch {
      return [];
    }
  });

/** A loopback OSV API: querybatch answers ids of fixture advisories affecting each query; /v1/vulns/ID the advisory. */
async function startOsvApi(): Promise<{ url: string; requests: string[]; close(): Promise<void> }> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      requests.push(`${req.method} ${req.url}`);
      if (req.method === 'POST' && req.url === '/v1/querybatch') {
        const { queries } = JSON.parse(body) as { queries: { package: { name: string; ecosystem: string }; version: string }[] };
        const results = queries.map((q) => ({
          vulns: fixtures
            .filter((a) =>
              a.affected?.some(
                (e) => e.package?.name === q.package.name && e.package?.ecosystem === q.package.ecosystem && affectsVersion(e, osvEcosystem(q.package.ecosystem)!, q.version),
              ),
            )
            .map((a) => ({ id: a.id, modified: '2024-01-01T00:00:00Z' })),
        }));
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ results }));
        return;
      }
      const id = /^\/v1\/vulns\/(.+)$/.exec(req.url ?? '')?.[1];
      const advisory = fixtures.find((a) => a.id === decodeURIComponent(id ?? ''));
      if (advisory) res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(advisory));
      else res.writeHead(404).end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, requests, close: () => new Promise<void>((r) => server.close(() => r())) };
}

const net = () => new NetContext({ timeoutMs: 5000, concurrency: 4, resolve: [], dnsServers: [], extraCaPem: [], allowNonLoopbackTraffic: false });

describe('deps collector with an OSV API', () => {
  it('queries the API in a batch, fetches each advisory once and matches like the directory does', { timeout: 20_000 }, async () => {
    const api = await startOsvApi();
    const repo = await writeRepo({
      'package.json': JSON.stringify({ dependencies: { lodash: '4', minimist: '1' } }),
      'package-lock.json': JSON.stringify({ lockfileVersion: 3, packages: { 'node_modules/lodash': { version: '4.17.20' }, 'node_modules/minimist': { version: '1.2.8' } } }),
      'go.sum': 'golang.org/x/net v0.22.0 h1:x=\n',
    });
    try {
      const facts = await collectDeps(repo.dir, api.url, undefined, { net: net() });
      assert.equal(facts.advisoryDatabase.error, null);
      assert.deepEqual(facts.vulnerable.map((v) => `${v.package}@${v.version} ${v.advisory} ${v.fixed}`).sort(), [
        'golang.org/x/net@v0.22.0 GO-2024-2687 0.23.0',
        'lodash@4.17.20 GHSA-35jh-r3h4-6jhm 4.17.21',
      ]);
      assert.deepEqual(
        api.requests.filter((r) => r.startsWith('POST')),
        ['POST /v1/querybatch'],
      );
      assert.equal(api.requests.filter((r) => r.startsWith('GET')).length, 2);
    } finally {
      await repo.remove();
      await api.close();
    }
  });

  it('reports a failing API as an error in the facts', { timeout: 20_000 }, async () => {
    const api = await startOsvApi();
    const repo = await writeRepo({ 'package-lock.json': JSON.stringify({ lockfileVersion: 3, packages: { 'node_modules/lodash': { version: '4.17.20' } } }) });
    try {
      await api.close();
      const down = await collectDeps(repo.dir, api.url, undefined, { net: net() });
      assert.match(down.advisoryDatabase.error ?? '', /advisory API .* failed/);
    } finally {
      await repo.remove();
    }
  });
});

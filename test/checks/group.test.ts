// One misconfiguration is one finding: web checks group their sightings per (id, host, cause), list the routes, and
// keep the fingerprint when a route is added or fixed. Pages nobody could fetch are could-not-run, never not-applicable.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runAllChecks } from '../support/run-all.ts';
import { corsRoute, page, probe, webFactsWith } from './web/web-facts.ts';

const EVIL = 'https://evil.example';
const reflecting = (path: string) => corsRoute(path, [probe('simple', EVIL, EVIL, 'true'), probe('preflight', 'null', 'null', 'true')]);

describe('grouped web findings', () => {
  it('one reflecting CORS config on three routes is one blocker and one medium, listing the routes', () => {
    const out = runAllChecks(webFactsWith({ cors: ['/api/orders', '/api/me', '/api/reports'].map(reflecting) }));
    const reflects = out.findings.filter((f) => f.id === 'cors.reflects-any-origin');
    const nullOrigin = out.findings.filter((f) => f.id === 'cors.null-origin');
    assert.equal(reflects.length, 1, JSON.stringify(reflects.map((f) => f.target)));
    assert.equal(nullOrigin.length, 1);
    assert.equal(reflects[0]?.severity, 'blocker');
    assert.equal(reflects[0]?.target, 'app.acme.test');
    assert.deepEqual(reflects[0]?.evidence.routes, ['GET /api/orders', 'GET /api/me', 'GET /api/reports']);
    assert.equal(reflects[0]?.evidence.count, 3);
    assert.match(reflects[0]?.title ?? '', /GET \/api\/orders, GET \/api\/me, GET \/api\/reports on app\.acme\.test echo Origin/);
  });

  it('the fingerprint stays when a route is fixed, and differs by cause (credentials or not)', () => {
    const three = runAllChecks(webFactsWith({ cors: ['/api/orders', '/api/me', '/api/reports'].map(reflecting) })).findings.find((f) => f.id === 'cors.reflects-any-origin');
    const one = runAllChecks(webFactsWith({ cors: [reflecting('/api/me')] })).findings.find((f) => f.id === 'cors.reflects-any-origin');
    assert.equal(three?.fingerprint, one?.fingerprint);
    const noCredentials = runAllChecks(webFactsWith({ cors: [corsRoute('/api/me', [probe('simple', EVIL, EVIL)])] })).findings.find((f) => f.id === 'cors.reflects-any-origin');
    assert.notEqual(noCredentials?.fingerprint, one?.fingerprint);
    assert.equal(noCredentials?.severity, 'high');
  });

  it('missing headers on several pages of a host are one finding per check', () => {
    const out = runAllChecks(webFactsWith({ pages: ['/', '/pricing', '/login'].map((p) => page(`https://app.acme.test${p}`)) }));
    for (const id of ['http.csp-missing', 'http.clickjacking', 'http.nosniff-missing', 'http.referrer-policy-missing']) {
      const found = out.findings.filter((f) => f.id === id);
      assert.equal(found.length, 1, `${id}: ${JSON.stringify(found.map((f) => f.target))}`);
      assert.deepEqual(found[0]?.evidence.pages, ['/', '/pricing', '/login']);
    }
  });

  it('pages that never answered make the page checks could-not-run with the reason', () => {
    const failed = { path: '/', url: 'https://app.acme.test/', redirects: [], response: null, html: null, error: { code: 'ECONNREFUSED', message: 'connection refused' } };
    const out = runAllChecks(webFactsWith({ pages: [failed] }));
    for (const id of ['http.csp-missing', 'http.hsts-missing', 'http.nosniff-missing', 'cache.no-compression', 'cache.static-not-cached', 'http.server-version-leak']) {
      const result = out.checks.find((c) => c.id === id);
      assert.equal(result?.status, 'error', `${id}: ${result?.status} ${result?.reason}`);
      assert.match(result?.reason ?? '', /could be fetched.*connection refused/);
    }
    assert.deepEqual(
      out.findings.filter((f) => f.id.startsWith('http.') || f.id.startsWith('cache.')),
      [],
    );
  });
});

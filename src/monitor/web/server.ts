// `launchready monitor --listen`: the dashboard, the JSON API, /metrics, the public /status page and heartbeat intake
// on node:http (no framework). See docs/monitor.md, "Dashboard, API and status page".
//
// Open: /status, /heartbeat/NAME, /assets/monitor/*, /login, and /metrics unless a metrics token is set.
// Everything else needs the token: `Authorization: Bearer TOKEN`, or the session cookie set by the login form.
// Every state change (any method but GET/HEAD, and the heartbeat GET) is a row of STATE_CHANGING_ROUTES and passes the
// one gate, `guard`, before its handler; a request that matches no row is refused after the same gate.
// Every response carries the security headers; bodies, headers, URLs and time per request are bounded.
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MonitorStore } from '../store/store.js';
import { Auth, cookieHeader, LOGIN_COOKIE, loginBindingOf, requestIsHttps, SESSION_COOKIE, SESSION_TTL_MS, safeEqual, sameOrigin, submittedCsrf } from './auth.js';
import { incidentJson, monitorJson, RANGES, type RangeName, resultJson, summarise, trendJson, trendOf, type WebMonitor } from './data.js';
import { METRICS_CONTENT_TYPE, renderMetrics } from './metrics.js';
import { dashboardPage, errorPage, loginPage, monitorPage, type PageOptions, statusPage } from './views.js';

export interface MonitorServerOptions {
  store: MonitorStore;
  monitors: readonly WebMonitor[];
  listen: { host: string; port: number };
  /** LAUNCHREADY_MONITOR_TOKEN; null or empty: the dashboard and API are disabled (status, heartbeat, metrics stay). */
  token: string | null;
  /** monitor.metricsToken: when set, /metrics needs `Authorization: Bearer METRICS_TOKEN`. */
  metricsToken: string | null;
  log: (line: string) => void;
  /** Seconds between the pages' background refreshes (default 10). */
  refreshSeconds?: number;
  /** Clock, for tests. */
  now?: () => number;
}

export interface MonitorServer {
  url: string;
  close(): Promise<void>;
}

const MAX_FORM_BYTES = 8 * 1024;
const MAX_HEARTBEAT_BYTES = 64 * 1024;
const MAX_URL_LENGTH = 2048;
const MAX_HEADER_BYTES = 16 * 1024;

const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

/** Static files shipped in the package (package.json "files": assets), read once at start; only these names are served. */
const ASSET_DIR = new URL('../../../assets/monitor/', import.meta.url);
const ASSET_TYPES: Record<string, string> = { 'dashboard.css': 'text/css; charset=utf-8', 'dashboard.js': 'text/javascript; charset=utf-8' };

function loadAssets(log: (line: string) => void): Map<string, Buffer> {
  const assets = new Map<string, Buffer>();
  for (const name of Object.keys(ASSET_TYPES)) {
    try {
      assets.set(name, readFileSync(new URL(name, ASSET_DIR)));
    } catch (e) {
      log(`monitor web: asset ${name} missing (${(e as Error).message}); the dashboard works without it`);
    }
  }
  return assets;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function setSecurityHeaders(res: ServerResponse): void {
  res.setHeader('Content-Security-Policy', CSP);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'DENY');
  // same-origin, not no-referrer: with no-referrer Chromium sends `Origin: null` on our own form posts
  res.setHeader('Referrer-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  res.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=()');
  res.setHeader('Cache-Control', 'no-store');
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer, headers: Record<string, string | string[]> = {}): void {
  res.statusCode = status;
  res.setHeader('Content-Type', type);
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.end(body);
}

const sendJson = (res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}) =>
  send(res, status, 'application/json; charset=utf-8', `${JSON.stringify(value)}\n`, headers);

const redirect = (res: ServerResponse, location: string, headers: Record<string, string | string[]> = {}) =>
  send(res, 303, 'text/plain; charset=utf-8', 'See Other\n', { Location: location, ...headers });

/** Read a request body up to `limit` bytes; more is a 413 (the connection is closed so the rest is not read). */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      reject(new HttpError(413, `request body over ${limit} bytes`));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        reject(new HttpError(413, `request body over ${limit} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** A form body; a request with no body and no Content-Type (a POST carrying only `X-CSRF-Token`) is an empty form. */
async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const type = String(req.headers['content-type'] ?? '')
    .split(';')[0]!
    .trim()
    .toLowerCase();
  const length = req.headers['content-length'];
  if (type === '' && (length === '0' || (length === undefined && req.headers['transfer-encoding'] === undefined))) return new URLSearchParams();
  if (type !== 'application/x-www-form-urlencoded') throw new HttpError(415, 'expected a form (application/x-www-form-urlencoded)');
  return new URLSearchParams((await readBody(req, MAX_FORM_BYTES)).toString('utf8'));
}

/**
 * The guard of a state-changing route. `login`: same origin and the CSRF value bound to the login form's `lr_login`
 * cookie. `session`: the Bearer token (a browser never sends it on its own), or the session cookie plus same origin and
 * the session's CSRF value. `open`: reads no credentials at all (heartbeat intake only records a time).
 */
type Guard = 'login' | 'session' | 'open';

/**
 * Every route that changes state. `handle` sends every request whose method is not GET or HEAD here first (and the
 * heartbeat GET); the route's guard runs before its handler, and a request matching no row goes through the `session`
 * guard (or, on an open path, straight) to a 405. A new state-changing endpoint is a new row, checked by the tests.
 */
export const STATE_CHANGING_ROUTES = [
  { id: 'login', methods: ['POST'], path: '/login', prefix: false, guard: 'login' },
  { id: 'logout', methods: ['POST'], path: '/logout', prefix: false, guard: 'session' },
  { id: 'heartbeat', methods: ['GET', 'POST'], path: '/heartbeat/', prefix: true, guard: 'open' },
] as const satisfies readonly { id: string; methods: readonly string[]; path: string; prefix: boolean; guard: Guard }[];

type StateRoute = (typeof STATE_CHANGING_ROUTES)[number];

function stateRouteOf(method: string, path: string): StateRoute | undefined {
  return STATE_CHANGING_ROUTES.find((r) => (r.prefix ? path.startsWith(r.path) : path === r.path) && (r.methods as readonly string[]).includes(method));
}

/** Paths anyone may GET: any other method there is a plain 405 (no credentials involved). */
const isOpenPath = (path: string) => path === '/status' || path === '/metrics' || path === '/login' || path.startsWith('/assets/monitor/') || path.startsWith('/heartbeat/');

/** A redirect target after login: a local path only (no scheme, no //host, no backslash tricks). */
function safeNext(next: string | null | undefined): string {
  if (!next || next.length > 512 || !/^\/(?![/\\])[^\s\\]*$/.test(next) || next.startsWith('/login') || next.startsWith('/logout')) return '/';
  return next;
}

function decodeName(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

/** A time parameter: epoch milliseconds or an ISO-8601 string. */
function timeParam(params: URLSearchParams, key: string, fallback: number): number {
  const raw = params.get(key);
  if (raw === null || raw === '') return fallback;
  const ms = /^\d{1,15}$/.test(raw) ? Number(raw) : Date.parse(raw);
  if (!Number.isFinite(ms)) throw new HttpError(400, `${key}: expected epoch milliseconds or an ISO-8601 time`);
  return ms;
}

function limitParam(params: URLSearchParams, fallback: number, max: number): number {
  const raw = params.get('limit');
  if (raw === null || raw === '') return fallback;
  if (!/^\d{1,6}$/.test(raw) || Number(raw) < 1) throw new HttpError(400, `limit: expected an integer from 1 to ${max}`);
  return Math.min(Number(raw), max);
}

export async function startMonitorServer(opts: MonitorServerOptions): Promise<MonitorServer> {
  const { store, log } = opts;
  const now = opts.now ?? Date.now;
  const auth = new Auth(opts.token && opts.token.length > 0 ? opts.token : null, now);
  const refreshSeconds = opts.refreshSeconds ?? 10;
  const monitors = [...opts.monitors];
  const byName = new Map(monitors.map((m) => [m.name, m]));
  const publicMonitors = monitors.filter((m) => m.public === true);
  const assets = loadAssets(log);
  const page = (title: string, extra: Partial<PageOptions> = {}): PageOptions => ({ title, refreshSeconds, ...extra });
  const html = (res: ServerResponse, status: number, body: string, headers: Record<string, string | string[]> = {}) => send(res, status, 'text/html; charset=utf-8', body, headers);

  function loginForm(req: IncomingMessage, res: ServerResponse, status: number, next: string, error?: string): void {
    let binding = loginBindingOf(req);
    const headers: Record<string, string> = {};
    if (!binding) {
      binding = auth.newLoginBinding();
      headers['Set-Cookie'] = cookieHeader(LOGIN_COOKIE, binding, 3600, { secure: requestIsHttps(req) });
    }
    html(res, status, loginPage({ ...page('Log in · launchready monitor'), loginCsrf: auth.csrfFor(`login:${binding}`), next, error, disabled: !auth.enabled }), headers);
  }

  /**
   * The one CSRF gate: every state-changing request passes here before its handler. Answers 401/403 itself and returns
   * null when the request may not proceed; otherwise returns the form it read (empty when it read none) and the
   * session id (null with the Bearer token or on an open route).
   */
  async function guard(req: IncomingMessage, res: ServerResponse, kind: Guard): Promise<{ form: URLSearchParams; session: string | null } | null> {
    if (kind === 'open') return { form: new URLSearchParams(), session: null };
    if (kind === 'login') {
      const form = await readForm(req);
      const binding = loginBindingOf(req);
      if (sameOrigin(req) && auth.csrfOk(binding ? `login:${binding}` : null, submittedCsrf(req, form))) return { form, session: null };
      html(res, 403, errorPage(403, 'The form expired or did not come from this page (CSRF check failed). Reload the login page and try again.', page('Forbidden')));
      return null;
    }
    if (auth.bearerOk(req)) return { form: new URLSearchParams(), session: null };
    const session = auth.sessionOf(req);
    if (!session) {
      sendJson(
        res,
        401,
        { error: auth.enabled ? 'needs the token: Authorization: Bearer <LAUNCHREADY_MONITOR_TOKEN>' : 'the dashboard and API are disabled: set LAUNCHREADY_MONITOR_TOKEN' },
        { 'WWW-Authenticate': 'Bearer realm="launchready monitor"' },
      );
      return null;
    }
    // a state change from a browser session: same origin and the session's CSRF value (form field or X-CSRF-Token)
    const form = await readForm(req);
    if (sameOrigin(req) && auth.csrfOk(`session:${session}`, submittedCsrf(req, form))) return { form, session };
    html(res, 403, errorPage(403, 'CSRF check failed: reload the page and try again.', page('Forbidden', { csrf: auth.csrfFor(`session:${session}`) })));
    return null;
  }

  async function handleStateChange(req: IncomingMessage, res: ServerResponse, method: string, path: string): Promise<void> {
    const route = stateRouteOf(method, path);
    if (!route) {
      if (!isOpenPath(path) && !(await guard(req, res, 'session'))) return;
      const allow = STATE_CHANGING_ROUTES.filter((r) => (r.prefix ? path.startsWith(r.path) : path === r.path)).flatMap((r) => r.methods);
      const headers = { Allow: [...new Set(['GET', 'HEAD', ...allow])].join(', ') };
      if (path.startsWith('/api/') || path.startsWith('/heartbeat/') || path === '/metrics') sendJson(res, 405, { error: 'method not allowed' }, headers);
      else html(res, 405, errorPage(405, 'method not allowed', page('405')), headers);
      return;
    }
    const passed = await guard(req, res, route.guard);
    if (!passed) return;
    switch (route.id) {
      case 'login':
        return handleLogin(req, res, passed.form);
      case 'logout':
        if (passed.session) auth.revoke(passed.session);
        redirect(res, '/login', { 'Set-Cookie': cookieHeader(SESSION_COOKIE, '', 0, { secure: requestIsHttps(req) }) });
        return;
      case 'heartbeat':
        return handleHeartbeat(req, res, path.slice(route.path.length));
      default: {
        // a row without a handler does not compile
        const unhandled: never = route;
        throw new HttpError(500, `no handler for the state-changing route ${(unhandled as StateRoute).id}`);
      }
    }
  }

  /** After `guard(req, res, 'login')` passed. */
  async function handleLogin(req: IncomingMessage, res: ServerResponse, form: URLSearchParams): Promise<void> {
    const address = req.socket.remoteAddress ?? '?';
    const next = safeNext(form.get('next'));
    if (!auth.enabled) {
      loginForm(req, res, 401, next);
      return;
    }
    if (!auth.loginAllowed(address)) {
      loginForm(req, res, 429, next, 'Too many failed attempts; wait a minute.');
      return;
    }
    const token = form.get('token') ?? '';
    if (!auth.tokenOk(token)) {
      auth.loginFailed(address);
      log(`monitor web: failed login from ${address}`);
      loginForm(req, res, 401, next, 'Wrong token.');
      return;
    }
    const session = auth.newSession();
    const secure = requestIsHttps(req);
    redirect(res, next, { 'Set-Cookie': [cookieHeader(SESSION_COOKIE, session.cookie, SESSION_TTL_MS / 1000, { secure }), cookieHeader(LOGIN_COOKIE, '', 0, { secure })] });
  }

  /** After `guard(req, res, 'open')`: GET or POST (STATE_CHANGING_ROUTES). */
  async function handleHeartbeat(req: IncomingMessage, res: ServerResponse, segment: string): Promise<void> {
    const name = decodeName(segment);
    const monitor = name === null ? undefined : byName.get(name);
    if (monitor?.type !== 'heartbeat') {
      sendJson(res, 404, { error: 'no heartbeat monitor with this name' });
      return;
    }
    // the body (a cron job's output, say) is not stored; read it within bounds so the connection stays usable
    if (req.method === 'POST') await readBody(req, MAX_HEARTBEAT_BYTES);
    const at = new Date(now());
    await store.recordHeartbeat(monitor.name, at);
    sendJson(res, 200, { ok: true, monitor: monitor.name, at: at.toISOString() });
  }

  async function handleApi(res: ServerResponse, path: string, params: URLSearchParams): Promise<void> {
    const t = now();
    if (path === '/api/monitors') {
      const summaries = await summarise(store, monitors, t);
      sendJson(res, 200, { generatedAt: new Date(t).toISOString(), monitors: summaries.map((s) => monitorJson(s, t)) });
      return;
    }
    if (path === '/api/incidents') {
      const monitor = params.get('monitor') ?? undefined;
      const open = params.get('open');
      if (open !== null && open !== 'true' && open !== 'false') throw new HttpError(400, 'open: expected true or false');
      const incidents = await store.incidents({
        monitor,
        since: params.has('since') ? timeParam(params, 'since', 0) : undefined,
        limit: limitParam(params, 100, 1000),
        open: open === null ? undefined : open === 'true',
      });
      sendJson(res, 200, { incidents: incidents.map((i) => incidentJson(i, t)) });
      return;
    }
    const m = /^\/api\/monitors\/([^/]+)(\/results)?$/.exec(path);
    const name = m ? decodeName(m[1]!) : null;
    const monitor = name === null ? undefined : byName.get(name);
    if (!m || !monitor) {
      sendJson(res, 404, { error: m ? 'no monitor with this name' : 'not found' });
      return;
    }
    if (m[2]) {
      const to = timeParam(params, 'to', t + 1);
      const from = timeParam(params, 'from', to - 24 * 3_600_000);
      const results = await store.results(monitor.name, from, to, limitParam(params, 100, 1000));
      sendJson(res, 200, { monitor: monitor.name, from: new Date(from).toISOString(), to: new Date(to).toISOString(), results: results.map(resultJson) });
      return;
    }
    const range = (params.get('range') ?? '24h') as RangeName;
    if (!(range in RANGES)) throw new HttpError(400, `range: expected ${Object.keys(RANGES).join(', ')}`);
    const [summary] = await summarise(store, [monitor], t);
    const trend = await trendOf(store, monitor.name, range, t);
    const p95 = (await store.uptime(monitor.name, t, 24 * 3_600_000)).p95Ms;
    sendJson(res, 200, {
      monitor: monitorJson(summary!, t),
      p95Ms24h: p95 === null ? null : Math.round(p95 * 100) / 100,
      trend: { range, bucket: trend.size, from: new Date(trend.from).toISOString(), to: new Date(trend.to).toISOString(), points: trend.points.map(trendJson) },
    });
  }

  async function handleMonitorPage(res: ServerResponse, segment: string, params: URLSearchParams, csrf: string | undefined): Promise<void> {
    const name = decodeName(segment);
    const monitor = name === null ? undefined : byName.get(name);
    if (!monitor) {
      html(res, 404, errorPage(404, 'No monitor with this name.', page('Not found', { csrf })));
      return;
    }
    const range = (params.get('range') ?? '24h') as RangeName;
    if (!(range in RANGES)) throw new HttpError(400, `range: expected ${Object.keys(RANGES).join(', ')}`);
    const t = now();
    const [summary] = await summarise(store, [monitor], t);
    const [trend, uptime, incidents, results] = await Promise.all([
      trendOf(store, monitor.name, range, t),
      store.uptime(monitor.name, t, 24 * 3_600_000),
      store.incidents({ monitor: monitor.name, limit: 50 }),
      store.results(monitor.name, t - 7 * 24 * 3_600_000, t + 1, 50),
    ]);
    html(res, 200, monitorPage({ summary: summary!, p95_24h: uptime.p95Ms, range, trend, incidents, results }, t, page(monitor.name, { csrf })));
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    setSecurityHeaders(res);
    const rawUrl = req.url ?? '/';
    if (rawUrl.length > MAX_URL_LENGTH) throw new HttpError(414, 'URL too long');
    const url = new URL(rawUrl, 'http://localhost');
    const path = url.pathname;
    const method = req.method ?? 'GET';
    const read = method === 'GET' || method === 'HEAD';

    // every state change, and every method but GET/HEAD, goes through the table and its guard; below are reads only
    if (!read || stateRouteOf(method, path)) return handleStateChange(req, res, method, path);
    if (path.startsWith('/heartbeat/')) throw new HttpError(405, 'method not allowed');
    if (path.startsWith('/assets/monitor/')) {
      const name = path.slice('/assets/monitor/'.length);
      const body = Object.hasOwn(ASSET_TYPES, name) ? assets.get(name) : undefined;
      if (!body) throw new HttpError(404, 'not found');
      send(res, 200, ASSET_TYPES[name]!, body, { 'Cache-Control': 'public, max-age=300' });
      return;
    }
    if (path === '/status') {
      const t = now();
      html(res, 200, statusPage(await summarise(store, publicMonitors, t), t, page('Status')));
      return;
    }
    if (path === '/metrics') {
      if (opts.metricsToken) {
        const m = /^Bearer[ ]+(\S+)\s*$/i.exec(String(req.headers.authorization ?? '').slice(0, 4096));
        if (!m || !safeEqual(m[1]!, opts.metricsToken)) {
          send(res, 401, 'text/plain; charset=utf-8', 'metrics need Authorization: Bearer <monitor.metricsToken>\n', { 'WWW-Authenticate': 'Bearer realm="metrics"' });
          return;
        }
      }
      send(res, 200, METRICS_CONTENT_TYPE, renderMetrics(await summarise(store, monitors, now())));
      return;
    }
    if (path === '/login') {
      if (auth.sessionOf(req)) redirect(res, safeNext(url.searchParams.get('next')));
      else loginForm(req, res, 200, safeNext(url.searchParams.get('next')));
      return;
    }

    // ---- everything below needs the token, and is a read
    const bearer = auth.bearerOk(req);
    const session = bearer ? null : auth.sessionOf(req);
    const isApi = path.startsWith('/api/');
    if (!bearer && !session) {
      if (isApi) {
        sendJson(
          res,
          401,
          { error: auth.enabled ? 'needs the token: Authorization: Bearer <LAUNCHREADY_MONITOR_TOKEN>' : 'the dashboard and API are disabled: set LAUNCHREADY_MONITOR_TOKEN' },
          {
            'WWW-Authenticate': 'Bearer realm="launchready monitor"',
          },
        );
        return;
      }
      redirect(res, `/login?next=${encodeURIComponent(safeNext(`${path}${url.search}`))}`);
      return;
    }
    const csrf = session ? auth.csrfFor(`session:${session}`) : undefined;
    if (isApi) return handleApi(res, path, url.searchParams);
    if (path === '/') {
      const t = now();
      const [summaries, incidents] = await Promise.all([summarise(store, monitors, t), store.incidents({ limit: 50 })]);
      html(res, 200, dashboardPage(summaries, incidents, t, page('Monitors · launchready monitor', { csrf })));
      return;
    }
    if (path.startsWith('/monitors/') && path.indexOf('/', '/monitors/'.length) === -1) return handleMonitorPage(res, path.slice('/monitors/'.length), url.searchParams, csrf);
    throw new HttpError(404, 'not found');
  }

  const server = createServer({ maxHeaderSize: MAX_HEADER_BYTES, requestTimeout: 30_000, headersTimeout: 10_000, keepAliveTimeout: 5_000 }, (req, res) => {
    handle(req, res).catch((e: unknown) => {
      const status = e instanceof HttpError ? e.status : 500;
      if (status === 500) log(`monitor web: ${req.method} ${(req.url ?? '').split('?')[0]!.slice(0, 200)} failed: ${(e as Error)?.message ?? e}`);
      if (res.headersSent) {
        res.destroy();
        return;
      }
      setSecurityHeaders(res);
      const message = status === 500 ? 'internal error (see the monitor log)' : (e as Error).message;
      if (status === 413) res.setHeader('Connection', 'close');
      const path = (req.url ?? '').split('?')[0]!;
      if (path.startsWith('/api/') || path.startsWith('/heartbeat/') || path === '/metrics') sendJson(res, status, { error: message });
      else html(res, status, errorPage(status, message, page(String(status))));
      if (status === 413) req.resume();
    });
  });
  server.maxConnections = 1000;
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    const status = err.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request';
    if (socket.writable) socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    else socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.listen.port, opts.listen.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' || address.address.includes(':') ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  // fill the store's cached roll-up sums now, so the first dashboard view does not pay for 30 days of hour rows
  summarise(store, monitors, now()).catch((e: unknown) => log(`monitor web: warming the uptime cache failed: ${(e as Error)?.message ?? e}`));
  log(`monitor web: dashboard on ${url}/ (${auth.enabled ? 'token required' : 'disabled: LAUNCHREADY_MONITOR_TOKEN not set'}), status page ${url}/status, metrics ${url}/metrics`);
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

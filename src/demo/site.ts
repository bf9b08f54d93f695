// The demo app: a small internal-ops tool ("Acme Ops") with deliberate launch risks, served per Host header.
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';

export const DEMO_ZONE = 'acme-demo.test';
/** The RSA keys the stack needs: its CA's, its server's and its DKIM key. */
export const DEMO_KEY_COUNT = 3;
export const DEMO_HOSTS = {
  apex: DEMO_ZONE,
  www: `www.${DEMO_ZONE}`,
  app: `app.${DEMO_ZONE}`,
  api: `api.${DEMO_ZONE}`,
} as const;

/** The deliberate launch risks, as the demo's docs list them. */
export const DEMO_RISKS = [
  'no Strict-Transport-Security on the canonical host (http.hsts-missing)',
  'www answers plain http with content instead of redirecting to https (redirect.no-https-redirect)',
  'a fingerprinted JS bundle served with Cache-Control: no-cache (cache.static-not-cached)',
  'the orders API reflects any Origin with credentials (cors.reflects-any-origin)',
  'a hardcoded live payment key, a dotenv-at-boot entry point and a blocking index migration in the bundled repo',
  'the login route answers a burst of 20 attempts without ever sending 429 (ratelimit.missing)',
  'a monthly report that takes 900 ms, over its 800 ms budget (perf.p95-over-budget)',
  'a search that serves one request at a time and saturates near 28 req/s, below 10x the expected peak (perf.low-headroom)',
];

/** Demo route behaviours for the load stage: a cached read (fast), a report (slow), a search (saturates). */
const DEMO_REPORT_DELAY_MS = 900;
const DEMO_SEARCH_SERVICE_MS = 35;

const ORDERS = Array.from({ length: 60 }, (_, i) => ({ id: 1000 + i, customer: `Customer ${i % 17}`, status: ['open', 'packed', 'shipped'][i % 3], totalCents: 1999 + i * 37 }));

const DASHBOARD = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Acme Ops · Dashboard</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/assets/app.9d8e7f6a.css">
<script src="/assets/app.3f9a1c2b.js" defer></script></head>
<body><header><h1>Acme Ops</h1><nav><a href="/">Dashboard</a> <a href="/orders">Orders</a> <a href="/reports">Reports</a></nav></header>
<main><section id="summary"><h2>Today</h2><p>Open orders: <span id="open">…</span></p></section>
<section><h2>Latest orders</h2><table id="orders"><thead><tr><th>#</th><th>Customer</th><th>Status</th><th>Total</th></tr></thead><tbody></tbody></table></section>
${'<!-- padding so the page is large enough to be worth compressing -->\n'.repeat(30)}</main></body></html>
`;
const MARKETING = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Acme</title></head><body><h1>Acme: operations, simplified</h1><p><a href="https://${DEMO_HOSTS.app}/">Sign in</a></p>${'<p>Acme keeps your orders moving.</p>\n'.repeat(40)}</body></html>\n`;
const APP_JS = `(()=>{fetch('/api/orders',{credentials:'include'}).then(r=>r.json()).then(o=>{document.getElementById('open').textContent=o.filter(x=>x.status==='open').length;});})();\n${'/* bundle */\n'.repeat(200)}`;
const APP_CSS = `body{font-family:system-ui,sans-serif;margin:0}header{background:#123;color:#fff;padding:1rem}main{padding:1rem}table{border-collapse:collapse}td,th{padding:.25rem .5rem}\n${'/* styles */\n'.repeat(120)}`;
const SECURITY_TXT = `Contact: mailto:security@${DEMO_ZONE}\nExpires: 2030-01-01T00:00:00.000Z\n`;

const CATALOG = JSON.stringify(Array.from({ length: 40 }, (_, i) => ({ sku: `SKU-${100 + i}`, name: `Item ${i}`, priceCents: 499 + i * 50 })));

/** The search handles one request at a time (a single worker holding a lock): a queue forms above its capacity. */
let searchQueue: Promise<void> = Promise.resolve();
function serialised(work: () => void): void {
  searchQueue = searchQueue.then(
    () =>
      new Promise<void>((resolve) =>
        setTimeout(() => {
          work();
          resolve();
        }, DEMO_SEARCH_SERVICE_MS),
      ),
  );
}

const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
};

function send(req: IncomingMessage, res: ServerResponse, status: number, type: string, body: string, headers: Record<string, string> = {}): void {
  const raw = Buffer.from(body);
  const etag = `"${createHash('sha1').update(raw).digest('hex').slice(0, 16)}"`;
  const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? '')) && raw.length > 1024;
  const payload = gzip ? gzipSync(raw) : raw;
  res.writeHead(status, {
    'content-type': type,
    'content-length': payload.length,
    etag,
    server: 'acme-demo',
    vary: 'Accept-Encoding',
    ...(gzip ? { 'content-encoding': 'gzip' } : {}),
    ...headers,
  });
  res.end(req.method === 'HEAD' ? undefined : payload);
}

function redirect(res: ServerResponse, location: string, status = 301): void {
  res.writeHead(status, { location, 'content-length': 0, server: 'acme-demo' });
  res.end();
}

function appHttps(req: IncomingMessage, res: ServerResponse, path: string) {
  const origin = req.headers.origin;
  // Deliberate risk: the API echoes whatever Origin it is sent and allows credentials.
  const cors: Record<string, string> = origin ? { 'access-control-allow-origin': origin, 'access-control-allow-credentials': 'true', vary: 'Origin, Accept-Encoding' } : {};
  if (req.method === 'OPTIONS' && path.startsWith('/api/')) {
    res.writeHead(204, { ...cors, 'access-control-allow-methods': 'GET, POST', 'access-control-allow-headers': 'authorization, content-type', server: 'acme-demo' });
    return void res.end();
  }
  switch (path) {
    case '/':
    case '/orders':
    case '/reports':
      return send(req, res, 200, 'text/html; charset=utf-8', DASHBOARD, {
        ...SECURITY_HEADERS,
        'cache-control': 'no-store',
        'set-cookie': 'acme_session=demo; Path=/; Secure; HttpOnly; SameSite=Lax',
      });
    case '/assets/app.3f9a1c2b.js':
      // Deliberate risk: a fingerprinted bundle that every visit downloads again.
      return send(req, res, 200, 'application/javascript', APP_JS, { 'cache-control': 'no-cache' });
    case '/assets/app.9d8e7f6a.css':
      return send(req, res, 200, 'text/css', APP_CSS, { 'cache-control': 'public, max-age=31536000, immutable' });
    case '/api/orders':
      return send(req, res, 200, 'application/json', JSON.stringify(ORDERS), { ...cors, 'cache-control': 'private, no-store' });
    case '/api/reports/monthly':
      // Deliberate risk: the report is computed on every request and takes longer than its budget.
      return void setTimeout(
        () =>
          send(req, res, 200, 'application/json', JSON.stringify({ month: '2026-10', orders: ORDERS.length, revenueCents: ORDERS.reduce((s, o) => s + o.totalCents, 0) }), {
            ...cors,
            'cache-control': 'private, no-store',
          }),
        DEMO_REPORT_DELAY_MS,
      );
    case '/api/catalog':
      return send(req, res, 200, 'application/json', CATALOG, { ...cors, 'cache-control': 'public, max-age=60' });
    case '/api/search':
      // Deliberate risk: one request at a time; fine at the expected peak, a queue at 4x.
      return serialised(() => send(req, res, 200, 'application/json', JSON.stringify(ORDERS.slice(0, 10)), { ...cors, 'cache-control': 'private, no-store' }));
    case '/api/login':
      return send(req, res, 401, 'application/json', '{"error":"invalid credentials"}', { ...cors, 'cache-control': 'no-store' });
    case '/health':
      return send(req, res, 200, 'application/json', '{"ok":true}', { 'cache-control': 'no-store' });
    case '/.well-known/security.txt':
      return send(req, res, 200, 'text/plain', SECURITY_TXT, { 'cache-control': 'public, max-age=86400' });
    default:
      return send(req, res, 404, 'text/html; charset=utf-8', '<!doctype html><title>Not found</title><h1>Not found</h1>', { ...SECURITY_HEADERS, 'cache-control': 'no-store' });
  }
}

/** Routes a request by Host and scheme to the demo's behaviour. */
export function handleDemoRequest(secure: boolean, ports: { http: number; https: number }, req: IncomingMessage, res: ServerResponse) {
  const host = String(req.headers.host ?? '')
    .replace(/:\d+$/, '')
    .toLowerCase();
  const url = new URL(req.url ?? '/', 'http://x');
  const pathAndQuery = `${url.pathname}${url.search}`;
  const httpsUrl = (h: string) => `https://${h}${ports.https === 443 ? '' : `:${ports.https}`}${pathAndQuery}`;
  if (host === DEMO_HOSTS.app) return secure ? appHttps(req, res, url.pathname) : redirect(res, httpsUrl(DEMO_HOSTS.app));
  if (host === DEMO_HOSTS.apex) return redirect(res, httpsUrl(DEMO_HOSTS.app));
  if (host === DEMO_HOSTS.www) {
    // Deliberate risk: plain-http www serves the marketing page instead of redirecting.
    if (!secure) return send(req, res, 200, 'text/html; charset=utf-8', MARKETING, { 'cache-control': 'public, max-age=300' });
    return redirect(res, httpsUrl(DEMO_HOSTS.app));
  }
  if (host === DEMO_HOSTS.api) {
    if (!secure) return redirect(res, httpsUrl(DEMO_HOSTS.api));
    return send(req, res, 404, 'application/json', '{"error":"not found"}', { 'cache-control': 'no-store', 'strict-transport-security': 'max-age=31536000' });
  }
  send(req, res, 421, 'text/plain', 'unknown host\n');
}

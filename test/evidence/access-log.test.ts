import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { detectFormat } from '../../src/evidence/access-formats.ts';
import { readAccessLogs } from '../../src/evidence/access-log.ts';
import type { AccessRouteStats } from '../../src/evidence/access-stats.ts';

const dir = mkdtempSync(join(tmpdir(), 'lr-evidence-access-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const write = (name: string, text: string | Buffer): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const route = (routes: AccessRouteStats[], method: string, path: string): AccessRouteStats => {
  const r = routes.find((x) => x.method === method && x.route === path);
  assert.ok(r, `${method} ${path} in ${routes.map((x) => `${x.method} ${x.route}`).join(', ')}`);
  return r;
};
const near = (got: number | null, want: number, what: string): void => assert.ok(got !== null && Math.abs(got - want) <= want * 0.01 + 1e-9, `${what}: ${got} vs ${want}`);

const NGINX = [
  '203.0.113.9 - - [01/Nov/2026:10:00:01 +0000] "GET /api/orders/17?expand=items HTTP/1.1" 200 512 "https://app.example.test/" "Mozilla/5.0" 0.120',
  '203.0.113.9 - - [01/Nov/2026:10:00:02 +0000] "GET /api/orders/18 HTTP/1.1" 200 512 "-" "curl/8.5.0" 0.080',
  '203.0.113.9 - alice [01/Nov/2026:10:01:02 +0000] "GET /api/orders/19 HTTP/2.0" 502 0 "-" "curl/8.5.0" 1.500',
  '203.0.113.9 - - [01/Nov/2026:11:00:00 +0100] "POST /api/orders HTTP/1.1" 201 40 "-" "say \\"hi\\"" 0.300',
  'this is not a log line',
  '203.0.113.9 - - [01/Nov/2026:10:02:00 +0000] "\\x16\\x03\\x01\\x00" 400 157 "-" "-" 0.001',
  '203.0.113.9 - - [01/Nov/2026:10:03:00 +0000] "GET /health HTTP/1.1" 200 2 "-" "kube-probe" rt=0.002 uct="0.000" urt="0.002"',
  '',
];

describe('access logs', () => {
  it('nginx combined with $request_time: routes, quantiles, 5xx rate, busiest minute, malformed and invalid lines', async () => {
    const path = write('nginx.log', NGINX.join('\n'));
    const s = await readAccessLogs([path]);
    const [file] = s.files;
    assert.equal(file?.format, 'nginx');
    assert.equal(file?.malformed, 1);
    assert.equal(file?.invalidRequests, 1);
    assert.equal(file?.parsed, 5);
    assert.equal(file?.error, null);
    const orders = route(s.routes, 'GET', '/api/orders/:id');
    assert.equal(orders.requests, 3);
    assert.equal(orders.errors5xx, 1);
    near(orders.errorRate, 1 / 3, 'error rate');
    near(orders.p50Ms, 120, 'p50');
    near(orders.p99Ms, 1500, 'p99');
    assert.equal(orders.maxMs, 1500);
    assert.deepEqual(orders.busiestMinute, { minute: '2026-11-01T10:00:00.000Z', requests: 2 });
    assert.equal(orders.firstSeen, '2026-11-01T10:00:01.000Z');
    assert.equal(orders.lastSeen, '2026-11-01T10:01:02.000Z');
    // the +0100 offset is honoured, the escaped quote in the user agent does not end the field early
    assert.equal(route(s.routes, 'POST', '/api/orders').firstSeen, '2026-11-01T10:00:00.000Z');
    near(route(s.routes, 'GET', '/health').p50Ms, 2, 'rt= field');
    assert.equal(s.totals.requests, 5);
    assert.equal(s.totals.firstSeen, '2026-11-01T10:00:00.000Z');
  });

  it('Apache combined with %D microseconds, named or detected', async () => {
    const lines = [
      '198.51.100.4 - - [01/Nov/2026:10:00:01 -0500] "GET /products/123 HTTP/1.1" 200 2326 "-" "Mozilla/5.0" 45000',
      '198.51.100.4 - - [01/Nov/2026:10:00:02 -0500] "GET /products/124 HTTP/1.1" 200 2326 "-" "Mozilla/5.0" 55000',
    ].join('\n');
    const path = write('apache.log', lines);
    const s = await readAccessLogs([path]);
    assert.equal(s.files[0]?.format, 'apache');
    const r = route(s.routes, 'GET', '/products/:id');
    near(r.maxMs, 55, 'µs → ms');
    assert.equal(r.firstSeen, '2026-11-01T15:00:01.000Z');
    const named = await readAccessLogs([path], { format: 'nginx' });
    near(route(named.routes, 'GET', '/products/:id').maxMs, 55_000_000, 'a named format is obeyed');
  });

  it('common log format without a request time: requests counted, no latency invented', async () => {
    const path = write('common.log', '192.0.2.1 - - [01/Nov/2026:10:00:01 +0000] "GET /a/1 HTTP/1.1" 200 1234\n');
    const s = await readAccessLogs([path]);
    const r = route(s.routes, 'GET', '/a/:id');
    assert.equal(r.requests, 1);
    assert.equal(r.timed, 0);
    assert.equal(r.p95Ms, null);
    assert.equal(s.files[0]?.withoutDuration, 1);
  });

  it('AWS ALB and classic ELB lines: the three processing times summed, -1 means no time', async () => {
    const lines = [
      'https 2026-11-01T10:00:00.186641Z app/my-lb/50dc6c495c0c9188 192.168.131.39:2817 10.0.0.1:80 0.001 0.250 0.001 200 200 34 366 "GET https://www.example.com:443/api/items/42?x=1 HTTP/1.1" "curl/7.46.0" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067 "Root=1-58337262-36d228ad5d99923122bbe354" "www.example.com" "arn:aws:acm:us-east-2:123456789012:certificate/12345678-1234-1234-1234-123456789012" 1 2026-11-01T10:00:00.000000Z "forward" "-" "-" "10.0.0.1:80" "200" "-" "-"',
      'http 2026-11-01T10:00:01.000000Z app/my-lb/50dc6c495c0c9188 192.168.131.39:2817 - -1 -1 -1 502 - 34 366 "POST http://www.example.com:80/api/items HTTP/1.1" "curl/7.46.0" - - - "Root=1-58337262-36d228ad5d99923122bbe355" "-" "-" 0 2026-11-01T10:00:01.000000Z "forward" "-" "-" "-" "-" "-" "-"',
      'h2 2026-11-01T10:00:02.000000Z app/my-lb/50dc6c495c0c9188 192.168.131.39:2817 10.0.0.1:80 0.000 0.050 0.000 200 200 34 366 "GET https://www.example.com:443/api/items/43 HTTP/2.0" "curl/7.46.0" - - - "-" "-" "-" 0 2026-11-01T10:00:02.000000Z "forward" "-" "-" "-" "-" "-" "-"',
      'garbage line',
    ].join('\n');
    const s = await readAccessLogs([write('alb.log', lines)]);
    assert.equal(s.files[0]?.format, 'alb');
    assert.equal(s.files[0]?.malformed, 1);
    const items = route(s.routes, 'GET', '/api/items/:id');
    assert.equal(items.requests, 2);
    near(items.maxMs, 252, 'sum of the three times');
    const post = route(s.routes, 'POST', '/api/items');
    assert.equal(post.errors5xx, 1);
    assert.equal(post.timed, 0);
    const classic = await readAccessLogs([
      write(
        'elb.log',
        '2026-11-01T10:00:00.945958Z my-loadbalancer 192.168.131.39:2817 10.0.0.1:80 0.000073 0.001048 0.000057 200 200 0 29 "GET http://www.example.com:80/ HTTP/1.1" "curl/7.38.0" - -\n',
      ),
    ]);
    assert.equal(classic.files[0]?.format, 'alb');
    near(route(classic.routes, 'GET', '/').maxMs, 1.178, 'classic ELB');
  });

  it('Heroku router lines, with and without the syslog prefix; H12 timeouts are 5xx', async () => {
    const lines = [
      '2026-11-01T10:00:00.123456+00:00 heroku[router]: at=info method=GET path="/users/42?tab=1" host=app.herokuapp.com request_id=8601b555 fwd="204.204.204.204" dyno=web.1 connect=1ms service=18ms status=200 bytes=13 protocol=https',
      '<158>1 2026-11-01T10:00:05.000000+00:00 host heroku router - at=error code=H12 desc="Request timeout" method=POST path="/reports" host=app.herokuapp.com request_id=1 fwd="1.2.3.4" dyno=web.2 connect=0ms service=30000ms status=503 bytes=0 protocol=https',
      '2026-11-01T10:00:06+00:00 app[web.1]: Started GET "/users/42"',
    ].join('\n');
    const s = await readAccessLogs([write('heroku.log', lines)]);
    assert.equal(s.files[0]?.format, 'heroku');
    assert.equal(s.files[0]?.malformed, 1);
    near(route(s.routes, 'GET', '/users/:id').p50Ms, 19, 'connect + service');
    const reports = route(s.routes, 'POST', '/reports');
    assert.equal(reports.errors5xx, 1);
    near(reports.maxMs, 30_000, 'H12');
    assert.equal(reports.firstSeen, '2026-11-01T10:00:05.000Z');
  });

  it('JSON lines: common field names, nesting and units detected', async () => {
    const pino = [
      '{"level":30,"time":1793527200000,"req":{"method":"GET","url":"/api/carts/9"},"res":{"statusCode":200},"responseTime":12}',
      '{"level":30,"time":1793527201000,"req":{"method":"GET","url":"/api/carts/10"},"res":{"statusCode":500},"responseTime":40}',
    ];
    const caddy = [
      '{"level":"info","ts":1793527200.52,"logger":"http.log.access","msg":"handled request","request":{"method":"GET","uri":"/feed?page=2"},"duration":0.25,"status":200}',
      '{"level":"info","ts":1793527201.52,"logger":"http.log.access","msg":"handled request","request":{"method":"GET","uri":"/feed"},"duration":0.5,"status":200}',
    ];
    const traefik = ['{"RequestMethod":"GET","RequestPath":"/t/1","DownstreamStatus":200,"Duration":2500000,"StartUTC":"2026-11-01T10:00:00Z"}'];
    const go = [
      '{"time":"2026-11-01T10:00:00Z","method":"get","path":"/go/1","status":204,"latency":"350µs"}',
      '{"time":"2026-11-01T10:00:01Z","method":"GET","path":"/go/2","status":200,"duration_ms":7}',
    ];
    const s1 = await readAccessLogs([write('pino.log', pino.join('\n'))]);
    assert.equal(s1.files[0]?.format, 'json');
    const carts = route(s1.routes, 'GET', '/api/carts/:id');
    near(carts.maxMs, 40, 'responseTime ms');
    assert.equal(carts.errors5xx, 1);
    assert.equal(carts.firstSeen, '2026-11-01T10:00:00.000Z');
    const s2 = await readAccessLogs([write('caddy.log', caddy.join('\n'))]);
    near(route(s2.routes, 'GET', '/feed').maxMs, 500, 'Caddy float seconds');
    const s3 = await readAccessLogs([write('traefik.log', traefik.join('\n'))]);
    near(route(s3.routes, 'GET', '/t/:id').maxMs, 2.5, 'Traefik nanoseconds');
    const s4 = await readAccessLogs([write('go.log', go.join('\n'))]);
    near(route(s4.routes, 'GET', '/go/:id').maxMs, 7, 'duration_ms');
    near(route(s4.routes, 'GET', '/go/:id').p50Ms, 0.35, 'Go duration string');
  });

  it('gzip, globs, several files into one table; an unrecognised file is reported, not guessed', async () => {
    write('multi-a.log', `${NGINX[0]}\n`);
    write('multi-b.log.gz', gzipSync(Buffer.from(`${NGINX[1]}\n${NGINX[2]}\n`)));
    write('multi-c.log', 'hello\nworld\n');
    write('multi-d.log.gz', Buffer.from('not gzip at all'));
    const s = await readAccessLogs(['multi-*.log*', 'missing-*.log'], {}, dir);
    assert.equal(s.files.length, 4);
    assert.equal(route(s.routes, 'GET', '/api/orders/:id').requests, 3);
    const unknown = s.files.find((f) => f.path.endsWith('multi-c.log'));
    assert.match(unknown?.error ?? '', /unrecognised access log format/);
    assert.equal(unknown?.malformed, 2);
    assert.match(s.files.find((f) => f.path.endsWith('multi-d.log.gz'))?.error ?? '', /not valid gzip/);
    assert.deepEqual(s.unmatched, ['missing-*.log']);
    const missing = await readAccessLogs([join(dir, 'nope.log')]);
    assert.match(missing.files[0]?.error ?? '', /nope\.log: cannot read \(ENOENT\)$/);
  });

  it('an over-long line is counted as malformed and skipped, the next line still read', async () => {
    const long = `203.0.113.9 - - [01/Nov/2026:10:00:01 +0000] "GET /${'a'.repeat(200_000)} HTTP/1.1" 200 1 "-" "-" 0.1`;
    const s = await readAccessLogs([write('long.log', [NGINX[0], long, NGINX[1], `${long}`].join('\n'))]);
    assert.equal(s.files[0]?.tooLong, 2);
    assert.equal(s.files[0]?.malformed, 2);
    assert.equal(route(s.routes, 'GET', '/api/orders/:id').requests, 2);
  });

  it('configured routes win; past the route cap the rest folds into "other"', async () => {
    const lines = Array.from(
      { length: 30 },
      (_, i) => `203.0.113.9 - - [01/Nov/2026:10:00:01 +0000] "GET /page${String.fromCharCode(97 + (i % 26))}${i} HTTP/1.1" 200 1 "-" "-" 0.010`,
    );
    lines.push('203.0.113.9 - - [01/Nov/2026:10:00:01 +0000] "GET /shop/summer-sale HTTP/1.1" 200 1 "-" "-" 0.010');
    const s = await readAccessLogs([write('many.log', lines.join('\n'))], { maxRoutes: 10, routes: ['/shop/:slug'] });
    assert.equal(s.routes.length, 10);
    assert.equal(s.other?.requests, 21);
    assert.equal(s.other?.distinctRoutes, 21);
    assert.equal(s.totals.requests, 31);
    const s2 = await readAccessLogs([write('shop.log', lines.at(-1)!)], { routes: ['/shop/:slug'] });
    assert.equal(route(s2.routes, 'GET', '/shop/:slug').configured, true);
  });

  it('detects nothing from an empty sample', () => {
    assert.equal(detectFormat(['', '  ']), null);
    assert.equal(detectFormat(['plain text']), null);
  });
});

// The gate never fails open (issue 7): the built CLI against hosts that cannot be reached, do not resolve, speak only
// http, answer on a custom port, or are IP addresses. Each case asserts the minimum-bar rows, the first finding and the
// exit code; an audit with nothing to audit exits 2.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { IP_LITERAL_REASON } from '../../src/plan.ts';
import type { Report } from '../../src/types.ts';
import { type AuthoritativeDns, startAuthoritativeDns } from '../support/bind.ts';
import { runCli } from '../support/cli.ts';
import { type RunningNginx, startNginx } from '../support/nginx.ts';

const DNS_ADDRESS = '127.0.20.70';
const DNS_PORT = 20_000 + Math.floor(Math.random() * 20_000);
const PLAIN = '127.0.14.10';
const CUSTOM = '127.0.14.11';
const LITERAL = '127.0.14.12';
const CUSTOM_PORT = 18080;

// Two name servers in different /24s, so dns.single-nameserver stays quiet and the domain row is about the web.
const NS = ['@ IN NS ns1', '@ IN NS ns2.gate-ns.test.', 'ns1 IN A 192.0.2.53'];
const zone = (origin: string, address: string) => ({ origin, records: [...NS, `@ IN A ${address}`, `www IN A ${address}`, '@ IN CAA 0 issue "letsencrypt.org"'].join('\n') });

// Big enough (over 1 KiB) that compression is judged, served gzipped; the fingerprinted script is cached for a year.
const PAGE = `<!doctype html><html><head><title>gate</title><script src="/app.3f9a1c2b.js"></script></head><body>${'<p>launch</p>'.repeat(200)}</body></html>`;
const SCRIPT = 'console.log("gate");\n'.repeat(100);
const siteDirectives = (dir: string) => `
    root $docroot/${dir};
    gzip on; gzip_types application/javascript; gzip_min_length 256;
    location ~ "\\.[0-9a-f]{8}\\.js$" { add_header Cache-Control "public, max-age=31536000, immutable" always; }`;

function rows(report: Report): Record<string, string> {
  return Object.fromEntries(report.minimumBar.map((r) => [r.row, r.status]));
}

/** Checks of a bar row that claim to have judged something: with nothing reached, none may say passed or not-applicable. */
function judgedChecks(report: Report, prefixes: string[]): string[] {
  return report.checks.filter((c) => prefixes.some((p) => c.id.startsWith(p)) && (c.status === 'passed' || c.status === 'not-applicable')).map((c) => `${c.id} ${c.status}`);
}

describe('the gate never fails open (built CLI)', { timeout: 240_000 }, () => {
  let dns: AuthoritativeDns | undefined;
  let nginx: RunningNginx | undefined;
  let dir: string;
  const audit = (args: string[], cwd = dir) => runCli(['audit', ...args, '--timeout', '2000'], { cwd, timeoutMs: 90_000 });
  const json = async (args: string[]) => {
    const r = await audit([...args, '--format', 'json']);
    assert.ok(r.stdout.startsWith('{'), `no JSON report (exit ${r.code}): ${r.stderr}`);
    return { code: r.code, report: JSON.parse(r.stdout) as Report, stderr: r.stderr };
  };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'launchready-gate-'));
    dns = await startAuthoritativeDns({
      address: DNS_ADDRESS,
      port: DNS_PORT,
      zones: [
        // gone.gate.test has no record at all: NXDOMAIN
        { origin: 'gate.test', records: NS.join('\n') },
        { origin: 'gate-ns.test', records: 'ns2 IN A 198.51.100.53' },
        zone('plain.test', PLAIN),
        zone('port.test', CUSTOM),
      ],
    });
    nginx = await startNginx({
      servers: [
        { listen: [`${PLAIN}:80`], serverName: ['plain.test'], directives: siteDirectives('plain') },
        { listen: [`${PLAIN}:80`], serverName: ['www.plain.test'], directives: 'return 301 http://plain.test$request_uri;' },
        { listen: [`${CUSTOM}:${CUSTOM_PORT}`], serverName: ['port.test'], directives: siteDirectives('port') },
        { listen: [`${CUSTOM}:${CUSTOM_PORT}`], serverName: ['www.port.test'], directives: `return 301 http://port.test:${CUSTOM_PORT}$request_uri;` },
        { listen: [`${LITERAL}:80`], directives: siteDirectives('literal') },
      ],
      files: Object.fromEntries(
        ['plain', 'port', 'literal'].flatMap((d) => [
          [`${d}/index.html`, PAGE],
          [`${d}/app.3f9a1c2b.js`, SCRIPT],
        ]),
      ),
    });
  });
  after(async () => {
    await nginx?.stop();
    await dns?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('unreachable (http://127.0.0.9:1): one blocker first, saying so; ssl and caching unknown; exit 1', async () => {
    const { code, report, stderr } = await json(['--url', 'http://127.0.0.9:1']);
    assert.equal(code, 1, stderr);
    const first = report.findings[0];
    assert.equal(first?.id, 'redirect.broken-variant');
    assert.equal(first?.severity, 'blocker');
    assert.equal(first?.impactRank, 1);
    assert.equal(first?.fixOrder, 1);
    assert.equal(first?.title, 'http://127.0.0.9:1 cannot be reached: connection refused');
    assert.deepEqual(rows(report), { ...rows(report), domain: 'fail', ssl: 'unknown', caching: 'unknown', email: 'unknown' });
    assert.deepEqual(judgedChecks(report, ['redirect.', 'http.', 'cache.', 'tls.']), []);
    assert.equal(report.findings.filter((f) => f.id === 'redirect.broken-variant').length, 1, 'every failed variant of the host is one finding');
    // the human formats say it plainly
    const markdown = await audit(['--url', 'http://127.0.0.9:1', '--format', 'markdown', '--out', 'unreachable.html']);
    assert.match(markdown.stdout, /The site could not be reached: http:\/\/127\.0\.0\.9:1 cannot be reached: connection refused/);
    assert.match(readFileSync(join(dir, 'unreachable.html'), 'utf8'), /The site could not be reached/);
    const terminal = await audit(['--url', 'http://127.0.0.9:1']);
    assert.match(terminal.stdout, /could not be reached/);
  });

  it('unresolvable (NXDOMAIN from BIND): dns.unresolvable-host of the canonical host first; ssl and caching unknown; exit 1', async () => {
    const { code, report, stderr } = await json(['--url', 'https://gone.gate.test/', '--dns-server', dns?.server as string]);
    assert.equal(code, 1, stderr);
    const first = report.findings[0];
    assert.equal(first?.id, 'dns.unresolvable-host');
    assert.equal(first?.target, 'gone.gate.test');
    assert.equal(first?.severity, 'blocker');
    assert.equal(first?.impactRank, 1);
    assert.equal(first?.fixOrder, 1);
    assert.equal(rows(report).domain, 'fail');
    assert.equal(rows(report).ssl, 'unknown');
    assert.equal(rows(report).caching, 'unknown');
    assert.deepEqual(judgedChecks(report, ['redirect.no-https', 'http.hsts', 'cache.', 'tls.cert']), []);
  });

  it('http only (nginx on port 80 alone): the missing https redirect is the first blocker; TLS could not run; exit 1', async () => {
    const { code, report, stderr } = await json(['--url', 'http://plain.test/', '--dns-server', dns?.server as string]);
    assert.equal(code, 1, stderr);
    const first = report.findings[0];
    assert.equal(first?.id, 'redirect.no-https-redirect');
    assert.equal(first?.severity, 'blocker');
    assert.equal(first?.target, 'http://plain.test/');
    assert.equal(first?.impactRank, 1);
    assert.equal(rows(report).ssl, 'fail');
    // the pages were fetched over http and judged: caching really ran and passed
    assert.equal(rows(report).caching, 'pass');
    assert.equal(report.checks.find((c) => c.id === 'cache.static-not-cached')?.status, 'passed');
    for (const c of report.checks.filter((c) => c.id.startsWith('tls.cert'))) assert.equal(c.status, 'error', `${c.id}: ${c.status} ${c.reason}`);
    assert.ok(report.findings.some((f) => f.id === 'redirect.broken-variant' && f.target === 'https://plain.test/' && f.severity === 'high'));
  });

  it(`custom port (http://port.test:${CUSTOM_PORT}): variants use that port, no refused finding; exit 1 for plain http`, async () => {
    const { code, report, stderr } = await json(['--url', `http://port.test:${CUSTOM_PORT}/`, '--dns-server', dns?.server as string]);
    assert.equal(code, 1, stderr);
    assert.deepEqual(
      report.findings.filter((f) => f.id === 'redirect.broken-variant'),
      [],
      'the server answers 200 on its port',
    );
    const variants = report.domainMap.flatMap((e) => e.variants.map((v) => v.url));
    assert.ok(variants.length > 0 && variants.every((u) => u.includes(`:${CUSTOM_PORT}/`)), variants.join(' '));
    const first = report.findings[0];
    assert.equal(first?.id, 'redirect.no-https-redirect');
    assert.equal(first?.severity, 'blocker');
    assert.equal(first?.target, `http://port.test:${CUSTOM_PORT}/`);
    assert.equal(first?.impactRank, 1);
    assert.equal(rows(report).ssl, 'fail');
    assert.equal(rows(report).domain, 'pass');
    assert.equal(rows(report).caching, 'pass');
    const tls = report.checks.find((c) => c.id === 'tls.cert-expired');
    assert.equal(tls?.status, 'skipped');
    assert.match(tls?.reason ?? '', /app\.ports\.https/);
  });

  it('IP literal: no www variant, no DNS or email checks (skipped with the reason); exit 1 for plain http', async () => {
    const { code, report, stderr } = await json(['--url', `http://${LITERAL}/`]);
    assert.equal(code, 1, stderr);
    assert.deepEqual(report.target.hosts, [LITERAL]);
    assert.ok(!report.findings.some((f) => f.target.includes('www.') || f.id.startsWith('email.') || f.id.startsWith('dns.')), JSON.stringify(report.findings.map((f) => f.id)));
    for (const c of report.checks.filter((c) => c.id.startsWith('email.') || c.id.startsWith('dns.'))) {
      assert.equal(c.status, 'skipped', c.id);
      assert.equal(c.reason, IP_LITERAL_REASON);
    }
    assert.equal(IP_LITERAL_REASON, 'the URL is an IP address; pass --domain for email checks');
    const first = report.findings[0];
    assert.equal(first?.id, 'redirect.no-https-redirect');
    assert.equal(first?.severity, 'blocker');
    assert.equal(first?.impactRank, 1);
    assert.equal(rows(report).email, 'unknown');
    assert.equal(rows(report).ssl, 'fail');
    // the same for IPv6: [::1] has no www and no domain
    const v6 = await json(['--url', 'http://[::1]:9/']);
    assert.deepEqual(v6.report.target.hosts, ['[::1]']);
    assert.equal(v6.report.checks.find((c) => c.id === 'email.spf-missing')?.reason, IP_LITERAL_REASON);
    assert.equal(v6.report.findings[0]?.title, 'http://[::1]:9 cannot be reached: connection refused');
  });

  it('nothing to audit (empty non-git directory) exits 2 with one line saying what to pass', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'launchready-gate-empty-'));
    try {
      const r = await audit([], empty);
      assert.equal(r.code, 2);
      assert.equal(r.stdout, '');
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
      assert.match(r.stderr, /nothing to audit.*--url URL or --repo DIR/);
      const web = await audit(['--only', 'web'], empty);
      assert.equal(web.code, 2);
      assert.equal(web.stdout, '');
      assert.equal(web.stderr.trim().split('\n').length, 1, web.stderr);
      assert.match(web.stderr, /--only web: no URL/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

// Realistic launch reports for reporter tests: every severity over several stages, hostile evidence, blockers with
// dependencies, a minimum bar with pass/fail/unknown rows, a domain map, route metrics with curves, inventory tables.
import { CATALOG, CATALOG_BY_ID } from '../../src/catalog.ts';
import { fingerprintOf } from '../../src/checks/run.ts';
import { maskSecret } from '../../src/mask.ts';
import { minimumBar, rankFindings, scoreAndGrade } from '../../src/report/rank.ts';
import type { Bottleneck, CheckResult, DomainMapEntry, Finding, FindingDraft, Report, RouteMetrics } from '../../src/types.ts';
import { planFor } from './facts.ts';

/** Evidence a hostile server could send back: must be rendered inert everywhere. */
export const HOSTILE = '</script><img src=x onerror=alert(1)>';
/** A terminal escape a hostile header could carry. */
export const TERMINAL_ESCAPE = '\u001b[2J\u001b]0;pwned\u0007';
/** A secret as it arrives in findings: already masked. A fake key: launchready:ignore */
export const MASKED_STRIPE_KEY = maskSecret('sk_live_51HxQe2LkdjfA8d7fKq93mZpQ0');

export interface SampleFinding extends FindingDraft {
  id: string;
}

export const SAMPLE_FINDINGS: SampleFinding[] = [
  {
    id: 'dns.dangling-cname',
    target: 'status.acme.test',
    title: 'status.acme.test points at a CNAME target that does not exist',
    evidence: { cname: 'acme-status.herokudns.com', rcode: 'NXDOMAIN', resolver: '127.0.0.1:5353', provider: 'Heroku (takeover-prone)' },
    fix: 'Delete the CNAME status.acme.test → acme-status.herokudns.com or re-create the Heroku app that owns it.',
  },
  {
    id: 'tls.cert-expired',
    target: 'https://api.acme.test/',
    title: 'The certificate of api.acme.test expired 3 days ago',
    evidence: { issuer: 'CN=R11, O=Let’s Encrypt', validTo: '2026-11-24T10:00:00.000Z', daysLeft: -3, subject: 'CN=api.acme.test' },
    fix: 'Renew the certificate for api.acme.test (certbot renew --cert-name api.acme.test) and reload the web server.',
  },
  {
    id: 'redirect.no-https-redirect',
    target: 'http://acme.test/',
    title: 'http://acme.test/ serves content instead of redirecting to https',
    evidence: { status: 200, hops: [{ url: 'http://acme.test/', status: 200 }], contentType: 'text/html' },
    fix: 'Add to the port 80 server block: return 301 https://app.acme.test$request_uri;',
  },
  {
    id: 'secrets.hardcoded',
    target: 'src/billing/stripe.ts:12',
    key: 'stripe-secret-key',
    title: 'A live Stripe secret key is committed in src/billing/stripe.ts',
    evidence: { rule: 'stripe-secret-key', match: MASKED_STRIPE_KEY, line: `const stripe = new Stripe("${MASKED_STRIPE_KEY}")`, commit: 'HEAD' },
    fix: 'Rotate the key in the Stripe dashboard, then read it from STRIPE_SECRET_KEY instead of the source.',
  },
  {
    id: 'secrets.in-history',
    target: 'config/production.env:3',
    key: 'aws-access-key',
    title: 'An AWS access key is in the git history of config/production.env',
    evidence: { rule: 'aws-access-key', match: maskSecret('AKIAIOSFODNN7EXAMPLE'), commit: '4f2a9c1', author: 'dev@acme.test', date: '2026-03-02' },
    fix: 'Deactivate the key in IAM, then purge it with git filter-repo --path config/production.env --invert-paths.',
  },
  {
    id: 'tls.cert-expiring',
    target: 'https://app.acme.test/',
    title: 'The certificate of app.acme.test expires in 9 days',
    evidence: { issuer: 'CN=R11, O=Let’s Encrypt', validTo: '2026-12-06T08:00:00.000Z', daysLeft: 9 },
  },
  {
    id: 'http.hsts-missing',
    target: 'https://app.acme.test/',
    title: 'app.acme.test sends no Strict-Transport-Security header',
    evidence: { header: null, status: 200 },
    fix: 'add_header Strict-Transport-Security "max-age=31536000; includeSubDomains" always;',
  },
  {
    id: 'email.dmarc-missing',
    target: 'acme.test',
    title: 'acme.test publishes no DMARC record',
    evidence: { query: '_dmarc.acme.test TXT', answer: 'NXDOMAIN' },
    fix: '_dmarc.acme.test. TXT "v=DMARC1; p=none; rua=mailto:dmarc@acme.test"',
  },
  {
    id: 'perf.p95-over-budget',
    target: 'GET /api/orders',
    title: 'GET /api/orders answers in 612 ms at p95, budget 300 ms',
    evidence: { p95Ms: 612, budgetMs: 300, rps: 40, requests: 800 },
    fix: 'Add an index for the orders lookup and paginate the response (see perf.n-plus-one).',
  },
  {
    id: 'migrations.blocking-lock',
    target: 'db/migrations/20261101_orders_customer_idx.sql:4',
    title: 'CREATE INDEX without CONCURRENTLY blocks writes to orders',
    evidence: { statement: 'CREATE INDEX orders_customer_idx ON orders (customer_id)', lock: 'SHARE', table: 'orders', rows: 1_200_000 },
    fix: 'CREATE INDEX CONCURRENTLY orders_customer_idx ON orders (customer_id); -- outside a transaction',
  },
  {
    id: 'http.csp-missing',
    target: 'https://app.acme.test/',
    title: 'app.acme.test sends no Content-Security-Policy',
    evidence: { header: null },
    fix: "add_header Content-Security-Policy \"default-src 'self'; frame-ancestors 'none'\" always;",
  },
  {
    id: 'cors.null-origin',
    target: 'https://api.acme.test/api/orders',
    title: 'The API allows the null origin | sandboxed iframes can read responses',
    evidence: { requestOrigin: 'null', 'access-control-allow-origin': 'null', 'access-control-allow-credentials': 'true' },
  },
  {
    id: 'env.undocumented-var',
    target: 'src/server.ts:8',
    key: 'STRIPE_WEBHOOK_SECRET',
    title: 'STRIPE_WEBHOOK_SECRET is read but documented nowhere',
    evidence: { variable: 'STRIPE_WEBHOOK_SECRET', readIn: ['src/server.ts:8', 'src/billing/webhook.ts:21'], documentedIn: [] },
    fix: 'Add STRIPE_WEBHOOK_SECRET= to .env.example with a comment saying where to get it.',
  },
  {
    id: 'email.starttls-missing',
    target: 'mx1.acme.test',
    title: 'mx1.acme.test does not offer STARTTLS',
    evidence: { ehlo: ['250-mx1.acme.test', '250-PIPELINING', '250 8BITMIME'], port: 25 },
  },
  {
    id: 'deps.no-lockfile',
    target: 'package.json',
    title: 'package.json has no lockfile next to it',
    evidence: { manifest: 'package.json', looked: ['package-lock.json', 'yarn.lock', 'pnpm-lock.yaml'] },
  },
  {
    id: 'http.server-version-leak',
    target: 'https://app.acme.test/',
    title: 'The Server header names its version',
    // Hostile: a server under audit controls its headers; every format must render this inert.
    evidence: { server: `nginx/1.18.0 ${HOSTILE}`, poweredBy: `Express ${TERMINAL_ESCAPE}`, note: 'ping @octocat | `rm -rf` <b>bold</b>' },
    fix: 'server_tokens off;',
  },
  {
    id: 'dns.no-caa',
    target: 'acme.test',
    title: 'acme.test has no CAA record',
    evidence: { query: 'acme.test CAA', answer: [] },
    fix: 'acme.test. CAA 0 issue "letsencrypt.org"',
  },
  { id: 'tls.no-tls13', target: 'https://api.acme.test/', title: 'api.acme.test does not offer TLS 1.3', evidence: { protocols: ['TLSv1.2'] } },
  { id: 'dns.no-ipv6', target: 'app.acme.test', title: 'app.acme.test has no AAAA record', evidence: { query: 'app.acme.test AAAA', answer: [] } },
  { id: 'http.no-security-txt', target: 'https://app.acme.test/.well-known/security.txt', title: 'No security.txt', evidence: { status: 404 } },
];

const NOT_IMPLEMENTED_IDS = new Set([
  'db.missing-fk-index',
  'db.seq-scan-heavy',
  'db.unused-index',
  'ratelimit.missing',
  'ratelimit.no-retry-after',
  'perf.n-plus-one',
  'perf.slow-query',
  'perf.repeated-api-calls',
]);
const NOT_APPLICABLE: Record<string, string> = {
  'cors.wildcard-on-private': 'no private routes configured',
  'email.spf-softfail': 'no SPF record to judge',
};

function statusFor(id: string, failed: Set<string>): Pick<CheckResult, 'status' | 'reason'> {
  if (failed.has(id)) return { status: 'failed', reason: null };
  if (NOT_IMPLEMENTED_IDS.has(id)) return { status: 'skipped', reason: 'not implemented yet' };
  const nA = NOT_APPLICABLE[id];
  if (nA) return { status: 'not-applicable', reason: nA };
  if (id.startsWith('monitoring.')) return { status: 'skipped', reason: 'no monitoring configuration: add `monitor` to launchready.yml' };
  if (id.startsWith('logging.')) return { status: 'error', reason: 'logs collector failed: EACCES reading var/log/app/app.log' };
  return { status: 'passed', reason: null };
}

export const SAMPLE_DOMAIN_MAP: DomainMapEntry[] = [
  {
    host: 'acme.test',
    role: 'apex · CAA letsencrypt.org',
    addresses: ['203.0.113.10'],
    cname: null,
    variants: [
      { url: 'http://acme.test/', hops: [{ url: 'http://acme.test/', status: 200 }], final: 'http://acme.test/', tls: null },
      {
        url: 'https://acme.test/',
        hops: [
          { url: 'https://acme.test/', status: 301, location: 'https://www.acme.test/' },
          { url: 'https://www.acme.test/', status: 301, location: 'https://app.acme.test/' },
          { url: 'https://app.acme.test/', status: 200 },
        ],
        final: 'https://app.acme.test/',
        tls: { issuer: 'R11 (Let’s Encrypt)', validTo: '2026-12-06T08:00:00.000Z', daysLeft: 9, protocols: ['TLSv1.2', 'TLSv1.3'], authorized: true },
      },
    ],
  },
  {
    host: 'app.acme.test',
    role: 'app · canonical',
    canonicalRule: 'every variant ends on https://app.acme.test/; the apex and www redirect with 301',
    addresses: ['203.0.113.10', '2001:db8::10'],
    cname: 'lb-1.eu.hosting.test',
    cnameChain: ['lb-1.eu.hosting.test'],
    variants: [
      {
        url: 'http://app.acme.test/',
        hops: [
          { url: 'http://app.acme.test/', status: 301, location: 'https://app.acme.test/' },
          { url: 'https://app.acme.test/', status: 200 },
        ],
        final: 'https://app.acme.test/',
        tls: null,
      },
      {
        url: 'https://app.acme.test/',
        hops: [{ url: 'https://app.acme.test/', status: 200 }],
        final: 'https://app.acme.test/',
        tls: { issuer: 'R11 (Let’s Encrypt)', subject: 'app.acme.test', validTo: '2026-12-06T08:00:00.000Z', daysLeft: 9, protocols: ['TLSv1.2', 'TLSv1.3'], authorized: true },
      },
    ],
  },
  {
    host: 'api.acme.test',
    addresses: ['203.0.113.20'],
    cname: null,
    variants: [
      {
        url: 'https://api.acme.test/',
        hops: [{ url: 'https://api.acme.test/', status: null, error: 'certificate has expired' }],
        final: null,
        tls: { issuer: 'R11 (Let’s Encrypt)', validTo: '2026-11-24T10:00:00.000Z', daysLeft: -3, protocols: ['TLSv1.2'], authorized: false, error: 'CERT_HAS_EXPIRED' },
        error: 'certificate has expired',
      },
    ],
  },
  {
    host: 'status.acme.test',
    addresses: [],
    cname: 'acme-status.herokudns.com',
    variants: [{ url: 'https://status.acme.test/', hops: [], final: null, tls: null, error: 'NXDOMAIN for acme-status.herokudns.com' }],
  },
  { host: 'ns1.dns-host.test', role: 'NS', addresses: ['198.51.100.53'], cname: null, variants: [] },
  { host: 'mx1.acme.test', role: 'MX 10', addresses: ['203.0.113.25'], cname: null, variants: [] },
];

function curve(base: number, knee: number): { rps: number; p95Ms: number; errorsPct: number }[] {
  return [5, 10, 20, 40, 80, 160].map((rps) => ({
    rps,
    p95Ms: Math.round(base * (1 + (rps / knee) ** 2)),
    errorsPct: rps > knee * 1.5 ? Math.round((rps / knee) * 3 * 10) / 10 : 0,
  }));
}

function dist(ms: number[]): { percentile: number; ms: number }[] {
  return [50, 75, 90, 95, 99, 99.9, 100].map((percentile, i) => ({ percentile, ms: ms[i] ?? 0 }));
}

export const SAMPLE_BOTTLENECKS: Bottleneck[] = [
  {
    route: 'GET /api/orders',
    source: 'load',
    cause: 'N+1 queries (41 per request)',
    detail: 'GET /api/orders runs SELECT * FROM order_items WHERE order_id = $1 40 times per request',
    fix: 'Load the items with the orders in one query (a JOIN or WHERE order_id = ANY($1)).',
    severity: 'high',
    findings: ['perf.n-plus-one', 'perf.p95-over-budget', 'perf.low-headroom'],
  },
];

export const SAMPLE_ROUTES: RouteMetrics[] = [
  {
    method: 'GET',
    path: '/api/orders',
    kind: 'read',
    budgetMs: 300,
    requests: 800,
    rps: 40,
    errorsPct: 0.4,
    p50Ms: 210,
    p95Ms: 612,
    p99Ms: 980,
    maxMs: 1430,
    breakingRps: 60,
    queriesPerRequest: 41,
    curve: curve(180, 45),
    source: 'load',
    distribution: dist([210, 330, 480, 612, 980, 1300, 1430]),
  },
  {
    method: 'POST',
    path: '/api/login',
    kind: 'login',
    budgetMs: 300,
    requests: 400,
    rps: 20,
    errorsPct: 0,
    p50Ms: 95,
    p95Ms: 182,
    p99Ms: 240,
    maxMs: 390,
    breakingRps: 140,
    queriesPerRequest: 3,
    curve: curve(120, 140),
    source: 'load',
    distribution: dist([95, 120, 160, 182, 240, 330, 390]),
  },
  {
    method: 'GET',
    path: '/health',
    kind: 'health',
    budgetMs: 300,
    requests: 400,
    rps: 20,
    errorsPct: 0,
    p50Ms: 2.1,
    p95Ms: 4.8,
    p99Ms: 9.5,
    maxMs: 14,
    breakingRps: null,
    queriesPerRequest: 1,
  },
];

export const SAMPLE_INVENTORY = {
  envVars: {
    title: 'Environment variables',
    columns: ['name', 'read in', 'documented in'],
    rows: [
      ['DATABASE_URL', 'src/db.ts:3', '.env.example'],
      ['STRIPE_SECRET_KEY', 'src/billing/stripe.ts:4', '.env.example'],
      ['STRIPE_WEBHOOK_SECRET', 'src/server.ts:8, src/billing/webhook.ts:21', ''],
      ['SENTRY_DSN', 'src/sentry.ts:2', 'README.md'],
    ],
    omitted: 0,
  },
  migrations: {
    title: 'Migrations',
    columns: ['file', 'statement', 'lock', 'table'],
    rows: [
      ['20261001_create_orders.sql', 'CREATE TABLE orders (…)', 'ACCESS EXCLUSIVE', 'orders (new)'],
      ['20261101_orders_customer_idx.sql', 'CREATE INDEX orders_customer_idx ON orders (customer_id)', 'SHARE', 'orders'],
      ['20261115_add_status.sql', "ALTER TABLE orders ADD COLUMN status text DEFAULT 'new'", 'ACCESS EXCLUSIVE (brief)', 'orders'],
    ],
    omitted: 0,
  },
  dependencies: {
    title: 'Dependencies with advisories',
    columns: ['package', 'version', 'advisories'],
    rows: [
      ['express', '4.17.1', 'GHSA-rv95-896h-c2vc (moderate)'],
      ['jsonwebtoken', '8.5.1', 'GHSA-8cf7-32gw-wr33 (high)'],
    ],
    omitted: 12,
  },
};

export interface SampleOptions {
  /** Findings to include (default: SAMPLE_FINDINGS). */
  findings?: SampleFinding[];
  /** Mark findings known/new against a baseline and list a fixed one. */
  baseline?: boolean;
  /** Every check passes or is not applicable: nothing skipped, nothing errored. */
  allRan?: boolean;
  reportFile?: string | null;
}

export function sampleReport(options: SampleOptions = {}): Report {
  const specs = options.findings ?? SAMPLE_FINDINGS;
  const plan = planFor({}, 'https://app.acme.test/');
  const owners = { domain: 'Dana', ssl: 'Dana', secrets: 'Bo', deployments: 'Bo', performance: 'Bo', email: 'Chris' };
  const drafts: Finding[] = specs.map((s) => {
    const entry = CATALOG_BY_ID.get(s.id);
    if (!entry) throw new Error(`sample finding ${s.id} is not a catalog id`);
    return {
      id: s.id,
      fingerprint: fingerprintOf(s.id, s),
      severity: s.severity ?? entry.severity,
      stage: entry.stage,
      bar: entry.bar,
      title: s.title ?? s.id,
      target: s.target,
      evidence: s.evidence,
      fix: s.fix ?? `Fix ${s.id} on ${s.target}.`,
      owner: null,
      impactRank: 0,
      fixOrder: 0,
      baseline: null,
    };
  });
  const { findings, blockers } = rankFindings(drafts, plan, owners);
  const failed = new Set(findings.map((f) => f.id));
  const checks: CheckResult[] = CATALOG.map((e, i) => {
    const s = statusFor(e.id, failed);
    const status = options.allRan && (s.status === 'skipped' || s.status === 'error') ? { status: 'passed' as const, reason: null } : s;
    return { id: e.id, ...status, durationMs: Math.round(((i * 37) % 250) + 0.5) / 10 };
  });
  const { score, grade } = scoreAndGrade(findings);
  const report: Report = {
    schemaVersion: 1,
    tool: { name: 'launchready', version: '0.1.0' },
    startedAt: '2026-11-27T20:00:00.000Z',
    durationMs: 12_345,
    target: {
      canonical: 'https://app.acme.test/',
      hosts: ['acme.test', 'www.acme.test', 'app.acme.test', 'api.acme.test', 'status.acme.test'],
      domain: 'acme.test',
      repo: '/srv/acme',
    },
    score,
    grade,
    minimumBar: minimumBar(checks, findings, plan),
    checks,
    findings,
    blockers,
    domainMap: structuredClone(SAMPLE_DOMAIN_MAP),
    metrics: { routes: structuredClone(SAMPLE_ROUTES), bottlenecks: structuredClone(SAMPLE_BOTTLENECKS) },
    inventory: structuredClone(SAMPLE_INVENTORY),
    reportFile: options.reportFile ?? null,
  };
  if (options.baseline) {
    findings.forEach((f, i) => {
      f.baseline = i % 3 === 0 ? 'new' : 'known';
    });
    report.fixed = [{ id: 'http.hsts-weak', fingerprint: '0123456789abcdef', target: 'https://www.acme.test/' }];
  }
  return report;
}

/** No blockers, no failing bar row, everything ran: the "Launch-ready" case. */
export function readyReport(): Report {
  const report = sampleReport({
    findings: SAMPLE_FINDINGS.filter((f) => ['dns.no-caa', 'tls.no-tls13', 'dns.no-ipv6', 'http.no-security-txt', 'cors.null-origin'].includes(f.id)),
    allRan: true,
  });
  report.metrics = { routes: [] };
  report.domainMap = report.domainMap.slice(1, 2);
  return report;
}

/** Many findings, for size limits (markdown under 60,000 characters). */
export function hugeReport(count = 2000): Report {
  const base = SAMPLE_FINDINGS;
  const findings: SampleFinding[] = [];
  for (let i = 0; i < count; i++) {
    const spec = base[i % base.length] as SampleFinding;
    findings.push({ ...spec, target: `${spec.target}#${i}`, evidence: { ...spec.evidence, filler: 'x'.repeat(300) } });
  }
  return sampleReport({ findings });
}

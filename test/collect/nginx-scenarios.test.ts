// The whole web surface against one real nginx: each scenario is its own site (domain + 127.0.11.x address), the clean
// setup with one thing broken. Runs collect → check like `launchready audit --only web,tls` and asserts the exact ids.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CATALOG } from '../../src/catalog.ts';
import { CHECKS_BY_ID } from '../../src/checks/registry.ts';
import { collectFacts } from '../../src/collect/run.ts';
import { Redactor } from '../../src/mask.ts';
import { NetContext } from '../../src/net/context.ts';
import { buildPlan } from '../../src/plan.ts';
import type { CheckResult, Finding } from '../../src/types.ts';
import { createTestPki, selfSignedLeaf, type TestPki } from '../support/certs.ts';
import { type RunningNginx, startNginx } from '../support/nginx.ts';
import { INDEX_HTML, type Site, type SiteOptions, site } from '../support/nginx-sites.ts';
import { runAllChecks } from '../support/run-all.ts';

interface Scenario {
  name: string;
  options: (pki: TestPki, domain: string) => SiteOptions;
  /** Ids of the web and tls stages that must fire, with the severity when not the catalog default. */
  fires: string[];
  /** Checks that cannot judge this site (its pages never settle): they must say could-not-run, never passed. */
  couldNotRun?: string[];
}

const SCENARIOS: Scenario[] = [
  { name: 'clean', options: () => ({}), fires: [] },
  {
    name: 'loop',
    options: (_pki, d) => ({ apex: `return 301 https://www.${d}$request_uri;`, root: `return 301 https://${d}$request_uri;` }),
    fires: ['redirect.loop', 'http.no-security-txt'],
    // the page redirects forever: no header of it can be judged
    couldNotRun: [
      'http.hsts-missing',
      'http.hsts-weak',
      'http.mixed-content',
      'http.csp-missing',
      'http.csp-unsafe',
      'http.nosniff-missing',
      'http.clickjacking',
      'http.referrer-policy-missing',
      'cache.static-not-cached',
    ],
  },
  {
    name: 'temporary',
    options: (_pki, d) => ({ plain: `return 302 https://www.${d}$request_uri;`, apex: `return 302 https://www.${d}$request_uri;` }),
    fires: ['redirect.temporary-canonical'],
  },
  {
    name: 'apex-200',
    options: (_pki, d) => ({ plain: `return 301 https://$host$request_uri;`, apex: `root $docroot/${d}; location / { try_files $uri $uri/ =404; }` }),
    fires: ['redirect.non-canonical'],
  },
  { name: 'expired', options: (pki, d) => ({ certificate: pki.leaf({ hosts: [`www.${d}`, d], notBeforeDays: -90, notAfterDays: -1 }) }), fires: ['tls.cert-expired'] },
  { name: 'wrong-host', options: (pki) => ({ certificate: pki.leaf({ hosts: ['intranet.other.test'] }) }), fires: ['tls.cert-hostname-mismatch'] },
  { name: 'self-signed', options: (_pki, d) => ({ certificate: selfSignedLeaf([`www.${d}`, d]) }), fires: ['tls.cert-untrusted'] },
  { name: 'incomplete-chain', options: (pki, d) => ({ certificate: pki.leaf({ hosts: [`www.${d}`, d], serveIntermediate: false }) }), fires: ['tls.cert-untrusted'] },
  { name: 'tls10', options: () => ({ sslProtocols: 'TLSv1 TLSv1.1 TLSv1.2 TLSv1.3', sslCiphers: 'DEFAULT@SECLEVEL=0' }), fires: ['tls.legacy-protocol'] },
  {
    name: 'no-headers',
    options: () => ({ headers: '' }),
    fires: ['http.hsts-missing', 'http.csp-missing', 'http.nosniff-missing', 'http.clickjacking', 'http.referrer-policy-missing'],
  },
  {
    name: 'cookie',
    options: () => ({ root: 'add_header Set-Cookie "session=scenario-session-5678; Path=/" always; try_files $uri $uri/ =404;' }),
    fires: ['http.cookie-insecure'],
  },
  { name: 'mixed', options: () => ({ html: INDEX_HTML('\n<script src="http://cdn.mixed.test/lib.js"></script>') }), fires: ['http.mixed-content'] },
  {
    name: 'cors',
    options: () => ({ cors: 'add_header Access-Control-Allow-Origin $http_origin always; add_header Access-Control-Allow-Credentials true always;' }),
    fires: ['cors.reflects-any-origin:blocker', 'cors.null-origin'],
  },
  {
    name: 'big-json',
    options: () => ({
      files: { '/data/export.json': JSON.stringify({ rows: Array.from({ length: 800 }, (_, i) => ({ id: i, name: `row ${i}`, note: 'launchready' })) }).slice(0, 50 * 1024) },
      routes: [{ path: '/data/export.json', method: 'GET', kind: 'report' }],
    }),
    fires: ['cache.no-compression'],
  },
  { name: 'uncached-js', options: () => ({ assetCacheControl: null }), fires: ['cache.static-not-cached'] },
];

interface Outcome {
  checks: CheckResult[];
  findings: Finding[];
}

const STAGES = new Set(['web', 'tls']);
const stageIds = CATALOG.filter((e) => STAGES.has(e.pipelineStage)).map((e) => e.id);

function label(f: Finding): string {
  const entry = CATALOG.find((e) => e.id === f.id);
  return entry && f.severity !== entry.severity ? `${f.id}:${f.severity}` : f.id;
}

describe('web surface scenarios on a real nginx', { timeout: 240_000 }, () => {
  let nginx: RunningNginx | undefined;
  const outcomes = new Map<string, Outcome>();
  let auditMs = 0;

  before(async () => {
    const pki = createTestPki('Scenario');
    const sites = SCENARIOS.map((s, i) => site(pki, s.name, `127.0.11.${10 + i}`, s.options(pki, `${s.name}.test`)));
    nginx = await startNginx({
      servers: sites.flatMap((s) => s.servers),
      files: Object.assign({}, ...sites.map((s) => s.files)),
      http: `server_tokens off;\n${sites.map((s) => s.maps).join('\n')}`,
    });
    // a few sites at a time: one nginx process and two shared cores, and every probe is a fresh TLS handshake
    const pending = [...sites];
    const audit = async (s: Site): Promise<Outcome> => {
      const { plan, secrets } = buildPlan(s.config, { urls: [], cwd: '/nonexistent', cwdIsGitRepo: false, noRepo: true, only: ['web', 'tls'] }, {});
      const net = new NetContext({
        timeoutMs: 5000,
        concurrency: 16,
        resolve: [s.domain, s.canonicalHost].flatMap((h) => [`${h}:80:${s.address}`, `${h}:443:${s.address}`]),
        dnsServers: [],
        extraCaPem: [pki.caPem],
        allowNonLoopbackTraffic: false,
      });
      const facts = await collectFacts(plan, secrets, net, new Redactor());
      return runAllChecks(facts);
    };
    const worker = async () => {
      for (let s = pending.shift(); s; s = pending.shift()) outcomes.set(s.name, await audit(s));
    };
    const t0 = performance.now();
    await Promise.all([worker(), worker(), worker()]);
    auditMs = performance.now() - t0;
  });

  after(async () => {
    console.log(`# audited ${SCENARIOS.length} scenario sites in ${Math.round(auditMs)} ms`);
    await nginx?.stop();
  });

  for (const scenario of SCENARIOS) {
    it(`${scenario.name}: fires exactly ${scenario.fires.length > 0 ? scenario.fires.join(', ') : 'nothing'}`, async () => {
      const outcome = outcomes.get(scenario.name);
      assert.ok(outcome, 'scenario did not run');
      const fired = [...new Set(outcome.findings.filter((f) => stageIds.includes(f.id)).map(label))].sort();
      assert.deepEqual(
        fired,
        [...scenario.fires].sort(),
        `findings: ${JSON.stringify(
          outcome.findings.filter((f) => stageIds.includes(f.id)).map((f) => [f.id, f.severity, f.target, f.title]),
          null,
          1,
        )}`,
      );
      const firedIds = new Set(fired.map((l) => l.split(':')[0]));
      for (const id of stageIds) {
        if (!CHECKS_BY_ID.has(id) || firedIds.has(id)) continue;
        const result: CheckResult | undefined = outcome.checks.find((c) => c.id === id);
        assert.ok(result, `${id} has no result`);
        if (scenario.couldNotRun?.includes(id)) assert.equal(result.status, 'error', `${id} could not judge this site, got ${result.status}`);
        else assert.ok(result.status === 'passed' || result.status === 'not-applicable', `${id} should pass here, got ${result.status}: ${result.reason}`);
      }
    });
  }

  it('the clean setup actually exercises the checks: most of them pass rather than not apply', async () => {
    const outcome = outcomes.get('clean');
    assert.ok(outcome);
    const notApplicable = outcome.checks.filter((c) => stageIds.includes(c.id) && c.status === 'not-applicable').map((c) => c.id);
    assert.deepEqual(notApplicable.sort(), [], `not applicable on the clean site: ${notApplicable.join(', ')}`);
  });
});

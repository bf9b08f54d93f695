// The tls collector against a real nginx (and two hostile TCP servers) on 127.0.11.40-59, with a CA this test generates.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { tlsSummaryForHost } from '../../src/analyze/tls-summary.ts';
import { tlsCollector } from '../../src/collect/tls/index.ts';
import type { Facts } from '../../src/facts/index.ts';
import type { TlsFacts, TlsHostFacts } from '../../src/facts/tls.ts';
import { Redactor } from '../../src/mask.ts';
import { NetContext } from '../../src/net/context.ts';
import { issueCertificate } from '../../src/pki/ca.ts';
import { buildPlan } from '../../src/plan.ts';
import { createTestPki, selfSignedLeaf, unknownIssuerLeaf } from '../support/certs.ts';
import { type RunningNginx, startNginx } from '../support/nginx.ts';
import { runAllChecks } from '../support/run-all.ts';

const TIMEOUT_MS = 1500;
const ADDRESS: Record<string, string> = {
  good: '127.0.11.41',
  expired: '127.0.11.42',
  wronghost: '127.0.11.43',
  self: '127.0.11.44',
  incomplete: '127.0.11.45',
  legacy: '127.0.11.46',
  weak: '127.0.11.47',
  unknown: '127.0.11.48',
  plainonly: '127.0.11.49',
  expiring: '127.0.11.50',
  oldintermediate: '127.0.11.51',
  tls12: '127.0.11.52',
  legacyonly: '127.0.11.53',
  garbage: '127.0.11.58',
  silent: '127.0.11.59',
};
const host = (name: string) => `${name}.tls.test`;

let nginx: RunningNginx;
let garbage: Server;
let silent: Server;
let caPem: string;

function listen(server: Server, address: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(443, address, () => resolve());
  });
}

function context(timeoutMs = TIMEOUT_MS): NetContext {
  const resolve = Object.entries(ADDRESS).flatMap(([name, addr]) => [`${host(name)}:443:${addr}`, `${host(name)}:80:${addr}`, `${host(name)}:8443:${addr}`]);
  return new NetContext({ timeoutMs, concurrency: 8, resolve, dnsServers: [], extraCaPem: [caPem], allowNonLoopbackTraffic: false });
}

async function collect(names: string[], ports?: { http: number; https: number }): Promise<{ tls: TlsFacts; facts: Facts }> {
  const { plan, secrets } = buildPlan(
    { app: { canonical: `https://${host(names[0] as string)}/`, hosts: names.map(host), ...(ports ? { ports } : {}) } },
    { urls: [], cwd: '/nonexistent', cwdIsGitRepo: false, only: ['tls'] },
    {},
  );
  const result = await tlsCollector.collect({ plan, secrets, net: context(), redactor: new Redactor(), progress: () => {} });
  assert.ok(!('error' in result && Object.keys(result).length === 1), `collector failed: ${JSON.stringify(result)}`);
  const tls = result as TlsFacts;
  const facts: Facts = {
    schemaVersion: 1,
    tool: { name: 'launchready', version: 'test' },
    collectedAt: tls.checkedAt,
    durationMs: 0,
    plan,
    missing: {},
    sources: { tls },
    timings: {},
  };
  return { tls, facts };
}

function hostFacts(tls: TlsFacts, name: string): TlsHostFacts {
  const found = tls.hosts.find((h) => h.host === host(name));
  assert.ok(found, `no facts for ${host(name)}`);
  return found;
}

describe('tls collector against real servers', { timeout: 60_000 }, () => {
  before(async () => {
    const pki = createTestPki('TLS collector');
    caPem = pki.caPem;
    const expiredIntermediate = issueCertificate(pki.root, { hosts: ['TLS collector Old Intermediate'], isCa: true, notBeforeDays: -400, notAfterDays: -1 });
    const oldLeaf = issueCertificate(expiredIntermediate, { hosts: [host('oldintermediate')] });
    const ok = 'location / { return 200 "ok\\n"; }';
    nginx = await startNginx({
      servers: [
        { listen: [`${ADDRESS.good}:443 ssl`, `${ADDRESS.good}:8443 ssl`], certificate: pki.leaf({ hosts: [host('good')] }), directives: ok },
        { listen: [`${ADDRESS.expired}:443 ssl`], certificate: pki.leaf({ hosts: [host('expired')], notBeforeDays: -100, notAfterDays: -2 }), directives: ok },
        { listen: [`${ADDRESS.wronghost}:443 ssl`], certificate: pki.leaf({ hosts: ['someone-else.test'] }), directives: ok },
        { listen: [`${ADDRESS.self}:443 ssl`], certificate: selfSignedLeaf([host('self')]), directives: ok },
        { listen: [`${ADDRESS.incomplete}:443 ssl`], certificate: pki.leaf({ hosts: [host('incomplete')], serveIntermediate: false }), directives: ok },
        {
          listen: [`${ADDRESS.legacy}:443 ssl`],
          certificate: pki.leaf({ hosts: [host('legacy')] }),
          sslProtocols: 'TLSv1 TLSv1.1 TLSv1.2 TLSv1.3',
          sslCiphers: 'DEFAULT@SECLEVEL=0',
          directives: ok,
        },
        { listen: [`${ADDRESS.weak}:443 ssl`], certificate: pki.leaf({ hosts: [host('weak')], keyBits: 1024 }), directives: ok },
        { listen: [`${ADDRESS.unknown}:443 ssl`], certificate: unknownIssuerLeaf([host('unknown')]), directives: ok },
        { listen: [`${ADDRESS.plainonly}:80`], directives: ok },
        { listen: [`${ADDRESS.expiring}:443 ssl`], certificate: pki.leaf({ hosts: [host('expiring')], notAfterDays: 10 }), directives: ok },
        {
          listen: [`${ADDRESS.oldintermediate}:443 ssl`],
          certificate: { chainPem: `${oldLeaf.certPem}${expiredIntermediate.certPem}`, keyPem: oldLeaf.keyPem, leafPem: oldLeaf.certPem },
          directives: ok,
        },
        {
          listen: [`${ADDRESS.legacyonly}:443 ssl`],
          certificate: pki.leaf({ hosts: [host('legacyonly')] }),
          sslProtocols: 'TLSv1 TLSv1.1',
          sslCiphers: 'DEFAULT@SECLEVEL=0',
          directives: ok,
        },
        { listen: [`${ADDRESS.tls12}:443 ssl`], certificate: pki.leaf({ hosts: [host('tls12')], notAfterDays: 400 }), sslProtocols: 'TLSv1.2', directives: ok },
      ],
    });
    garbage = createServer((s) => {
      s.on('error', () => {});
      s.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n');
    });
    silent = createServer((s) => s.on('error', () => {}));
    await listen(garbage, ADDRESS.garbage as string);
    await listen(silent, ADDRESS.silent as string);
  });

  after(async () => {
    await nginx?.stop();
    garbage?.close();
    silent?.close();
  });

  it('a healthy host: trusted full chain, hostname covered, TLS 1.2 and 1.3 only', async () => {
    const { tls } = await collect(['good']);
    const good = hostFacts(tls, 'good');
    assert.equal(good.error, null);
    assert.equal(good.address, ADDRESS.good, 'connected to the --resolve pin');
    assert.equal(good.authorized, true);
    assert.equal(good.chainTrust, 'trusted');
    assert.equal(good.hostnameMatches, true);
    assert.equal(good.protocol, 'TLSv1.3');
    assert.deepEqual(
      good.chain.slice(0, 2).map((c) => [c.subjectCommonName, c.issuerCommonName, c.isCa, c.keyType, c.keyBits]),
      [
        [host('good'), 'TLS collector Intermediate CA', false, 'rsa', 2048],
        ['TLS collector Intermediate CA', 'TLS collector Root CA', true, 'rsa', 2048],
      ],
    );
    assert.deepEqual(good.chain[0]?.subjectAltNames, [`DNS:${host('good')}`]);
    assert.match(good.chain[0]?.fingerprint256 ?? '', /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    assert.equal(tls.local.legacyProtocols, true, `this machine's OpenSSL should speak TLS 1.0 at level 0: ${tls.local.legacyError}`);
    assert.deepEqual(
      Object.entries(good.protocols).map(([v, p]) => [v, p.offered]),
      [
        ['TLSv1', false],
        ['TLSv1.1', false],
        ['TLSv1.2', true],
        ['TLSv1.3', true],
      ],
    );
    const summary = tlsSummaryForHost(tls, host('good'));
    assert.ok(summary);
    assert.equal(summary.authorized, true);
    assert.equal(summary.issuer, 'TLS collector Intermediate CA');
    assert.deepEqual(summary.protocols, ['TLSv1.2', 'TLSv1.3']);
    assert.ok(summary.daysLeft !== null && summary.daysLeft >= 88 && summary.daysLeft <= 90, `daysLeft ${summary.daysLeft}`);
    assert.equal(tlsSummaryForHost(tls, 'not-configured.test'), null);
  });

  it('names why a chain is untrusted, and keeps hostname and expiry as separate facts', async () => {
    const { tls } = await collect(['expired', 'wronghost', 'self', 'incomplete', 'unknown', 'oldintermediate']);
    assert.equal(hostFacts(tls, 'expired').chainTrust, 'trusted');
    assert.equal(hostFacts(tls, 'expired').authorizationError, 'CERT_HAS_EXPIRED');
    assert.equal(hostFacts(tls, 'wronghost').chainTrust, 'trusted');
    assert.equal(hostFacts(tls, 'wronghost').hostnameMatches, false);
    assert.match(hostFacts(tls, 'wronghost').hostnameError ?? '', /someone-else\.test/);
    assert.equal(hostFacts(tls, 'self').chainTrust, 'self-signed');
    assert.equal(hostFacts(tls, 'self').authorizationError, 'DEPTH_ZERO_SELF_SIGNED_CERT');
    assert.equal(hostFacts(tls, 'incomplete').chainTrust, 'incomplete-chain');
    assert.equal(hostFacts(tls, 'incomplete').chain.length, 1);
    assert.equal(hostFacts(tls, 'unknown').chainTrust, 'unknown-issuer');
    assert.equal(hostFacts(tls, 'oldintermediate').chainTrust, 'trusted');
    assert.equal(hostFacts(tls, 'oldintermediate').authorized, false);
    assert.match(tlsSummaryForHost(tls, host('self'))?.error ?? '', /untrusted: self-signed/);
  });

  it('garbage instead of TLS, silence, and plain-http-only hosts give clean error facts within the timeout', async () => {
    const t0 = performance.now();
    const { tls } = await collect(['garbage', 'silent', 'plainonly']);
    const ms = performance.now() - t0;
    assert.ok(ms < TIMEOUT_MS * 2 + 1000, `took ${Math.round(ms)} ms`);
    assert.equal(hostFacts(tls, 'garbage').error?.code, 'NOT_TLS');
    assert.equal(hostFacts(tls, 'silent').error?.code, 'TIMEOUT');
    assert.equal(hostFacts(tls, 'plainonly').error?.code, 'ECONNREFUSED');
    assert.deepEqual(hostFacts(tls, 'plainonly').plainHttp, { answers: true, status: 200, error: null });
    assert.equal(hostFacts(tls, 'garbage').plainHttp?.answers, false);
    for (const h of tls.hosts) assert.equal(h.chain.length, 0);
    assert.equal(tlsSummaryForHost(tls, host('silent'))?.authorized, null);
  });

  it('an IP-literal host: no SNI, and a certificate naming only DNS names does not cover it', async () => {
    const { plan, secrets } = buildPlan(
      { app: { canonical: `https://${ADDRESS.good}/`, hosts: [ADDRESS.good as string] } },
      { urls: [], cwd: '/nonexistent', cwdIsGitRepo: false, only: ['tls'] },
      {},
    );
    const tls = (await tlsCollector.collect({ plan, secrets, net: context(), redactor: new Redactor(), progress: () => {} })) as TlsFacts;
    const entry = tls.hosts[0];
    assert.equal(entry?.host, ADDRESS.good);
    assert.equal(entry?.chainTrust, 'trusted');
    assert.equal(entry?.hostnameMatches, false);
    assert.match(entry?.hostnameError ?? '', /IP/);
  });

  it('honours the configured https port', async () => {
    const { tls } = await collect(['good'], { http: 8080, https: 8443 });
    assert.equal(tls.port, 8443);
    assert.equal(hostFacts(tls, 'good').port, 8443);
    assert.equal(hostFacts(tls, 'good').chainTrust, 'trusted');
  });

  it('end to end through the checks: each broken host fires exactly its tls ids', async () => {
    const names = ['good', 'expired', 'wronghost', 'self', 'incomplete', 'legacy', 'weak', 'unknown', 'plainonly', 'expiring', 'oldintermediate', 'tls12', 'legacyonly'];
    const { facts } = await collect(names);
    const { checks, findings } = runAllChecks(facts);
    const fired: Record<string, string[]> = {};
    for (const f of findings) if (f.id.startsWith('tls.')) (fired[f.target] ??= []).push(f.severity === 'high' || f.severity === 'blocker' ? f.id : `${f.id}:${f.severity}`);
    for (const list of Object.values(fired)) list.sort();
    assert.deepEqual(fired, {
      [host('expired')]: ['tls.cert-expired'],
      [host('wronghost')]: ['tls.cert-hostname-mismatch'],
      [host('self')]: ['tls.cert-untrusted'],
      [host('incomplete')]: ['tls.cert-untrusted'],
      [host('legacy')]: ['tls.legacy-protocol'],
      [host('weak')]: ['tls.weak-key'],
      [host('unknown')]: ['tls.cert-untrusted'],
      [host('plainonly')]: ['tls.subdomain-not-covered'],
      [host('expiring')]: ['tls.cert-expiring'],
      [host('oldintermediate')]: ['tls.cert-expired'],
      [host('tls12')]: ['tls.no-auto-renew-signal:info', 'tls.no-tls13:low'],
      [host('legacyonly')]: ['tls.legacy-protocol'],
    });
    const untrusted = findings.filter((f) => f.id === 'tls.cert-untrusted').map((f) => [f.target, f.evidence.reason]);
    assert.deepEqual(
      new Map(untrusted as [string, string][]),
      new Map([
        [host('self'), 'self-signed'],
        [host('incomplete'), 'incomplete-chain'],
        [host('unknown'), 'unknown-issuer'],
      ]),
    );
    for (const c of checks.filter((c) => c.id.startsWith('tls.'))) assert.equal(c.status, 'failed', `${c.id}: ${c.status} ${c.reason}`);
  });
});

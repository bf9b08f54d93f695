// Starts the demo stack: a CA made at start, HTTPS + HTTP virtual hosts, a DNS responder and a repo on disk.

import { createPublicKey } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LaunchreadyConfig } from '../config/types.js';
import { createCertificateAuthority, issueCertificate } from '../pki/ca.js';
import { generateRsaKeys } from '../pki/keys.js';
import { type DemoRecord, startDemoDns } from './dns.js';
import { writeDemoRepo } from './repo.js';
import { DEMO_HOSTS, DEMO_KEY_COUNT, DEMO_ZONE, handleDemoRequest } from './site.js';
import { startDemoSmtp } from './smtp.js';

export interface DemoStack {
  config: LaunchreadyConfig;
  caPem: string;
  dnsServer: string;
  repoDir: string;
  ports: { http: number; https: number };
  /** Values to keep out of every output. */
  secrets: string[];
  stop(): Promise<void>;
}

const LOOPBACK = '127.0.0.1';

function listen(server: http.Server | https.Server, port = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, LOOPBACK, () => resolve((server.address() as AddressInfo).port));
  });
}

function dkimRecord(privateKeyPem: string): string {
  const der = createPublicKey(privateKeyPem).export({ type: 'spki', format: 'der' }).toString('base64');
  return `v=DKIM1; k=rsa; p=${der}`;
}

function zoneRecords(dkimKeyPem: string): DemoRecord[] {
  const a = (name: string): DemoRecord => ({ name, type: 'A', data: LOOPBACK });
  const txt = (name: string, text: string): DemoRecord => ({ name, type: 'TXT', data: text.match(/.{1,255}/g) ?? [text] });
  return [
    a(DEMO_ZONE),
    a(DEMO_HOSTS.www),
    a(DEMO_HOSTS.app),
    a(DEMO_HOSTS.api),
    a(`mail.${DEMO_ZONE}`),
    { name: `ns1.${DEMO_ZONE}`, type: 'A', data: '127.0.0.53' },
    { name: `ns2.${DEMO_ZONE}`, type: 'A', data: '127.0.0.54' },
    { name: DEMO_ZONE, type: 'NS', data: `ns1.${DEMO_ZONE}` },
    { name: DEMO_ZONE, type: 'NS', data: `ns2.${DEMO_ZONE}` },
    { name: DEMO_ZONE, type: 'MX', data: { preference: 10, exchange: `mail.${DEMO_ZONE}` } },
    txt(DEMO_ZONE, `v=spf1 include:_spf.${DEMO_ZONE} ~all`),
    txt(`_spf.${DEMO_ZONE}`, 'v=spf1 ip4:127.0.0.1 -all'),
    txt(`_dmarc.${DEMO_ZONE}`, 'v=DMARC1; p=none'),
    txt(`s1._domainkey.${DEMO_ZONE}`, dkimRecord(dkimKeyPem)),
  ];
}

/** Removes dir when the process exits or is interrupted before stop() ran; returns the function that cancels this. */
function removeOnExit(dir: string): () => void {
  const remove = () => rmSync(dir, { recursive: true, force: true });
  const onSignal = (signal: NodeJS.Signals) => {
    remove();
    cancel();
    // nobody else handles it: die of the signal as if we had never caught it
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  };
  const cancel = () => {
    process.removeListener('exit', remove);
    for (const signal of EXIT_SIGNALS) process.removeListener(signal, onSignal);
  };
  process.once('exit', remove);
  for (const signal of EXIT_SIGNALS) process.once(signal, onSignal);
  return cancel;
}

const EXIT_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** PostgreSQL-backed routes (demo --database-url), served by the demo app under /db/ on its own origin. */
export interface DemoDatabaseRoutes {
  routes: { method: string; path: string }[];
  handle(path: string, query: URLSearchParams): Promise<[number, unknown]>;
}

/**
 * keys: DEMO_KEY_COUNT keys from generateRsaKeys, started by the caller before it loaded the audit's modules, so the
 * thread pool makes them while the main thread loads code; made here when absent.
 */
export async function startDemoStack(options: { database?: DemoDatabaseRoutes; keys?: Promise<string[]> } = {}): Promise<DemoStack> {
  const [caKey, leafKey, dkimKey] = await (options.keys ?? generateRsaKeys(DEMO_KEY_COUNT));
  const ca = createCertificateAuthority('Acme Demo Local CA', 3650, 2048, caKey);
  const leaf = issueCertificate(ca, { hosts: [DEMO_HOSTS.app, DEMO_HOSTS.apex, DEMO_HOSTS.www, DEMO_HOSTS.api, `mail.${DEMO_ZONE}`], notAfterDays: 90, keyPem: leafKey });
  const ports = { http: 0, https: 0 };
  const database = options.database;
  const secureServer = https.createServer({ key: leaf.keyPem, cert: `${leaf.certPem}`, minVersion: 'TLSv1.2' }, (req, res) => {
    const url = new URL(req.url ?? '/', 'https://demo.invalid');
    if (database && url.pathname.startsWith('/db/')) {
      database.handle(url.pathname.slice(3), url.searchParams).then(
        ([status, body]) => {
          res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
          res.end(JSON.stringify(body));
        },
        () => {
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end('{"error":"database error"}');
        },
      );
      return;
    }
    handleDemoRequest(true, ports, req, res);
  });
  const plainServer = http.createServer((req, res) => handleDemoRequest(false, ports, req, res));
  for (const s of [secureServer, plainServer]) {
    s.headersTimeout = 5000;
    s.requestTimeout = 5000;
    s.keepAliveTimeout = 1000;
  }
  ports.https = await listen(secureServer);
  ports.http = await listen(plainServer);
  const dns = await startDemoDns(DEMO_ZONE, zoneRecords(dkimKey ?? ''), LOOPBACK);
  const smtp = await startDemoSmtp(`mail.${DEMO_ZONE}`, leaf.keyPem, leaf.certPem, LOOPBACK);
  const repoDir = mkdtempSync(join(tmpdir(), 'launchready-demo-'));
  const stopRemovingOnExit = removeOnExit(repoDir);
  const repo = writeDemoRepo(repoDir);
  const token = `demo-${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`;
  const config: LaunchreadyConfig = {
    app: {
      name: 'Acme Ops (demo)',
      canonical: `https://${DEMO_HOSTS.app}:${ports.https}/`,
      hosts: [DEMO_HOSTS.app, DEMO_HOSTS.apex, DEMO_HOSTS.www, DEMO_HOSTS.api],
      frontendOrigins: [`https://${DEMO_HOSTS.app}:${ports.https}`],
      ports,
    },
    email: { domain: DEMO_ZONE, dkimSelectors: ['s1'], smtpPort: smtp.port },
    routes: [
      { path: '/', kind: 'page', critical: true },
      { path: '/api/orders', kind: 'read', critical: true, auth: 'private', headers: { Authorization: `Bearer ${token}` } },
      { path: '/api/reports/monthly', kind: 'report', auth: 'private', headers: { Authorization: `Bearer ${token}` } },
      { path: '/api/login', method: 'POST', kind: 'login', body: '{"email":"demo@acme-demo.test","password":"wrong"}' },
      { path: '/api/catalog', kind: 'read' },
      { path: '/api/search', kind: 'read', auth: 'private', headers: { Authorization: `Bearer ${token}` } },
      ...(database?.routes ?? []).map((r) => ({ path: `/db${r.path}`, method: r.method, kind: 'read' as const })),
    ],
    // Short and bounded so the whole demo stays under 10 s: each route alone, a 30 ms warm-up and 150 ms at 20 req/s,
    // then steps at 80 and 200 req/s (10x the peak), at most 200 requests per route. The demo's routes behave the same
    // on every request, so a few requests show what a real run of load.duration would.
    load: { expectedPeakRps: 20, duration: '150ms', warmup: '30ms', maxRequests: 200, ramp: { factor: 4, maxRps: 200 } },
    // the login route has no rate limit (a deliberate launch risk): a short burst shows it without slowing the demo
    protection: { requests: 20, window: '500ms' },
    migrations: { dir: 'db/migrations' },
    owners: { domain: 'Dana', ssl: 'Dana', email: 'Dana', deployments: 'Bo', secrets: 'Bo', caching: 'Bo', monitoring: 'Sam', default: 'Sam' },
  };
  return {
    config,
    caPem: ca.certPem,
    dnsServer: `${dns.address}:${dns.port}`,
    repoDir,
    ports,
    secrets: [token, repo.fakeKey],
    stop: async () => {
      secureServer.closeAllConnections();
      plainServer.closeAllConnections();
      await Promise.all([new Promise((r) => secureServer.close(r)), new Promise((r) => plainServer.close(r)), dns.stop(), smtp.stop()]);
      rmSync(repoDir, { recursive: true, force: true });
      stopRemovingOnExit();
    },
  };
}

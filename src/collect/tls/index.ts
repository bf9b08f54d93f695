// The tls collector: per configured host, a verified handshake on the https port, the served chain, and pinned
// handshakes per protocol version. Bounded by the context's timeout and concurrency; failures are facts.
import { X509Certificate } from 'node:crypto';
import { checkServerIdentity, type SecureVersion } from 'node:tls';
import { PROBED_PROTOCOLS, type TlsFacts, type TlsHostFacts, type TlsProtocolName, type TlsProtocolProbe } from '../../facts/tls.js';
import type { NetContext } from '../../net/context.js';
import { httpRequest, isHttpFailure } from '../../net/http.js';
import { defineCollector } from '../collector.js';
import { certificateFacts, chainTrust, servedChain, trustStore } from './chain.js';
import { handshake, isHandshakeFailure, LEGACY_CIPHERS, type LocalTlsSupport, localTlsSupport } from './handshake.js';

const MAX_HOSTS = 50;

function emptyProtocols(): Record<TlsProtocolName, TlsProtocolProbe> {
  return Object.fromEntries(PROBED_PROTOCOLS.map((p) => [p, { offered: null, error: null }])) as Record<TlsProtocolName, TlsProtocolProbe>;
}

async function probeProtocol(net: NetContext, address: string, port: number, host: string, version: TlsProtocolName): Promise<TlsProtocolProbe> {
  const legacy = version === 'TLSv1' || version === 'TLSv1.1';
  const r = await net.limit(() =>
    handshake({
      address,
      port,
      host,
      timeoutMs: net.timeoutMs,
      minVersion: version as SecureVersion,
      maxVersion: version as SecureVersion,
      ciphers: legacy ? LEGACY_CIPHERS : undefined,
    }),
  );
  if (!isHandshakeFailure(r)) return { offered: r.protocol === version, error: null };
  // an alert, reset or close after our ClientHello is the server refusing; silence is not an answer
  return { offered: r.refused ? false : null, error: r.error.message };
}

async function plainHttp(net: NetContext, host: string, port: number | null): Promise<TlsHostFacts['plainHttp']> {
  if (port === null) return null;
  const r = await httpRequest(net, { url: `http://${host}${port === 80 ? '' : `:${port}`}/`, maxBodyBytes: 4096, timeoutMs: net.timeoutMs });
  if (isHttpFailure(r)) return { answers: false, status: null, error: r.error.message };
  return { answers: true, status: r.status, error: null };
}

async function collectHost(net: NetContext, host: string, port: number, httpPort: number | null, local: LocalTlsSupport): Promise<TlsHostFacts> {
  const facts: TlsHostFacts = {
    host,
    port,
    address: null,
    error: null,
    authorized: null,
    authorizationError: null,
    chainTrust: null,
    hostnameMatches: null,
    hostnameError: null,
    protocol: null,
    cipher: null,
    chain: [],
    protocols: emptyProtocols(),
    plainHttp: null,
  };
  const found = await net.lookup(host, port);
  if (found.error || !found.addresses[0]) {
    facts.error = { code: 'DNS', message: found.error?.message ?? `${host} has no address` };
    return facts;
  }
  const address = found.addresses[0];
  facts.address = address;
  // an IPv6 literal arrives bracketed from the URL; SNI and identity checks want it bare
  const name = host.replace(/^\[|\]$/g, '');
  const main = await net.limit(() => handshake({ address, port, host: name, ca: net.caCerts, timeoutMs: net.timeoutMs }));
  if (isHandshakeFailure(main)) {
    facts.error = main.error;
    // a server that refuses TLS 1.2+ may still speak only TLS 1.0/1.1: that is tls.legacy-protocol's finding
    const legacyOnly = main.refused && main.error.code !== 'NOT_TLS' && local.legacyProtocols;
    const [http, ...legacy] = await Promise.all([
      plainHttp(net, host, httpPort),
      ...(legacyOnly ? (['TLSv1', 'TLSv1.1'] as const).map((v) => probeProtocol(net, address, port, name, v)) : []),
    ]);
    facts.plainHttp = http as TlsHostFacts['plainHttp'];
    if (legacy.length === 2) {
      facts.protocols.TLSv1 = legacy[0] as TlsProtocolProbe;
      facts.protocols['TLSv1.1'] = legacy[1] as TlsProtocolProbe;
    }
    return facts;
  }
  facts.authorized = main.authorized;
  facts.authorizationError = main.authorizationError;
  facts.protocol = main.protocol;
  facts.cipher = main.cipher;
  if (main.peer) {
    const detailed = servedChain(main.peer);
    const store = trustStore(net.caCerts);
    const x509s: X509Certificate[] = [];
    for (const c of detailed) {
      try {
        x509s.push(new X509Certificate(c.raw));
      } catch {
        break;
      }
    }
    facts.chain = x509s.map((x, i) => certificateFacts(x, i > 0 && store.fingerprints.has(x.fingerprint256) && x.subject === x.issuer));
    facts.chainTrust = chainTrust(x509s, store);
    const identityError = checkServerIdentity(name, main.peer);
    facts.hostnameMatches = identityError === undefined;
    facts.hostnameError = identityError ? identityError.message.slice(0, 300) : null;
  } else {
    facts.error = { code: 'NO_CERTIFICATE', message: 'the server completed the handshake without sending a certificate' };
  }
  const negotiated = main.protocol as TlsProtocolName | null;
  const versions = PROBED_PROTOCOLS.filter((v) => v !== negotiated && (local.legacyProtocols || (v !== 'TLSv1' && v !== 'TLSv1.1')));
  if (negotiated && PROBED_PROTOCOLS.includes(negotiated)) facts.protocols[negotiated] = { offered: true, error: null };
  const probes = await Promise.all(versions.map((v) => probeProtocol(net, address, port, name, v)));
  versions.forEach((v, i) => {
    facts.protocols[v] = probes[i] as TlsProtocolProbe;
  });
  if (!local.legacyProtocols) {
    for (const v of ['TLSv1', 'TLSv1.1'] as const) facts.protocols[v] = { offered: null, error: `local OpenSSL cannot offer ${v}: ${local.legacyError}` };
  }
  return facts;
}

export const tlsCollector = defineCollector({
  source: 'tls',
  title: 'TLS certificates and protocols',
  stages: ['tls'],
  missingInput: (plan) => {
    if (plan.hosts.length === 0) return 'no hosts to check: give --url or app.canonical';
    if (plan.ports.https === null) return `no https port to check: ${plan.canonical ?? 'the URL'} names a port for http only; set app.ports.https`;
    return null;
  },
  async collect(run) {
    const checkedAt = new Date().toISOString();
    const local = await localTlsSupport(Math.min(run.net.timeoutMs, 5000));
    const port = run.plan.ports.https as number;
    const hosts = run.plan.hosts.slice(0, MAX_HOSTS).map((h) => h.toLowerCase());
    let done = 0;
    const results = await Promise.all(
      hosts.map(async (host) => {
        const r = await collectHost(run.net, host, port, run.plan.ports.http, local);
        run.progress(`${++done}/${hosts.length} hosts`);
        return r;
      }),
    );
    const facts: TlsFacts = { checkedAt, port, local, hosts: results };
    return facts;
  },
});

// One probe per monitor type, on the collectors' network code: the HTTP client and NetContext of src/net (timeouts,
// --resolve pins, --ca-file roots, --dns-server), the TLS handshake of the tls collector and the wire DNS client.
// A probe never throws: what it saw (or the transport error) comes back as a ProbeObservation for the conditions.

import { X509Certificate } from 'node:crypto';
import { connect } from 'node:net';
import { handshake, isHandshakeFailure } from '../collect/tls/handshake.js';
import { NetContext, type NetOptions } from '../net/context.js';
import { httpRequest, isHttpFailure } from '../net/http.js';
import { WireDnsClient } from '../net/wire-dns.js';
import { evaluateConditions, type ProbeObservation } from './conditions.js';
import type { MonitorDefinition } from './config.js';

/** Heartbeats come from the store: the last time NAME called /heartbeat/NAME. */
export interface HeartbeatSource {
  lastHeartbeat(monitor: string): Promise<number | null>;
}

export interface ProbeOutcome {
  at: number;
  passed: boolean;
  /** First failed condition or transport error. */
  error?: string;
  /** Every failed condition. */
  failures: string[];
  responseMs: number | null;
  certExpiresAt?: number;
  observation: ProbeObservation;
}

/** Bytes of an HTTP body a monitor reads at most: conditions look at status pages, not downloads. */
const MAX_PROBE_BODY_BYTES = 256 * 1024;
/** The DNS client caches answers for a run; a monitor needs fresh ones, so the network context is renewed this often. */
const CONTEXT_TTL_MS = 60_000;

/**
 * The network context for probes. NetContext's DNS client caches every answer for the life of the context (right for
 * an audit, wrong for a watcher that must see a record change), so the context is rebuilt every minute and every DNS
 * monitor asks a fresh client.
 */
export class ProbeNet {
  private ctx: NetContext;
  private madeAt: number;

  constructor(
    readonly options: NetOptions,
    private readonly now: () => number = Date.now,
  ) {
    this.ctx = new NetContext(options);
    this.madeAt = now();
  }

  context(): NetContext {
    if (this.now() - this.madeAt >= CONTEXT_TTL_MS) {
      this.ctx = new NetContext(this.options);
      this.madeAt = this.now();
    }
    return this.ctx;
  }
}

function firstLine(text: string): string {
  return (text.split('\n')[0] ?? text).slice(0, 300);
}

async function probeHttp(net: ProbeNet, m: MonitorDefinition): Promise<ProbeObservation> {
  const ctx = net.context();
  const res = await httpRequest(ctx, {
    url: m.url!,
    method: m.method ?? 'GET',
    headers: m.headers,
    body: m.body,
    timeoutMs: m.timeoutMs,
    maxBodyBytes: MAX_PROBE_BODY_BYTES,
    maxDecodedBytes: MAX_PROBE_BODY_BYTES * 4,
    peerNotAfter: true,
  });
  if (isHttpFailure(res)) return { error: `${res.error.code}: ${firstLine(res.error.message)}` };
  const observation: ProbeObservation = {
    status: res.status,
    responseTimeMs: Math.round(res.timing.totalMs * 10) / 10,
    body: res.body,
    headers: res.headers,
  };
  if (typeof res.peerNotAfter === 'number') observation.certExpiresAt = res.peerNotAfter;
  // an https monitor fails on a certificate the browser would refuse, whatever its conditions say
  if (res.tls && !res.tls.authorized) observation.error = `TLS: certificate not trusted (${res.tls.authorizationError ?? 'unknown reason'})`;
  return observation;
}

async function probeTls(net: ProbeNet, m: MonitorDefinition): Promise<ProbeObservation> {
  const ctx = net.context();
  const host = m.host!;
  const port = m.port ?? 443;
  const started = performance.now();
  const found = await ctx.lookup(host, port);
  if (found.error) return { connected: false, error: `DNS: ${found.error.message}` };
  const result = await ctx.limit(() => handshake({ address: found.addresses[0]!, port, host, ca: ctx.caCerts, timeoutMs: m.timeoutMs }));
  if (isHandshakeFailure(result)) return { connected: false, error: `TLS ${result.error.code}: ${firstLine(result.error.message)}` };
  const observation: ProbeObservation = { connected: true, responseTimeMs: Math.round((performance.now() - started) * 10) / 10 };
  if (result.peer?.raw) {
    try {
      const x509 = new X509Certificate(result.peer.raw);
      observation.certExpiresAt = Date.parse(x509.validTo);
      const nameOk = x509.checkHost(host) !== undefined || x509.checkIP(host) !== undefined;
      if (!result.authorized) observation.error = `TLS: certificate not trusted (${result.authorizationError ?? 'unknown reason'})`;
      else if (!nameOk) observation.error = `TLS: certificate does not cover ${host}`;
    } catch {
      observation.error = 'TLS: the server sent a certificate that cannot be parsed';
    }
  } else observation.error = 'TLS: the server sent no certificate';
  return observation;
}

async function probeDns(net: ProbeNet, m: MonitorDefinition): Promise<ProbeObservation> {
  const ctx = net.context();
  // a fresh client per check: the context's client caches answers
  const client = new WireDnsClient(ctx.dnsServers, m.timeoutMs);
  const answer = await client.query(m.host!, m.record ?? 'A');
  const type = (m.record ?? 'A').toUpperCase();
  const observation: ProbeObservation = {
    rcode: answer.rcode,
    answers: answer.answers.filter((r) => r.type === type).map((r) => r.data.replace(/\.$/, '')),
    responseTimeMs: answer.timeMs,
  };
  if (answer.rcode === 'TIMEOUT' || answer.rcode === 'ERROR') observation.error = `DNS ${answer.rcode}: ${answer.error ?? 'no answer'}`;
  return observation;
}

function tcpConnect(address: string, port: number, timeoutMs: number): Promise<{ ok: true; ms: number } | { ok: false; error: string }> {
  return new Promise((resolve) => {
    const started = performance.now();
    const socket = connect({ host: address, port });
    let done = false;
    const finish = (r: { ok: true; ms: number } | { ok: false; error: string }) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(r);
    };
    const timer = setTimeout(() => finish({ ok: false, error: `TIMEOUT: no connection within ${timeoutMs} ms` }), timeoutMs);
    socket.once('connect', () => finish({ ok: true, ms: performance.now() - started }));
    socket.once('error', (e: NodeJS.ErrnoException) => finish({ ok: false, error: `${e.code ?? 'ERROR'}: ${firstLine(e.message)}` }));
  });
}

async function probeTcp(net: ProbeNet, m: MonitorDefinition): Promise<ProbeObservation> {
  const ctx = net.context();
  const found = await ctx.lookup(m.host!, m.port!);
  if (found.error) return { connected: false, error: `DNS: ${found.error.message}` };
  const r = await ctx.limit(() => tcpConnect(found.addresses[0]!, m.port!, m.timeoutMs));
  return r.ok ? { connected: true, responseTimeMs: Math.round(r.ms * 10) / 10 } : { connected: false, error: r.error };
}

/**
 * A heartbeat monitor is up while the last heartbeat is at most every + grace old. Before the first heartbeat the
 * clock starts at `since` (when the watch began), so a job that never calls in is caught too.
 */
async function probeHeartbeat(source: HeartbeatSource, m: MonitorDefinition, now: number, since: number): Promise<ProbeObservation> {
  const last = await source.lastHeartbeat(m.name);
  const allowed = (m.everyMs ?? 0) + (m.graceMs ?? 0);
  const from = last ?? since;
  if (now - from <= allowed) return {};
  const age = Math.round((now - from) / 1000);
  return {
    error:
      last === null ? `no heartbeat received in ${age}s (expected every ${Math.round((m.everyMs ?? 0) / 1000)}s)` : `last heartbeat ${age}s ago (${new Date(last).toISOString()})`,
  };
}

export interface ProbeContext {
  net: ProbeNet;
  heartbeats: HeartbeatSource;
  /** When watching began, for heartbeat monitors that never received one. */
  since: number;
  now?: () => number;
}

/** Run one check of `m` and evaluate its conditions. */
export async function runProbe(m: MonitorDefinition, context: ProbeContext): Promise<ProbeOutcome> {
  const now = context.now ?? Date.now;
  const at = now();
  let observation: ProbeObservation;
  try {
    switch (m.type) {
      case 'http':
        observation = await probeHttp(context.net, m);
        break;
      case 'tls':
        observation = await probeTls(context.net, m);
        break;
      case 'dns':
        observation = await probeDns(context.net, m);
        break;
      case 'tcp':
        observation = await probeTcp(context.net, m);
        break;
      case 'heartbeat':
        observation = await probeHeartbeat(context.heartbeats, m, at, context.since);
        break;
    }
  } catch (e) {
    observation = { error: `probe failed: ${firstLine(String((e as Error)?.message ?? e))}` };
  }
  const outcome = evaluateConditions(m.conditions, observation, now());
  return {
    at,
    passed: outcome.passed,
    ...(outcome.failures[0] ? { error: outcome.failures[0] } : {}),
    failures: outcome.failures,
    responseMs: observation.responseTimeMs ?? null,
    ...(observation.certExpiresAt !== undefined ? { certExpiresAt: observation.certExpiresAt } : {}),
    observation,
  };
}

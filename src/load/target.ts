// Where load traffic goes: resolve the route's host once, refuse non-loopback addresses unless allowed, and pin
// every connection of the run to the checked address so a second DNS answer cannot redirect the traffic.
import { lookup as systemLookup } from 'node:dns/promises';
import type { LookupFunction } from 'node:net';
import { isIP } from 'node:net';
import { isLoopback } from '../net/context.js';

/** The network hooks of a load run; NetContext (src/net/context.ts) has this shape, so `network: ctx` plugs in
 *  --resolve, --dns-server and --ca-file. */
export interface LoadNetwork {
  /** Addresses for host:port (--resolve pins, --dns-server). Default: the system resolver. */
  lookup?(host: string, port: number): Promise<{ addresses: string[]; error?: { code: string; message: string } }>;
  /** Trusted roots for https (system roots plus --ca-file). Default: Node's bundled roots. */
  caCerts?: readonly string[];
}

export interface LoadTarget {
  url: URL;
  origin: string;
  hostname: string;
  port: number;
  address: string;
  /** net.connect lookup that only ever answers the checked address. */
  pinnedLookup: LookupFunction;
}

export type TargetRefusal = { code: 'BAD_URL' | 'DNS' | 'NOT_LOOPBACK'; message: string };

async function systemAddresses(host: string): Promise<{ addresses: string[]; error?: { code: string; message: string } }> {
  try {
    const found = await systemLookup(host, { all: true, verbatim: true });
    return { addresses: found.map((a) => a.address) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'DNS';
    return { addresses: [], error: { code, message: `${host} does not resolve (${code})` } };
  }
}

/** Resolve and gate a target URL before any connection is attempted. */
export async function resolveTarget(rawUrl: string, allowNonLoopback: boolean, network: LoadNetwork = {}): Promise<LoadTarget | TargetRefusal> {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return { code: 'BAD_URL', message: `not a URL: ${rawUrl}` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { code: 'BAD_URL', message: `unsupported scheme ${url.protocol}` };
  const hostname = url.hostname.replace(/^\[|\]$/g, '');
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  const found = isIP(hostname) ? { addresses: [hostname] } : network.lookup ? await network.lookup(hostname, port) : await systemAddresses(hostname);
  const address = found.addresses[0];
  if (found.error || address === undefined) return { code: 'DNS', message: found.error?.message ?? `${hostname} does not resolve` };
  // Every address must be loopback: the resolver might hand out a different one on the next query.
  if (!allowNonLoopback && !found.addresses.every(isLoopback)) {
    return { code: 'NOT_LOOPBACK', message: `${hostname} resolves to ${found.addresses.join(', ')}, not loopback: load traffic to other hosts needs --yes` };
  }
  const family = isIP(address);
  const pinnedLookup: LookupFunction = (_host, options, callback) => {
    if ((options as { all?: boolean }).all) (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address, family }]);
    else callback(null, address, family);
  };
  return { url, origin: url.origin, hostname, port, address, pinnedLookup };
}

export function isTargetRefusal(t: LoadTarget | TargetRefusal): t is TargetRefusal {
  return 'code' in t;
}

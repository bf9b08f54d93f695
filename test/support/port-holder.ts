// Names the process that already listens where a test server wants to: one line for "address in use" errors.
import { execFileSync } from 'node:child_process';

/** e.g. `nginx (pid 812) listening on 0.0.0.0:80`, or null when nothing listening on that port covers address. */
export function portHolder(address: string, port: number, protocol: 'tcp' | 'udp' = 'tcp'): string | null {
  let lines: string[];
  try {
    const out = execFileSync('ss', ['-Hln', '-p', protocol === 'tcp' ? '-t' : '-u', `sport = :${port}`], { encoding: 'utf8', timeout: 5000, stdio: ['ignore', 'pipe', 'ignore'] });
    lines = out.split('\n').filter(Boolean);
  } catch {
    return null;
  }
  for (const line of lines) {
    const local = line.trim().split(/\s+/)[3] ?? ''; // State Recv-Q Send-Q Local Peer
    const host = local
      .slice(0, local.lastIndexOf(':'))
      .replace(/^\[|\]$/g, '')
      .replace(/%.*$/, '');
    if (host !== address && host !== '0.0.0.0' && host !== '*' && host !== '::') continue;
    const user = /users:\(\("([^"]+)",pid=(\d+)/.exec(line);
    return `${user ? `${user[1]} (pid ${user[2]})` : 'another process'} listening on ${local}`;
  }
  return null;
}

/** The one line printed when a test server cannot take address:port. */
export function portInUseMessage(what: string, address: string, port: number, protocol: 'tcp' | 'udp' = 'tcp'): string {
  const holder = portHolder(address, port, protocol);
  return `${what} cannot listen on ${address}:${port}/${protocol}: ${holder ?? 'address in use'}; the tests never stop a service they did not start, so stop it yourself or run the tests where the port is free`;
}

// A real authoritative DNS server (BIND 9 named) on a loopback address, for DNS and email tests.
import { type ChildProcess, spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as dnsPacket from 'dns-packet';
import { ensureLoopbackAddress } from './loopback.ts';
import { portInUseMessage } from './port-holder.ts';
import { removeTempDirOnExit } from './temp-dir.ts';

export interface ZoneSpec {
  /** Zone apex, e.g. "acme.test" (trailing dot optional). */
  origin: string;
  /** Zone-file lines relative to $ORIGIN; SOA and one NS are added automatically unless present. */
  records: string;
}

export interface AuthoritativeDns {
  /** 'addr:port', ready for --dns-server. */
  server: string;
  stop(): Promise<void>;
}

const NAMED = '/usr/sbin/named';
const START_TIMEOUT_MS = 10_000;

function fqdn(name: string): string {
  return name.endsWith('.') ? name : `${name}.`;
}

function zoneFile(zone: ZoneSpec): string {
  const origin = fqdn(zone.origin);
  const lines = [`$ORIGIN ${origin}`, '$TTL 300'];
  const hasRecordOfType = (type: string) => new RegExp(`^\\S*\\s+(?:\\d+\\s+)?(?:IN\\s+)?(?:\\d+\\s+)?${type}\\s`, 'im').test(zone.records);
  if (!hasRecordOfType('SOA')) lines.push(`@ IN SOA ns1.${origin} hostmaster.${origin} 1 3600 600 86400 300`);
  if (!hasRecordOfType('NS')) lines.push(`@ IN NS ns1.${origin}`, `ns1 IN A 127.0.20.254`);
  lines.push(zone.records, '');
  return lines.join('\n');
}

/** Send one SOA query for the first zone until named answers (it binds asynchronously after start). */
async function answers(address: string, port: number, origin: string): Promise<boolean> {
  const socket = createSocket(address.includes(':') ? 'udp6' : 'udp4');
  try {
    return await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), 300);
      socket.on('error', () => {
        clearTimeout(timer);
        resolve(false);
      });
      socket.on('message', () => {
        clearTimeout(timer);
        resolve(true);
      });
      const query = dnsPacket.encode({ type: 'query', id: 4242, flags: 0, questions: [{ type: 'SOA', name: origin.replace(/\.$/, '') }] });
      socket.send(query, port, address);
    });
  } finally {
    socket.close();
  }
}

/** Start named serving the given zones on address:port only (authoritative, no recursion). stop() always kills it. */
export async function startAuthoritativeDns(opts: { address: string; port: number; zones: ZoneSpec[] }): Promise<AuthoritativeDns> {
  ensureLoopbackAddress(opts.address, 'test DNS servers');
  const dir = await mkdtemp(join(tmpdir(), 'launchready-bind-'));
  const listen = opts.address.includes(':')
    ? `listen-on { none; }; listen-on-v6 port ${opts.port} { ${opts.address}; };`
    : `listen-on port ${opts.port} { ${opts.address}; }; listen-on-v6 { none; };`;
  const zoneStanzas = opts.zones.map((z, i) => `zone "${fqdn(z.origin)}" { type primary; file "${join(dir, `zone${i}.db`)}"; };`);
  const conf = [
    'options {',
    `  directory "${dir}";`,
    `  pid-file "${join(dir, 'named.pid')}";`,
    `  session-keyfile "${join(dir, 'session.key')}";`,
    `  ${listen}`,
    '  recursion no;',
    '  allow-query { any; };',
    '  dnssec-validation no;',
    '  notify no;',
    '  minimal-responses no;',
    '};',
    'controls { };',
    ...zoneStanzas,
    '',
  ].join('\n');
  await writeFile(join(dir, 'named.conf'), conf);
  await Promise.all(opts.zones.map((z, i) => writeFile(join(dir, `zone${i}.db`), zoneFile(z))));

  const child: ChildProcess = spawn(NAMED, ['-g', '-c', join(dir, 'named.conf'), opts.address.includes(':') ? '-6' : '-4'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    if (log.length < 64_000) log += chunk.toString();
  });
  // a test process that dies without stop() must not leave named holding the port
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const keepDir = removeTempDirOnExit(dir);
  let exited = false;
  const exit = new Promise<void>((resolve) => {
    child.on('exit', () => {
      exited = true;
      resolve();
    });
    child.on('error', () => {
      exited = true;
      resolve();
    });
  });

  const stop = async () => {
    process.removeListener('exit', killOnExit);
    keepDir();
    if (!exited) {
      child.kill('SIGTERM');
      const killTimer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exit;
      clearTimeout(killTimer);
    }
    await rm(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + START_TIMEOUT_MS;
  const probeOrigin = opts.zones[0]?.origin ?? '.';
  while (Date.now() < deadline && !exited) {
    const failedZone = /zone (\S+): not loaded due to errors/.exec(log);
    if (failedZone) {
      await stop();
      throw new Error(
        `named could not load zone ${failedZone[1]}: ${log
          .split('\n')
          .filter((l) => l.includes('zone'))
          .slice(-10)
          .join('\n')}`,
      );
    }
    if (/\brunning\b/.test(log) && (await answers(opts.address, opts.port, probeOrigin)))
      return { server: opts.address.includes(':') ? `[${opts.address}]:${opts.port}` : `${opts.address}:${opts.port}`, stop };
    await new Promise((r) => setTimeout(r, 100));
  }
  await stop();
  if (/address in use/i.test(log)) throw new Error(portInUseMessage('test named', opts.address, opts.port, 'udp'));
  throw new Error(`named did not start on ${opts.address}:${opts.port}: ${log.split('\n').slice(-15).join('\n')}`);
}

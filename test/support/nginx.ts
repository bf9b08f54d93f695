// A throwaway real nginx on 127.0.11.x for web and TLS tests: generated config in a temp dir, one process, stop() always kills it.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { ServedCertificate } from './certs.ts';
import { portInUseMessage } from './port-holder.ts';
import { removeTempDirOnExit } from './temp-dir.ts';

const NGINX = '/usr/sbin/nginx';
const START_TIMEOUT_MS = 10_000;

export interface NginxServer {
  /** e.g. ["127.0.11.2:443 ssl", "127.0.11.2:80"]. Addresses must be in 127.0.0.0/8. */
  listen: string[];
  serverName?: string[];
  certificate?: ServedCertificate;
  /** nginx ssl_protocols value (default "TLSv1.2 TLSv1.3"). */
  sslProtocols?: string;
  /** nginx ssl_ciphers value (TLS 1.0/1.1 need "DEFAULT@SECLEVEL=0" on OpenSSL 3). */
  sslCiphers?: string;
  /** Raw directives inside the server block (locations, add_header, return...). */
  directives?: string;
}

export interface NginxOptions {
  servers: NginxServer[];
  /** Files under the document root ("/app.3f9a1c.js" → content); `root` in directives points here as $docroot. */
  files?: Record<string, string | Buffer>;
  /** Extra http-level directives. */
  http?: string;
}

export interface RunningNginx {
  dir: string;
  docroot: string;
  stop(): Promise<void>;
}

const MIME = `types {
  text/html html; text/css css; application/javascript js; application/json json; text/plain txt;
  image/png png; image/svg+xml svg; font/woff2 woff2;
}`;

const OPENSSL_LEVEL_ZERO = `openssl_conf = openssl_init
[openssl_init]
ssl_conf = ssl_sect
[ssl_sect]
system_default = system_default_sect
[system_default_sect]
CipherString = DEFAULT@SECLEVEL=0
`;

function listenAddresses(servers: NginxServer[]): { host: string; port: number }[] {
  const seen = new Map<string, { host: string; port: number }>();
  for (const s of servers) {
    for (const l of s.listen) {
      const m = /^(127\.\d+\.\d+\.\d+):(\d+)/.exec(l.trim());
      if (!m) throw new Error(`test nginx listens on 127.0.0.0/8 addr:port only, got "${l}"`);
      seen.set(`${m[1]}:${m[2]}`, { host: m[1] as string, port: Number(m[2]) });
    }
  }
  return [...seen.values()];
}

function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(false);
    }, 300);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => {
      clearTimeout(timer);
      resolve(false);
    });
  });
}

/** Start nginx with one server block per entry; resolves once every listen address accepts connections. */
export async function startNginx(options: NginxOptions): Promise<RunningNginx> {
  const dir = await mkdtemp(join(tmpdir(), 'launchready-nginx-'));
  const docroot = join(dir, 'www');
  await mkdir(docroot, { recursive: true });
  for (const [path, content] of Object.entries(options.files ?? {})) {
    const target = join(docroot, path.replace(/^\/+/, ''));
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, content);
  }
  const blocks: string[] = [];
  for (const [i, s] of options.servers.entries()) {
    const lines = s.listen.map((l) => `    listen ${l};`);
    if (s.serverName) lines.push(`    server_name ${s.serverName.join(' ')};`);
    if (s.certificate) {
      await writeFile(join(dir, `cert${i}.pem`), s.certificate.chainPem);
      await writeFile(join(dir, `key${i}.pem`), s.certificate.keyPem, { mode: 0o600 });
      lines.push(`    ssl_certificate ${join(dir, `cert${i}.pem`)};`, `    ssl_certificate_key ${join(dir, `key${i}.pem`)};`);
      lines.push(`    ssl_protocols ${s.sslProtocols ?? 'TLSv1.2 TLSv1.3'};`);
      if (s.sslCiphers) lines.push(`    ssl_ciphers ${s.sslCiphers};`);
    }
    if (!/^\s*root\s/m.test(s.directives ?? '')) lines.push(`    root ${docroot};`);
    if (s.directives) lines.push(s.directives.replaceAll('$docroot', docroot));
    blocks.push(`  server {\n${lines.join('\n')}\n  }`);
  }
  const conf = `daemon off;
master_process off;
user root;
pid ${join(dir, 'nginx.pid')};
error_log ${join(dir, 'error.log')} warn;
events { worker_connections 1024; }
http {
  ${MIME}
  default_type application/octet-stream;
  access_log off;
  client_body_temp_path ${join(dir, 'body')};
  proxy_temp_path ${join(dir, 'proxy')};
  fastcgi_temp_path ${join(dir, 'fastcgi')};
  uwsgi_temp_path ${join(dir, 'uwsgi')};
  scgi_temp_path ${join(dir, 'scgi')};
  server_names_hash_bucket_size 128;
  ${options.http ?? ''}
${blocks.join('\n')}
}
`;
  await writeFile(join(dir, 'nginx.conf'), conf);
  // Something already answering would be mistaken for our nginx (and serve other certificates): refuse to start.
  const addresses = listenAddresses(options.servers);
  const busy = (await Promise.all(addresses.map(async (a) => ((await canConnect(a.host, a.port)) ? a : null)))).filter((a) => a !== null);
  if (busy[0]) {
    await rm(dir, { recursive: true, force: true });
    throw new Error(portInUseMessage('test nginx', busy[0].host, busy[0].port));
  }
  // Security level 0 lets scenarios load 1024-bit keys and speak TLS 1.0/1.1 where their ssl_protocols say so.
  await writeFile(join(dir, 'openssl.cnf'), OPENSSL_LEVEL_ZERO);
  const child: ChildProcess = spawn(NGINX, ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'error.log')], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, OPENSSL_CONF: join(dir, 'openssl.cnf') },
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  let exited = false;
  const exitedPromise = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('exit', () => {
    exited = true;
  });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const keepDir = removeTempDirOnExit(dir);
  // A test process killed by a signal runs no exit handler: this watchdog kills nginx once the test process is gone.
  const watchdog = spawn('sh', ['-c', `while kill -0 ${process.pid} 2>/dev/null; do sleep 1; done; kill -9 ${child.pid} 2>/dev/null`], { detached: true, stdio: 'ignore' });
  watchdog.unref();
  const stop = async () => {
    process.removeListener('exit', killOnExit);
    keepDir();
    watchdog.kill('SIGKILL');
    if (!exited) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 2000);
      await exitedPromise;
      clearTimeout(timer);
    }
    await rm(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + START_TIMEOUT_MS;
  const pending = [...addresses];
  for (;;) {
    if (exited) {
      const log = await import('node:fs/promises').then((fs) => fs.readFile(join(dir, 'error.log'), 'utf8').catch(() => ''));
      await stop();
      const inUse = /bind\(\) to (127\.[\d.]+):(\d+) failed \(98/.exec(stderr + log);
      if (inUse) throw new Error(portInUseMessage('test nginx', inUse[1] as string, Number(inUse[2])));
      throw new Error(`nginx exited at start: ${(stderr + log).trim().slice(0, 2000)}`);
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`nginx did not listen on ${pending.map((p) => `${p.host}:${p.port}`).join(', ')} within ${START_TIMEOUT_MS} ms`);
    }
    if (pending.length === 0) break;
    const next = pending[0] as { host: string; port: number };
    if (await canConnect(next.host, next.port)) pending.shift();
    else await new Promise((r) => setTimeout(r, 50));
  }
  return { dir, docroot, stop };
}

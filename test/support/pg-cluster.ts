// A throwaway PostgreSQL cluster for tests: initdb into a temp dir, a free port on 127.0.0.1, pg_stat_statements
// preloaded or not; stopped and removed by stop(), and in any case at process exit (a failed test leaves none behind).
// As root, initdb and postgres run as the `postgres` (else `nobody`) user, which PostgreSQL requires.
import { spawn, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const PG_BIN = process.env.LAUNCHREADY_PG_BIN ?? '/usr/lib/postgresql/15/bin';

export interface PgCluster {
  port: number;
  /** postgres://postgres@127.0.0.1:PORT/db */
  url(database?: string): string;
  stop(): Promise<void>;
}

export function pgBinariesPresent(): boolean {
  return existsSync(join(PG_BIN, 'initdb')) && existsSync(join(PG_BIN, 'pg_ctl'));
}

function runAsIds(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  const passwd = readFileSync('/etc/passwd', 'utf8').split('\n');
  for (const name of ['postgres', 'nobody']) {
    const line = passwd.find((l) => l.startsWith(`${name}:`));
    const [, , uid, gid] = line?.split(':') ?? [];
    if (uid && gid) return { uid: Number(uid), gid: Number(gid) };
  }
  throw new Error('running as root and no postgres/nobody user to run PostgreSQL as');
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function run(cmd: string, args: string[], ids: { uid: number; gid: number } | null, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(join(PG_BIN, cmd), args, { stdio: ['ignore', 'pipe', 'pipe'], ...(ids ?? {}), env: { ...process.env, LC_ALL: 'C' } });
    let output = '';
    child.stdout.on('data', (d) => {
      output += String(d).slice(0, 4000);
    });
    child.stderr.on('data', (d) => {
      output += String(d).slice(0, 4000);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`${cmd} exited ${code}: ${output.slice(-2000)}`));
    });
  });
}

/** Starts a cluster; `preload` puts pg_stat_statements in shared_preload_libraries. */
export async function startPgCluster(options: { preload: boolean }): Promise<PgCluster> {
  const ids = runAsIds();
  const dir = mkdtempSync(join(tmpdir(), 'launchready-pg-'));
  const data = join(dir, 'data');
  if (ids) chownSync(dir, ids.uid, ids.gid);
  let started = false;
  const stopSync = () => {
    if (started) spawnSync(join(PG_BIN, 'pg_ctl'), ['stop', '-D', data, '-m', 'immediate', '-w', '-t', '20'], { stdio: 'ignore', ...(ids ?? {}) });
    started = false;
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', stopSync);
  try {
    await run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--no-instructions'], ids, 60_000);
    const port = await freePort();
    const settings = [
      `-p ${port}`,
      '-c listen_addresses=127.0.0.1',
      `-c unix_socket_directories=${dir}`,
      '-c fsync=off',
      '-c synchronous_commit=off',
      '-c full_page_writes=off',
      '-c shared_buffers=32MB',
      '-c max_connections=40',
      ...(options.preload ? ['-c shared_preload_libraries=pg_stat_statements'] : []),
    ];
    started = true;
    await run('pg_ctl', ['start', '-D', data, '-w', '-t', '30', '-l', join(dir, 'log'), '-o', settings.join(' ')], ids, 40_000);
    return {
      port,
      url: (database = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${database}`,
      async stop() {
        if (started) await run('pg_ctl', ['stop', '-D', data, '-m', 'fast', '-w', '-t', '20'], ids, 30_000).catch(() => undefined);
        started = false;
        stopSync();
        process.removeListener('exit', stopSync);
      },
    };
  } catch (error) {
    stopSync();
    process.removeListener('exit', stopSync);
    throw error;
  }
}

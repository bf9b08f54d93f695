// Starts test/support/load-server.mjs in a child process on 127.0.0.1 and stops it; see that file for the paths.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';

export interface LoadTestServer {
  port: number;
  url(path: string): string;
  /** Requests received so far on non-control paths. */
  count(): Promise<number>;
  last(): Promise<{ headers: Record<string, string>; body: string } | null>;
  stop(): Promise<void>;
}

export async function startLoadServer(env: Record<string, string> = {}): Promise<LoadTestServer> {
  const child = spawn(process.execPath, [new URL('./load-server.mjs', import.meta.url).pathname], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('load test server did not start in 10 s')), 10_000);
    child.once('exit', (code) => reject(new Error(`load test server exited (${code})`)));
    child.stdout.on('data', (chunk: Buffer) => {
      const m = /listening (\d+)/.exec(chunk.toString());
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
  });
  const url = (path: string) => `http://127.0.0.1:${port}${path}`;
  const getJson = async (path: string) => (await fetch(url(path))).json();
  return {
    port,
    url,
    count: async () => ((await getJson('/__count')) as { count: number }).count,
    last: async () => (await getJson('/__last')) as { headers: Record<string, string>; body: string } | null,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** A loopback port with nothing listening (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

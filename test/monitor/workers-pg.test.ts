// Three `launchready monitor` processes (the built CLI) share 200 monitors at a 2 s interval through a throwaway
// PostgreSQL cluster (own data dir, free port, always stopped and removed). Loopback targets log every hit. Mid-run one
// worker is SIGKILLed, then PostgreSQL is restarted. From the targets' logs: no gap over three intervals outside the
// restart window, no check twice in one slot, every incident alerted once (down) and once (recovered), no result lost
// in the restart, and the surviving workers still running and stopping cleanly on SIGTERM. Needs `npm run build` (dist).
import assert from 'node:assert/strict';
import { type ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { type AddressInfo, createServer as createTcpServer } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import pg from 'pg';
import { stringify } from 'yaml';
import { BIN } from '../support/cli.ts';
import { makeTempDir, removeTempDirs } from '../support/temp-dir.ts';

const PG_BIN = '/usr/lib/postgresql/15/bin';
const MONITORS = 200;
const INTERVAL_MS = 2000;
const FAILING = 5;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createTcpServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** Run a PostgreSQL binary as the postgres user when we are root (initdb refuses root). */
function pgExec(binary: string, args: string[]): string {
  const asRoot = process.getuid?.() === 0;
  return execFileSync(asRoot ? 'runuser' : join(PG_BIN, binary), asRoot ? ['-u', 'postgres', '--', join(PG_BIN, binary), ...args] : args, {
    encoding: 'utf8',
    timeout: 60_000,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** The same, without blocking this process: the targets live here and must keep answering during a restart. */
async function pgExecAsync(binary: string, args: string[]): Promise<void> {
  const asRoot = process.getuid?.() === 0;
  await promisify(execFile)(asRoot ? 'runuser' : join(PG_BIN, binary), asRoot ? ['-u', 'postgres', '--', join(PG_BIN, binary), ...args] : args, { timeout: 60_000 });
}

class Cluster {
  readonly dir = makeTempDir('monitor-pg');
  readonly data = join(this.dir, 'data');
  port = 0;
  started = false;

  async init(): Promise<void> {
    if (process.getuid?.() === 0) chownSync(this.dir, Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim()), 0);
    pgExec('initdb', ['-D', this.data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8']);
    this.port = await freePort();
    this.start();
  }

  private get options(): string {
    return `-p ${this.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${this.dir} -c fsync=off -c max_connections=60`;
  }

  start(): void {
    pgExec('pg_ctl', ['-D', this.data, '-o', this.options, '-l', join(this.dir, 'pg.log'), '-w', '-t', '30', 'start']);
    this.started = true;
  }

  /** Stop, run `whileDown`, start again. */
  async restart(whileDown: () => Promise<void>): Promise<void> {
    await pgExecAsync('pg_ctl', ['-D', this.data, '-m', 'fast', '-w', '-t', '30', 'stop']);
    this.started = false;
    try {
      await whileDown();
    } finally {
      await pgExecAsync('pg_ctl', ['-D', this.data, '-o', this.options, '-l', join(this.dir, 'pg.log'), '-w', '-t', '30', 'start']);
      this.started = true;
    }
  }

  stop(): void {
    if (this.started && existsSync(this.data)) pgExec('pg_ctl', ['-D', this.data, '-m', 'immediate', '-w', '-t', '30', 'stop']);
    this.started = false;
  }

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }
}

describe('three monitor workers on one PostgreSQL', { timeout: 240_000 }, () => {
  const cluster = new Cluster();
  const hits = new Map<number, number[]>();
  const failing = { on: false };
  const servers: Server[] = [];
  const alerts: { monitor: string; event: string; incidentId: string }[] = [];
  const workers: { name: string; child: ChildProcess; stderr: string[] }[] = [];

  before(async () => {
    assert.ok(existsSync(BIN.replace(/bin\/launchready\.js$/, 'dist/cli/main.js')), 'build first: npx tsc -p tsconfig.build.json');
    await cluster.init();
    for (let i = 0; i < 4; i++) {
      const server = createServer((req, res) => {
        const m = /^\/m\/(\d+)$/.exec(req.url ?? '');
        if (m) {
          const n = Number(m[1]);
          let list = hits.get(n);
          if (!list) hits.set(n, (list = []));
          list.push(Date.now());
          const down = failing.on && n < FAILING;
          res.writeHead(down ? 503 : 200).end(down ? 'down' : 'ok');
          return;
        }
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          alerts.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
          res.writeHead(204).end();
        });
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      servers.push(server);
    }
  });

  after(async () => {
    for (const w of workers) if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGKILL');
    for (const s of servers) {
      s.closeAllConnections();
      await new Promise<void>((r) => s.close(() => r()));
    }
    try {
      cluster.stop();
    } finally {
      removeTempDirs();
    }
  });

  it('each monitor runs once per interval across workers, through a SIGKILL and a PostgreSQL restart', async (t) => {
    const port = (i: number) => (servers[i % servers.length]!.address() as AddressInfo).port;
    const config = {
      monitor: {
        interval: '2s',
        timeout: '1s',
        failAfter: 2,
        recoverAfter: 1,
        reminders: '0',
        monitors: Array.from({ length: MONITORS }, (_, i) => ({ name: `m${String(i).padStart(3, '0')}`, type: 'http', url: `http://127.0.0.1:${port(i)}/m/${i}` })),
        alerts: [{ type: 'webhook', url: `http://127.0.0.1:${port(0)}/alerts` }],
      },
    };
    const configFile = join(cluster.dir, 'launchready.yml');
    writeFileSync(configFile, stringify(config));
    const t0 = Date.now();
    const storeEvents: string[] = [];
    const spawnWorker = (name: string) => {
      const child = spawn(process.execPath, [BIN, 'monitor', '--config', configFile, '--store', cluster.url, '--worker', name], {
        cwd: cluster.dir,
        stdio: ['ignore', 'ignore', 'pipe'],
        env: { ...process.env, NO_COLOR: '1' },
      });
      const stderr: string[] = [];
      child.stderr!.on('data', (c: Buffer) => {
        const text = c.toString('utf8');
        stderr.push(text);
        for (const line of text.split('\n')) if (/store|watching|stopp/.test(line)) storeEvents.push(`${name} +${Date.now() - t0}: ${line.slice(0, 140)}`);
      });
      workers.push({ name, child, stderr });
      return child;
    };
    spawnWorker('w1');
    spawnWorker('w2');
    const victim = spawnWorker('w3');
    const deadline = t0 + 60_000;
    // every worker up (process start is slow on a loaded machine) and every monitor checked, then two intervals to settle
    while (hits.size < MONITORS || !workers.every((w) => /watching \d+ monitors/.test(w.stderr.join('')))) {
      assert.ok(Date.now() < deadline, `only ${hits.size} monitors checked after 60 s: ${workers.map((w) => w.stderr.join('')).join('\n')}`);
      await sleep(100);
    }
    await sleep(2 * INTERVAL_MS);
    const steady = Date.now();
    await sleep(2000);
    failing.on = true;
    await sleep(4000);
    const killAt = Date.now();
    victim.kill('SIGKILL');
    await sleep(4000);
    failing.on = false;
    await sleep(5000);
    const survivors = workers.filter((w) => w.name !== 'w3');
    const restartStart = Date.now();
    await cluster.restart(async () => {
      // Down until both survivors have noticed (at most 10 s): a bare stop-start was over before a worker starved on
      // a loaded machine made its next store call, and it never logged the outage asserted below.
      const noticeBy = Date.now() + 10_000;
      while (Date.now() < noticeBy && !survivors.every((w) => /the store is unreachable/.test(w.stderr.join('')))) await sleep(100);
    });
    const restartEnd = Date.now();
    await sleep(10_000);
    const stopAt = Date.now();
    for (const w of survivors) assert.equal(w.child.exitCode, null, `${w.name} still running before SIGTERM: ${w.stderr.join('')}`);
    const exits = survivors.map((w) => new Promise<number | null>((r) => w.child.once('exit', (code) => r(code))));
    for (const w of survivors) w.child.kill('SIGTERM');
    // an unref'd timer: a pending 30 s timer kept the test process alive for 30 s after the test had finished
    const codes = await Promise.race([Promise.all(exits), new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 30_000).unref())]);
    assert.deepEqual(codes, [0, 0], `survivors exit 0 on SIGTERM: ${survivors.map((w) => w.stderr.join('')).join('\n')}`);
    const logs = survivors.map((w) => w.stderr.join('')).join('\n');
    assert.match(logs, /the store is unreachable/, 'the workers saw the restart');
    assert.match(logs, /the store is back after/);

    // the targets' logs, from the moment every monitor was running
    const restartWindow = [restartStart - 500, restartEnd + 1000] as const;
    const problems: string[] = [];
    for (let i = 0; i < MONITORS; i++) {
      const times = (hits.get(i) ?? []).filter((t) => t >= steady && t <= stopAt);
      for (let k = 1; k < times.length; k++) {
        const gap = times[k]! - times[k - 1]!;
        // one slot claimed twice would show as two hits at once; a slot run late (stalled machine, store outage) may
        // precede the next slot's check by less than an interval, which is no duplicate
        if (gap < 100) problems.push(`m${i}: two checks ${gap} ms apart at ${times[k]! - t0}`);
        const overlapsRestart = times[k - 1]! <= restartWindow[1] && times[k]! >= restartWindow[0];
        if (gap > 3 * INTERVAL_MS && !overlapsRestart) problems.push(`m${i}: gap of ${gap} ms at ${times[k - 1]! - t0}..${times[k]! - t0}`);
      }
      const slots = Math.ceil((stopAt - steady) / INTERVAL_MS);
      if (times.length > slots + 1) problems.push(`m${i}: ${times.length} checks in ${slots} intervals`);
      const last = times.at(-1) ?? 0;
      if (stopAt - last > 3 * INTERVAL_MS) problems.push(`m${i}: last check ${stopAt - last} ms before the stop`);
    }
    // Gaps measure the machine as much as the workers: on a host whose load is far above its cores (shared CI
    // runners, several test suites at once) a starved process misses slots whatever it does. Then the gap findings are
    // reported, not asserted; duplicates, lost results and alerts are asserted whatever the load.
    const overloaded = loadavg()[0]! > 2 * cpus().length;
    if (overloaded) {
      const gaps = problems.filter((p) => /gap of|last check/.test(p));
      t.diagnostic(`load ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores: ${gaps.length} gap findings not asserted, e.g. ${gaps.slice(0, 5).join('; ')}`);
      problems.splice(0, problems.length, ...problems.filter((p) => !/gap of|last check/.test(p)));
    }
    assert.deepEqual(
      problems.slice(0, 40),
      [],
      `${problems.length} problems; steady at ${steady - t0}, kill at ${killAt - t0}, restart ${restartStart - t0}..${restartEnd - t0}, stop at ${stopAt - t0}; store events: ${storeEvents.join(' | ')}`,
    );

    // results in the store: none lost in the restart (the killed worker may lose what it had not flushed)
    const db = new pg.Client({ connectionString: cluster.url });
    await db.connect();
    try {
      const counts = new Map((await db.query('SELECT monitor, COUNT(*)::int AS n FROM results GROUP BY monitor')).rows.map((r) => [r.monitor as string, r.n as number]));
      let lost = 0;
      for (let i = 0; i < MONITORS; i++) {
        const name = `m${String(i).padStart(3, '0')}`;
        const hitCount = (hits.get(i) ?? []).length;
        const stored = counts.get(name) ?? 0;
        const nearKill = (hits.get(i) ?? []).some((t) => Math.abs(t - killAt) < 1500);
        if (stored > hitCount) problems.push(`${name}: ${stored} results for ${hitCount} hits`);
        if (stored < hitCount) {
          lost += hitCount - stored;
          if (!nearKill || hitCount - stored > 1) problems.push(`${name}: ${hitCount - stored} results lost of ${hitCount}`);
        }
      }
      assert.deepEqual(problems.slice(0, 20), [], `${problems.length} problems, ${lost} results lost in all`);

      const incidents = (await db.query('SELECT id, monitor, started_at, ended_at FROM incidents ORDER BY monitor')).rows;
      assert.deepEqual(
        incidents.map((r) => r.monitor),
        Array.from({ length: FAILING }, (_, i) => `m${String(i).padStart(3, '0')}`),
        'one incident per failing monitor',
      );
      assert.ok(
        incidents.every((r) => r.ended_at !== null),
        `every incident closed: ${JSON.stringify(incidents)} alerts: ${JSON.stringify(alerts)} events: ${storeEvents.join(' | ').slice(-1500)}`,
      );
      for (const incident of incidents) {
        const mine = alerts.filter((a) => a.incidentId === incident.id).map((a) => a.event);
        assert.deepEqual(mine.sort(), ['down', 'recovered'], `${incident.monitor}: ${JSON.stringify(mine)}`);
      }
      assert.equal(alerts.length, FAILING * 2, `alerts: ${JSON.stringify(alerts)}`);
      // the leases moved mid-incident (issue 13): which workers checked each failing monitor while its incident was open
      const moved: string[] = [];
      for (const incident of incidents) {
        const by = await db.query('SELECT DISTINCT worker FROM results WHERE monitor = $1 AND at >= $2 AND at <= $3 ORDER BY worker', [
          incident.monitor,
          incident.started_at,
          incident.ended_at,
        ]);
        if (by.rows.length > 1) moved.push(`${incident.monitor} (${by.rows.map((r) => r.worker).join(', ')})`);
      }
      t.diagnostic(`incidents checked by more than one worker: ${moved.length} of ${incidents.length}: ${moved.join('; ')}`);
      assert.ok(moved.length > 0, 'at least one incident moved between workers while open (else this run tested no takeover)');
    } finally {
      await db.end();
    }
  });
});

// Issue 13: a monitor's lease moves between workers in the middle of an incident, step by step (a manual clock, two
// store clients on one store, checks and flushes driven by hand), on SQLite and on a throwaway PostgreSQL cluster.
// Whatever the order of the writes, the store holds one incident per outage, its `down` goes out once and its
// `recovered` once, and a worker that takes a monitor over resumes the incident the store has open.
// The PostgreSQL half starts its own cluster: run under `flock /tmp/lr-tests.lock`.
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { AlertDispatcher } from '../../src/monitor/alerts/dispatcher.ts';
import type { AlertMessage } from '../../src/monitor/alerts/senders.ts';
import { resolveMonitors } from '../../src/monitor/monitors.ts';
import { ProbeNet } from '../../src/monitor/probes.ts';
import type { MonitorState } from '../../src/monitor/state.ts';
import { MonitorStore } from '../../src/monitor/store/store.ts';
import { MonitorWorker } from '../../src/monitor/worker.ts';
import { type PgCluster, pgBinariesPresent, startPgCluster } from '../support/pg-cluster.ts';
import { makeTempDir, removeTempDirs } from '../support/temp-dir.ts';

const INTERVAL_MS = 10_000;
const T0 = Date.parse('2026-12-02T12:00:00Z');
const NET = { timeoutMs: 5000, concurrency: 4, resolve: [], dnsServers: ['127.0.0.1:9'], extraCaPem: [], allowNonLoopbackTraffic: false };

/** The monitored app: up or down; `hold()` keeps the next request unanswered until its release is called. */
async function startTarget() {
  const state = { up: false, hits: 0 };
  let holdNext = false;
  const held: (() => void)[] = [];
  const server: Server = createServer((_req: IncomingMessage, res: ServerResponse) => {
    state.hits += 1;
    const answer = () => res.writeHead(state.up ? 200 : 503).end(state.up ? 'ok' : 'down');
    if (holdNext) {
      holdNext = false;
      held.push(answer);
    } else answer();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    state,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/health`,
    hold: () => {
      holdNext = true;
    },
    /** Answer the held request (with the state at that moment); waits until it has arrived. */
    async release(): Promise<void> {
      for (let i = 0; i < 200 && held.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
      assert.equal(held.length, 1, 'the held request arrived');
      held.shift()!();
    },
    stop: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

type Target = Awaited<ReturnType<typeof startTarget>>;

/** Two workers (two store clients) on one store, one monitor `app` every 10 s, a manual clock, alerts recorded. */
async function twoWorkers(location: string, target: Target) {
  const { settings, monitors } = resolveMonitors({
    monitor: {
      interval: '10s',
      timeout: '5s',
      failAfter: 2,
      recoverAfter: 2,
      reminders: '0',
      monitors: [{ name: 'app', type: 'http', url: target.url }],
    },
  });
  const clock = { now: T0 };
  const now = () => clock.now;
  const sent: AlertMessage[] = [];
  const logs: string[] = [];
  const stores: MonitorStore[] = [];
  const make = async (name: string) => {
    const store = await MonitorStore.open(location);
    stores.push(store);
    const dispatcher = new AlertDispatcher(
      [
        {
          label: 'memory',
          send: async (m) => {
            sent.push(m);
          },
          redact: (t) => t,
        },
      ],
      { log: (l) => logs.push(l) },
    );
    const worker = new MonitorWorker({ store, settings, monitors, worker: name, net: new ProbeNet(NET, now), dispatcher, log: (l) => logs.push(`${name}: ${l}`), now });
    /** Claim at the clock's time; true when this worker got the run. */
    const claim = async () => (await worker.claimAndLaunch()) === 1;
    /** Wait for the check, write everything buffered, let the alerts out. */
    const settle = async () => {
      await worker.idle();
      assert.equal(await worker.flush(), true, `${name} flushed: ${logs.join('\n')}`);
      await dispatcher.drain();
    };
    return { worker, store, claim, settle };
  };
  const a = await make('A');
  const b = await make('B');
  await a.worker.scheduler.sync([{ name: 'app', intervalMs: INTERVAL_MS }], T0);
  /** One slot run start to end by `w`, at T0 + n intervals. */
  const slot = async (w: typeof a, n: number) => {
    clock.now = T0 + n * INTERVAL_MS;
    assert.equal(await w.claim(), true, `slot ${n} claimed`);
    await w.settle();
  };
  const facts = async () => {
    const incidents = await a.store.incidents({ monitor: 'app' });
    const workers = (await a.store.db.all("SELECT DISTINCT worker FROM results WHERE monitor = 'app' ORDER BY worker")).map((r) => String(r.worker));
    return { incidents, workers, alerts: sent.map((m) => `${m.event} ${m.incidentId}`), logs };
  };
  return {
    a,
    b,
    clock,
    slot,
    facts,
    close: async () => {
      for (const s of stores) await s.close();
    },
  };
}

interface Backend {
  name: string;
  /** A fresh, empty store. */
  location(): Promise<string>;
}

function describeOn(backend: Backend, setup: () => Promise<void>, teardown: () => Promise<void>, skip: string | false) {
  describe(`incident takeover between two workers (${backend.name})`, { timeout: 120_000, skip }, () => {
    let target: Target;
    before(async () => {
      await setup();
      target = await startTarget();
    });
    after(async () => {
      await target?.stop();
      await teardown();
    });

    it('two workers open the same outage concurrently (a slow check outlived its lease): one incident, one down, one recovered', async () => {
      const w = await twoWorkers(await backend.location(), target);
      try {
        target.state.up = false;
        await w.slot(w.a, 0); // A: failure 1
        // slot 1: A claims and its check hangs past the lease; slot 2 goes to B, which still sees failure 1
        w.clock.now = T0 + INTERVAL_MS;
        target.hold();
        assert.equal(await w.a.claim(), true);
        await w.slot(w.b, 2); // B: failure 2 from the stored failure 1: B opens the incident
        await target.release(); // A's check now fails too: failure 2 from its own copy, A opens one as well
        await w.a.settle();
        target.state.up = true;
        await w.slot(w.a, 3); // the lease moves back to A: a pass toward recoverAfter (2)
        await w.slot(w.b, 4); // and to B: the second pass closes the incident
        const f = await w.facts();
        assert.deepEqual(f.workers, ['A', 'B'], 'the lease moved between the workers');
        assert.equal(f.incidents.length, 1, `one incident for the outage: ${JSON.stringify(f.incidents)}`);
        const [incident] = f.incidents;
        assert.equal(incident!.endedAt, T0 + 4 * INTERVAL_MS, `the incident closed at the second pass: ${JSON.stringify(f)}`);
        assert.deepEqual(f.alerts, [`down ${incident!.id}`, `recovered ${incident!.id}`], `every alert of the incident once: ${f.logs.join('\n')}`);
        const state = await w.a.store.loadState<MonitorState>('app');
        assert.equal(state?.incident, null, 'the stored snapshot agrees with the store');
        assert.equal(state?.status, 'up');
      } finally {
        await w.close();
      }
    });

    it('a worker taking a lease over resumes the incident the store has open, whatever its snapshot says', async () => {
      const w = await twoWorkers(await backend.location(), target);
      try {
        target.state.up = false;
        await w.slot(w.a, 0); // A: failure 1
        // A's next check opened an incident and A died after writing it, before its down alert and its snapshot (the
        // store still holds failure 1)
        const opened = await w.a.store.openIncident({ id: 'app@died', monitor: 'app', startedAt: T0 + INTERVAL_MS, lastError: 'status == 200: got 503', worker: 'A' });
        assert.equal(opened.created, true);
        await w.slot(w.b, 2); // B takes over while the app is still down: it sends the down of that incident, opens none
        // the database itself refuses a second open incident for the monitor (unique partial index), whoever inserts it
        await assert.rejects(
          w.b.store.db.run("INSERT INTO incidents (id, monitor, started_at, ended_at, last_error) VALUES ('app@second', 'app', ?, NULL, 'x')", [T0 + 2 * INTERVAL_MS]),
          /unique|UNIQUE/,
        );
        target.state.up = true;
        await w.slot(w.b, 3); // pass 1 of 2
        await w.slot(w.a, 4); // the lease moves again: pass 2 closes it
        await w.slot(w.b, 5); // and nothing more
        let f = await w.facts();
        assert.deepEqual(
          f.incidents.map((i) => [i.id, i.endedAt]),
          [['app@died', T0 + 4 * INTERVAL_MS]],
          `resumed, not reopened: ${JSON.stringify(f)}`,
        );
        assert.deepEqual(f.alerts, ['down app@died', 'recovered app@died']);

        // a snapshot that names an incident the store does not have open (an older worker's, or one closed meanwhile)
        // is corrected from the store: no recovery for an outage nobody heard of
        const ghost: MonitorState = {
          status: 'down',
          consecutiveFailures: 0,
          consecutivePasses: 0,
          incident: { id: 'app@ghost', startedAt: T0, lastError: 'x', alerted: true, lastAlertAt: T0, reminders: 0 },
          certWarnedFor: null,
          lastCheckAt: T0 + 5 * INTERVAL_MS + 1,
        };
        await w.b.store.saveStates([{ monitor: 'app', state: ghost, at: T0 + 5 * INTERVAL_MS + 1 }]);
        await w.slot(w.a, 6);
        await w.slot(w.b, 7);
        f = await w.facts();
        assert.equal(f.incidents.length, 1, JSON.stringify(f.incidents));
        assert.deepEqual(f.alerts, ['down app@died', 'recovered app@died'], 'no alert for the ghost');
        assert.equal((await w.a.store.loadState<MonitorState>('app'))?.incident, null);
      } finally {
        await w.close();
      }
    });
  });
}

// SQLite: a file per test
{
  let dir = '';
  let n = 0;
  describeOn(
    { name: 'SQLite', location: async () => join(dir, `monitor-${++n}.db`) },
    async () => {
      dir = makeTempDir('monitor-takeover');
    },
    async () => removeTempDirs(),
    false,
  );
}

// PostgreSQL: a throwaway cluster, a database per test
{
  let cluster: PgCluster | null = null;
  let n = 0;
  describeOn(
    {
      name: 'PostgreSQL',
      async location() {
        const name = `takeover_${++n}`;
        const admin = new pg.Client({ connectionString: cluster!.url() });
        await admin.connect();
        try {
          await admin.query(`CREATE DATABASE ${name}`);
        } finally {
          await admin.end();
        }
        return cluster!.url(name);
      },
    },
    async () => {
      cluster = await startPgCluster({ preload: false });
    },
    async () => {
      await cluster?.stop();
    },
    pgBinariesPresent() ? false : 'PostgreSQL 15 binaries not installed',
  );
}

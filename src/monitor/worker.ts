// The monitor worker: claims due monitors through the schedule (row leases; one worker with SQLite, any number with
// PostgreSQL), runs their probes, feeds the incident state machine and queues alerts, while the store's writes go
// through an in-memory buffer flushed in batches: a store outage (PostgreSQL restart) costs no crash and no result,
// and alert delivery never holds a check up. Roll-ups and retention run on the side.
import type { AlertDispatcher } from './alerts/dispatcher.js';
import { dispatchAlerts } from './alerts/notify.js';
import { certWarningFromConditions } from './conditions.js';
import { inMaintenance, type MonitorDefinition, type MonitorSettings } from './config.js';
import { DEFAULT_CERT_WARNING_MS } from './monitors.js';
import { type ProbeNet, type ProbeOutcome, runProbe } from './probes.js';
import { type ClaimedRun, Scheduler } from './schedule.js';
import { applyResult, initialState, type MonitorAlert, type MonitorState, resumeIncident, type StateRules } from './state.js';
import type { Incident, MonitorStore, StoredResult } from './store/store.js';

export interface WorkerOptions {
  store: MonitorStore;
  settings: MonitorSettings;
  monitors: readonly MonitorDefinition[];
  worker: string;
  net: ProbeNet;
  dispatcher: AlertDispatcher;
  /** Base URL of the dashboard (--listen), for alert links; empty when none. */
  dashboardUrl?: string;
  log?: (line: string) => void;
  now?: () => number;
  /** How often the schedule is polled when nothing is due (default 200 ms). */
  pollMs?: number;
  /** How often buffered writes go to the store (default 250 ms). */
  flushMs?: number;
  /** Checks running at once at most (default 256). */
  maxInFlight?: number;
  /** Buffered results kept at most while the store is unreachable (default 1,000,000; the oldest are dropped beyond). */
  maxBuffered?: number;
  /** Roll-ups every (default 60 s); retention every (default 1 h). */
  rollupEveryMs?: number;
  retentionEveryMs?: number;
}

/** The last check of a monitor, as `--once` and logs show it. */
export interface MonitorStatus {
  name: string;
  type: MonitorDefinition['type'];
  status: MonitorState['status'];
  passed: boolean | null;
  error: string | null;
  responseMs: number | null;
  incidentId: string | null;
  checkedAt: number | null;
  /** Checks this worker ran. */
  checks: number;
}

type IncidentOp =
  | { kind: 'open'; id: string; monitor: string; startedAt: number; lastError: string }
  | { kind: 'error'; id: string; monitor: string; lastError: string }
  | { kind: 'close'; id: string; monitor: string; endedAt: number };

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Thrown by a probe that needs the store (heartbeat) while it is unreachable: the check is skipped, not failed. */
class StoreUnavailable extends Error {}

export class MonitorWorker {
  readonly scheduler: Scheduler;
  private readonly store: MonitorStore;
  private readonly defs: Map<string, MonitorDefinition>;
  private readonly log: (line: string) => void;
  private readonly now: () => number;
  private readonly since: number;
  private readonly states = new Map<string, MonitorState>();
  private readonly dirty = new Map<string, { state: MonitorState; at: number }>();
  private readonly statuses = new Map<string, MonitorStatus>();
  private results: StoredResult[] = [];
  private readonly incidentOps: IncidentOp[] = [];
  private readonly alertOps: { monitor: string; alert: MonitorAlert }[] = [];
  private readonly completes = new Set<string>();
  private readonly running = new Map<string, Promise<void>>();
  private flushing: Promise<boolean> | null = null;
  private storeDownSince: number | null = null;
  private droppedResults = 0;
  private stopping = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private lastRollup = 0;
  private lastRetention = 0;
  private housekeeping: Promise<void> | null = null;
  private readonly leaseMs: number;
  /** Probes run (for tests and the bench). */
  checksRun = 0;

  constructor(private readonly options: WorkerOptions) {
    this.store = options.store;
    this.defs = new Map(options.monitors.map((m) => [m.name, m]));
    this.log = options.log ?? ((line) => process.stderr.write(`${line}\n`));
    this.now = options.now ?? Date.now;
    this.since = this.now();
    this.leaseMs = Math.max(...options.monitors.map((m) => m.timeoutMs), 1000) + 5000;
    this.scheduler = new Scheduler(options.store, options.worker, { leaseMs: this.leaseMs, batch: 100 });
  }

  // ---- one round for cron and CI

  /**
   * Check every monitor now (not through the schedule) until its state is decided: a failing check is repeated (1 s
   * apart) until failAfter failures open an incident or a pass ends the streak, and likewise for recovery, so one round
   * says up or down on its own. State, results, incidents and alerts go to the store as in the long-running mode.
   */
  async runOnce(options: { retryDelayMs?: number } = {}): Promise<MonitorStatus[]> {
    const delay = options.retryDelayMs ?? 1000;
    const loaded = await this.store.loadStates<MonitorState>([...this.defs.keys()]);
    for (const [name, state] of loaded) this.states.set(name, state);
    await this.resumeIncidents([...this.defs.keys()]);
    const queue = [...this.defs.values()];
    const one = async (def: MonitorDefinition) => {
      for (let attempt = 0; attempt < 1000; attempt++) {
        if (attempt > 0) await sleep(delay);
        const state = await this.check(def);
        if (!state) break;
        const undecided =
          (state.consecutiveFailures > 0 && state.incident === null && state.consecutiveFailures < def.failAfter) ||
          (state.consecutivePasses > 0 && state.incident !== null && state.consecutivePasses < def.recoverAfter);
        if (!undecided) break;
      }
    };
    // the probes take their own network slots from the context; this only bounds how many monitors are in progress
    await Promise.all(
      Array.from({ length: Math.min(queue.length, this.options.maxInFlight ?? 64) }, async () => {
        for (let def = queue.shift(); def; def = queue.shift()) await one(def);
      }),
    );
    if (!(await this.flushWithRetry(30_000))) this.log('monitor: could not write every result to the store before exiting');
    return this.statusList();
  }

  statusList(): MonitorStatus[] {
    return [...this.defs.values()].map((def) => {
      const state = this.states.get(def.name) ?? initialState();
      const last = this.statuses.get(def.name);
      return {
        name: def.name,
        type: def.type,
        status: state.status,
        passed: last?.passed ?? null,
        error: last?.error ?? null,
        responseMs: last?.responseMs ?? null,
        incidentId: state.incident?.id ?? null,
        checkedAt: last?.checkedAt ?? state.lastCheckAt,
        checks: last?.checks ?? 0,
      };
    });
  }

  // ---- the long-running mode

  /** Sync the schedule with the config and start claiming. */
  async start(): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await this.scheduler.sync(
          [...this.defs.values()].map((m) => ({ name: m.name, intervalMs: m.intervalMs })),
          this.now(),
          { spread: true },
        );
        break;
      } catch (e) {
        if (attempt >= 30) throw e;
        this.noteStoreDown(e);
        await sleep(1000);
      }
    }
    this.loop = this.run();
  }

  /** Finish the checks in flight, flush every buffered write, stop. */
  async stop(options: { flushTimeoutMs?: number } = {}): Promise<boolean> {
    this.stopping = true;
    this.wake?.();
    await this.loop;
    await Promise.all(this.running.values());
    await this.housekeeping;
    return this.flushWithRetry(options.flushTimeoutMs ?? 30_000);
  }

  get inFlight(): number {
    return this.running.size;
  }

  get buffered(): number {
    return this.results.length + this.incidentOps.length + this.alertOps.length;
  }

  private async run(): Promise<void> {
    const pollMs = this.options.pollMs ?? 200;
    const flushMs = this.options.flushMs ?? 250;
    const maxInFlight = this.options.maxInFlight ?? 256;
    let lastFlush = 0;
    while (!this.stopping) {
      const claimed = this.running.size < maxInFlight ? await this.claimAndLaunch() : 0;
      const now = this.now();
      if (now - lastFlush >= flushMs) {
        lastFlush = now;
        await this.flush();
      }
      this.maybeHousekeeping(now);
      if (this.stopping) break;
      // a full batch means more may be due: claim again at once
      if (claimed >= 100 && this.running.size < maxInFlight) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, pollMs);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = null;
    }
  }

  /** One round of the schedule: claim the due monitors and start their checks (not waiting for them); returns how many were claimed. */
  async claimAndLaunch(): Promise<number> {
    let claimed: ClaimedRun[] = [];
    try {
      claimed = await this.scheduler.claimDue(this.now());
    } catch (e) {
      this.noteStoreDown(e);
    }
    if (claimed.length > 0) await this.launch(claimed);
    return claimed.length;
  }

  /** Resolves when the checks in flight are over (their writes are buffered, not flushed). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all(this.running.values());
  }

  private async launch(claimed: ClaimedRun[]): Promise<void> {
    const known = claimed.filter((c) => this.defs.has(c.monitor));
    for (const c of claimed) if (!this.defs.has(c.monitor)) this.completes.add(c.monitor);
    // another worker may have run these since this one last did: take the newer of the stored and the cached state
    const needed = known.filter((c) => !this.dirty.has(c.monitor)).map((c) => c.monitor);
    try {
      const stored = await this.store.loadStates<MonitorState>(needed);
      for (const [name, state] of stored) {
        const cached = this.states.get(name);
        if (!cached || (state.lastCheckAt ?? 0) >= (cached.lastCheckAt ?? 0)) this.states.set(name, state);
      }
      await this.resumeIncidents(known.map((c) => c.monitor));
    } catch (e) {
      this.noteStoreDown(e);
    }
    const claimedAt = this.now();
    for (const c of known) {
      if (this.running.has(c.monitor)) continue;
      const def = this.defs.get(c.monitor)!;
      // the lease ends one interval after the claim; a run that could not start before then (a starved process) is
      // dropped, since another worker may already be running the monitor's next slot
      const windowMs = Math.min(this.leaseMs, c.intervalMs);
      const task = this.check(def, { leaseEnd: claimedAt + windowMs, windowMs })
        .then(() => undefined)
        .catch((e) => this.log(`monitor ${def.name}: check crashed: ${String((e as Error)?.message ?? e).split('\n')[0]}`))
        .finally(() => {
          this.running.delete(c.monitor);
          this.completes.add(c.monitor);
        });
      this.running.set(c.monitor, task);
    }
  }

  /**
   * The store, not a snapshot or this worker's memory, says whether a monitor has an incident open: a snapshot may be
   * stale, or name an incident that lost the open race or was closed by another worker since. So a worker taking
   * monitors over resumes the incident the store has open (its down already claimed: no second down; the recovery
   * counted from here and sent once) and forgets one the store does not have open. Monitors whose check is running here,
   * or whose incident changes or alerts wait in this worker's buffer, are ahead of the store and keep their state.
   */
  private async resumeIncidents(monitors: readonly string[]): Promise<void> {
    const pending = new Set([...this.incidentOps.map((op) => op.monitor), ...this.alertOps.map((a) => a.monitor)]);
    const settled = monitors.filter((m) => !this.running.has(m) && !pending.has(m));
    if (settled.length === 0) return;
    const open = await this.store.openIncidentsOf(settled);
    // a check may have started while the store answered
    for (const monitor of settled) {
      if (this.running.has(monitor)) continue;
      const state = this.states.get(monitor) ?? initialState();
      const stored = open.get(monitor) ?? null;
      if (!stored && !state.incident) continue;
      const resumed = resumeIncident(state, stored);
      if (resumed === state) continue;
      if (state.incident?.id !== resumed.incident?.id)
        this.log(
          resumed.incident
            ? `monitor ${monitor}: resuming incident ${resumed.incident.id} from the store${state.incident ? ` (the snapshot had ${state.incident.id})` : ''}`
            : `monitor ${monitor}: incident ${state.incident!.id} is not open in the store; forgotten`,
        );
      this.states.set(monitor, resumed);
    }
  }

  private rules(def: MonitorDefinition): StateRules {
    const windows = this.options.settings.maintenance;
    return {
      monitor: def.name,
      failAfter: def.failAfter,
      recoverAfter: def.recoverAfter,
      remindersMs: this.options.settings.remindersMs,
      certWarningMs: certWarningFromConditions(def.conditions) ?? DEFAULT_CERT_WARNING_MS,
      inMaintenance: (at) => inMaintenance(windows, def.name, at),
      newIncidentId: (monitor, at) => `${monitor}@${new Date(at).toISOString()}`,
    };
  }

  /** One probe of `def`, applied to its state; null when the check was skipped (store unreachable for a heartbeat). */
  private async check(def: MonitorDefinition, lease?: { leaseEnd: number; windowMs: number }): Promise<MonitorState | null> {
    // a run that cannot start before its lease ends is dropped; the margin is a tenth of the window (at most 100 ms),
    // so short intervals (a 100 ms interval leaves a 100 ms window) still run
    if (lease && this.now() >= lease.leaseEnd - Math.min(100, lease.windowMs / 10)) {
      this.log(`monitor ${def.name}: run started too late for its lease; skipped (the next slot runs on schedule)`);
      return null;
    }
    let outcome: ProbeOutcome;
    try {
      outcome = await runProbe(def, {
        net: this.options.net,
        since: this.since,
        now: this.now,
        heartbeats: {
          lastHeartbeat: async (name) => {
            try {
              return await this.store.lastHeartbeat(name);
            } catch (e) {
              this.noteStoreDown(e);
              throw new StoreUnavailable('store unreachable');
            }
          },
        },
      });
    } catch (e) {
      if (e instanceof StoreUnavailable) return null;
      throw e;
    }
    if (outcome.error?.startsWith('probe failed: store unreachable')) return null;
    this.checksRun += 1;
    const previous = this.states.get(def.name) ?? initialState();
    const transition = applyResult(previous, { at: outcome.at, passed: outcome.passed, error: outcome.error, certExpiresAt: outcome.certExpiresAt }, this.rules(def));
    const state = transition.state;
    this.states.set(def.name, state);
    this.dirty.set(def.name, { state, at: outcome.at });
    const prior = this.statuses.get(def.name);
    this.statuses.set(def.name, {
      name: def.name,
      type: def.type,
      status: state.status,
      passed: outcome.passed,
      error: outcome.error ?? null,
      responseMs: outcome.responseMs,
      incidentId: state.incident?.id ?? null,
      checkedAt: outcome.at,
      checks: (prior?.checks ?? 0) + 1,
    });
    this.pushResult({
      monitor: def.name,
      at: outcome.at,
      ok: outcome.passed,
      responseMs: outcome.responseMs,
      error: outcome.error ?? null,
      worker: this.options.worker,
      ...(outcome.certExpiresAt !== undefined ? { certExpiresAt: outcome.certExpiresAt } : {}),
    });
    if (transition.opened) {
      const o = transition.opened;
      this.incidentOps.push({ kind: 'open', id: o.id, monitor: def.name, startedAt: o.startedAt, lastError: o.lastError });
      this.log(`monitor ${def.name}: DOWN (${o.lastError})`);
    } else if (state.incident && !outcome.passed && previous.incident && previous.incident.lastError !== state.incident.lastError) {
      this.incidentOps.push({ kind: 'error', id: state.incident.id, monitor: def.name, lastError: state.incident.lastError });
    }
    if (transition.closed) {
      this.incidentOps.push({ kind: 'close', id: transition.closed.id, monitor: def.name, endedAt: transition.closed.endedAt });
      this.log(`monitor ${def.name}: recovered`);
    }
    for (const alert of transition.alerts) this.alertOps.push({ monitor: def.name, alert });
    return state;
  }

  private pushResult(r: StoredResult): void {
    const max = this.options.maxBuffered ?? 1_000_000;
    if (this.results.length >= max) {
      const drop = this.results.length - max + 1;
      this.results.splice(0, drop);
      this.droppedResults += drop;
    }
    this.results.push(r);
  }

  private noteStoreDown(e: unknown): void {
    if (this.storeDownSince !== null) return;
    this.storeDownSince = this.now();
    this.log(`monitor: the store is unreachable (${String((e as Error)?.message ?? e).split('\n')[0]}); checks continue, results are buffered in memory`);
  }

  private noteStoreUp(): void {
    if (this.storeDownSince === null) return;
    const seconds = ((this.now() - this.storeDownSince) / 1000).toFixed(1);
    this.storeDownSince = null;
    this.log(`monitor: the store is back after ${seconds}s; buffered results written${this.droppedResults ? ` (${this.droppedResults} dropped over the buffer bound)` : ''}`);
    this.droppedResults = 0;
  }

  /**
   * Write everything buffered, in order: results, incidents, alert claims, state snapshots, lease releases. False when
   * the store failed. Incidents go before the snapshots, so a snapshot never names an incident the store lacks (a lost
   * open race is adopted first), and alert claims before them, so a snapshot that says `down` was sent is true.
   */
  flush(): Promise<boolean> {
    if (!this.flushing)
      this.flushing = this.doFlush().finally(() => {
        this.flushing = null;
      });
    return this.flushing;
  }

  private async flushWithRetry(timeoutMs: number): Promise<boolean> {
    const deadline = this.now() + timeoutMs;
    for (;;) {
      if (await this.flush()) return true;
      if (this.now() >= deadline) return false;
      await sleep(500);
    }
  }

  private async doFlush(): Promise<boolean> {
    try {
      while (this.results.length > 0) {
        const batch = this.results.slice(0, 2000);
        await this.store.recordResults(batch);
        this.results.splice(0, batch.length);
      }
      while (this.incidentOps.length > 0) {
        const op = this.incidentOps[0]!;
        if (op.kind === 'open') {
          const { incident, created } = await this.store.openIncident({ ...op, worker: this.options.worker });
          // two workers raced on one monitor: adopt the incident that exists, so its alerts are claimed once
          if (!created && incident.id !== op.id) this.adoptIncident(op.monitor, op.id, incident);
        } else if (op.kind === 'error') await this.store.updateIncidentError(op.id, op.lastError);
        else await this.store.closeIncident(op.id, op.endedAt);
        this.incidentOps.shift();
      }
      while (this.alertOps.length > 0) {
        const { monitor, alert } = this.alertOps[0]!;
        const base = this.options.dashboardUrl ?? '';
        await dispatchAlerts(this.store, this.options.dispatcher, monitor, [alert], {
          dashboardUrl: base ? `${base.replace(/\/+$/, '')}/monitors/${encodeURIComponent(monitor)}` : '',
          worker: this.options.worker,
          now: this.now(),
        });
        this.alertOps.shift();
      }
      if (this.dirty.size > 0) {
        const entries = [...this.dirty].map(([monitor, e]) => ({ monitor, state: e.state, at: e.at }));
        await this.store.saveStates(entries);
        // a check may have landed meanwhile: only forget the entries written
        for (const e of entries) if (this.dirty.get(e.monitor)?.state === e.state) this.dirty.delete(e.monitor);
      }
      if (this.completes.size > 0) {
        const names = [...this.completes];
        await this.scheduler.completeMany(names);
        for (const n of names) this.completes.delete(n);
      }
      this.noteStoreUp();
      return true;
    } catch (e) {
      this.noteStoreDown(e);
      return false;
    }
  }

  /**
   * Our open of `ours` lost to the store's open incident `theirs`: carry on with theirs in the state (the same object as
   * the buffered snapshot, written after this), the incident changes and the alerts still buffered.
   */
  private adoptIncident(monitor: string, ours: string, theirs: Incident): void {
    const state = this.states.get(monitor);
    if (state?.incident?.id === ours) Object.assign(state.incident, { id: theirs.id, startedAt: theirs.startedAt });
    for (const op of this.incidentOps) if (op.id === ours) op.id = theirs.id;
    for (const a of this.alertOps)
      if (a.alert.incidentId === ours) {
        a.alert.incidentId = theirs.id;
        if (a.alert.durationMs !== undefined) a.alert.durationMs += a.alert.startedAt - theirs.startedAt;
        a.alert.startedAt = theirs.startedAt;
      }
  }

  private maybeHousekeeping(now: number): void {
    if (this.housekeeping) return;
    const rollupDue = now - this.lastRollup >= (this.options.rollupEveryMs ?? 60_000);
    const retentionDue = now - this.lastRetention >= (this.options.retentionEveryMs ?? 3_600_000);
    if (!rollupDue && !retentionDue) return;
    this.housekeeping = (async () => {
      try {
        if (rollupDue) {
          this.lastRollup = now;
          await this.store.rollUp(now);
        }
        if (retentionDue) {
          this.lastRetention = now;
          await this.store.applyRetention(now, this.options.settings.retention);
        }
      } catch (e) {
        this.noteStoreDown(e);
      }
    })().finally(() => {
      this.housekeeping = null;
    });
  }
}

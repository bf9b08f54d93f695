// Dynamic lock analysis in a sandbox: the migrations run in PGlite (PostgreSQL in WebAssembly) inside a child process
// with no access to the host's files, programs, network or database server. Tables are seeded before the statements
// that alter them and pg_locks is read while each statement's transaction is open. The child is killed when a
// statement runs past its time bound or the process grows past its memory bound, then restarted and brought back to
// the same schema by replaying the statements that completed. The user's database is only read (row counts).
import { type ChildProcess, fork } from 'node:child_process';
import { mkdir, readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { maskSqlSecrets } from '../../analyze/sql/mask-sql.js';
import type { MeasuredStatement, SandboxRun } from '../../facts/migrations.js';
import type { Redactor } from '../../mask.js';
import { withReadOnlySession } from './read-only-session.js';
import type { SandboxReply, SandboxRequest, SandboxStep, SeededTable } from './sandbox-protocol.js';

export interface SandboxStepInput extends SandboxStep {
  /** Index into the caller's statement list (-1: not kept). */
  key: number;
}

export interface SandboxOptions {
  /** Rows seeded per table (the cap when the real row count is known). */
  seedRows: number;
  /** Read-only: row counts of the real tables to seed in proportion. Never executes repository SQL. */
  databaseUrl: string | null;
  /** Per statement, wall clock (statement_timeout does not fire inside PGlite). */
  statementTimeoutMs: number;
  /** The whole run; statements after it are left unmeasured. */
  budgetMs: number;
  /** Resident memory of the sandbox process. */
  memoryLimitMb?: number;
  /**
   * Where the initialised data directory is cached when the build's prebuilt one (dist/pglite/) is missing or damaged.
   * Default: the user's cache directory. null: neither, initdb every run.
   */
  cachePath?: string | null;
  progress?(note: string): void;
  /** This run's: its secrets are masked in every error message the sandbox reports. */
  redactor: Redactor;
}

/** The sandbox process is restarted at most this many times (each restart replays the completed statements). */
const MAX_RESTARTS = 3;
const START_TIMEOUT_MS = 120_000;
const SEED_TIMEOUT_MS = 120_000;
const DEFAULT_MEMORY_MB = 1536;
/** Real tables whose row counts are read at most. */
const MAX_REAL_TABLES = 20_000;

// The tool manages transactions and timeouts itself.
const NOT_REPLAYED = new Set(['TransactionStmt']);
const SEED_KINDS = new Set(['AlterTableStmt', 'IndexStmt', 'RenameStmt', 'VacuumStmt', 'ClusterStmt', 'ReindexStmt', 'LockStmt']);

const CHILD = fileURLToPath(new URL(`./sandbox-child${extname(fileURLToPath(import.meta.url))}`, import.meta.url));

function message(error: unknown, redactor: Redactor): string {
  const text = String((error as Error)?.message ?? error).split('\n')[0] ?? 'error';
  return redactor.redact(maskSqlSecrets(text).text);
}

/** "PostgreSQL 18.1 (PGlite 0.5.17)" from version(). */
function engineName(version: string): string {
  return /^PostgreSQL [\d.]+(?: \([^)]*\))?/.exec(version)?.[0] ?? version.slice(0, 60);
}

/** The data directory made by the build (scripts/prebuilt-pglite.mjs), the same from src/ (tests) and from dist/. */
function prebuiltPath(version: string): string {
  return fileURLToPath(new URL(`../../../dist/pglite/pglite-${version.replace(/[^\w.-]/g, '_')}-data.tar.gz`, import.meta.url));
}

function defaultCachePath(version: string): string {
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'launchready', `pglite-${version.replace(/[^\w.-]/g, '_')}-data.tar`);
}

async function pgliteVersion(): Promise<string> {
  try {
    // the package does not export its package.json: it sits next to dist/
    const path = fileURLToPath(new URL('../package.json', import.meta.resolve('@electric-sql/pglite')));
    return String(JSON.parse(await readFile(path, 'utf8')).version ?? 'unknown');
  } catch {
    return 'unknown';
  }
}

class Stopped extends Error {}

// A child blocked inside WebAssembly never sees its IPC channel close: kill it when this process exits or is
// interrupted, then let the signal do what it would have done.
const live = new Set<ChildProcess>();
const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
function killLive(): void {
  for (const child of live) child.kill('SIGKILL');
  live.clear();
}
function onStopSignal(signal: NodeJS.Signals): void {
  killLive();
  for (const s of STOP_SIGNALS) process.removeListener(s, onStopSignal);
  process.kill(process.pid, signal);
}
function track(child: ChildProcess): void {
  if (live.size === 0) {
    process.once('exit', killLive);
    for (const s of STOP_SIGNALS) process.on(s, onStopSignal);
  }
  live.add(child);
  child.once('exit', () => {
    live.delete(child);
    if (live.size === 0) {
      process.removeListener('exit', killLive);
      for (const s of STOP_SIGNALS) process.removeListener(s, onStopSignal);
    }
  });
}

/** One sandbox process; every request is bounded in time and the process in memory. */
class SandboxProcess {
  private readonly child: ChildProcess;
  private stderr = '';
  private exited = false;
  private pending: { resolve(reply: SandboxReply): void; reject(error: Error): void; timeout(phase: 'seed' | 'statement'): number } | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly memoryTimer: NodeJS.Timeout;

  constructor(private readonly memoryLimitMb: number) {
    // no environment (nothing to leak), the loader flags (tsx in tests) but not an inspector port the parent holds
    const execArgv = process.execArgv.filter((a) => !a.startsWith('--inspect'));
    this.child = fork(CHILD, [], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'], env: {}, execArgv, serialization: 'json' });
    track(this.child);
    this.child.stderr?.on('data', (d: Buffer) => {
      this.stderr = (this.stderr + d.toString()).slice(-2000);
    });
    this.child.on('message', (raw) => {
      const reply = raw as SandboxReply;
      if (!this.pending) return;
      if (reply.op === 'phase') return this.arm(this.pending.timeout(reply.phase), `${reply.phase === 'seed' ? 'seeding' : 'the statement'} ran over`);
      const { resolve } = this.pending;
      this.settle();
      resolve(reply);
    });
    this.child.on('exit', (code, signal) => {
      this.exited = true;
      this.fail(new Stopped(`the sandbox process ended (${signal ?? `exit ${code}`})${this.stderr ? `: ${this.stderr.trim().split('\n').at(-1)}` : ''}`));
    });
    this.child.on('error', (error) => this.fail(new Stopped(`the sandbox process failed: ${error.message}`)));
    this.memoryTimer = setInterval(() => void this.checkMemory(), 200);
    this.memoryTimer.unref();
  }

  private async checkMemory(): Promise<void> {
    const pid = this.child.pid;
    if (!pid || this.exited) return;
    // Linux only; elsewhere the time bounds still apply
    const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    if (kb > this.memoryLimitMb * 1024) this.stop(`the sandbox grew past ${this.memoryLimitMb} MB of memory`);
  }

  private arm(ms: number, what: string): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.stop(`${what} the ${ms} ms bound`), ms);
  }

  private settle(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.pending = null;
  }

  private fail(error: Error): void {
    const pending = this.pending;
    this.settle();
    pending?.reject(error);
  }

  /** Kills the process (the only way to stop a statement running inside WebAssembly) and fails the request. */
  stop(reason: string): void {
    this.fail(new Stopped(reason));
    this.kill();
  }

  kill(): void {
    clearInterval(this.memoryTimer);
    if (!this.exited) this.child.kill('SIGKILL');
  }

  request(request: SandboxRequest, firstMs: number, timeout: (phase: 'seed' | 'statement') => number): Promise<SandboxReply> {
    return new Promise((resolve, reject) => {
      if (this.exited) return reject(new Stopped('the sandbox process is not running'));
      this.pending = { resolve, reject, timeout };
      this.arm(firstMs, 'the sandbox request ran over');
      this.child.send(request, (error) => {
        if (error) this.fail(new Stopped(`cannot reach the sandbox process: ${error.message}`));
      });
    });
  }
}

/** Row counts of the real tables, read-only: a read-only session that only SELECTs from catalog views. */
async function readRealRowCounts(databaseUrl: string, timeoutMs: number): Promise<Map<string, number>> {
  return withReadOnlySession(databaseUrl, timeoutMs, async (client) => {
    const { rows } = await client.query(
      `SELECT n.nspname, c.relname, c.reltuples::float8 AS reltuples, s.n_live_tup::float8 AS live
         FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
         LEFT JOIN pg_catalog.pg_stat_user_tables s ON s.relid = c.oid
        WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
        LIMIT ${MAX_REAL_TABLES}`,
    );
    const counts = new Map<string, number>();
    for (const r of rows) {
      // reltuples is -1 before the first VACUUM/ANALYZE: the statistics collector's live count then
      const estimate = Number(r.reltuples) >= 0 ? Number(r.reltuples) : Number(r.live ?? 0);
      counts.set(r.nspname === 'public' ? String(r.relname) : `${r.nspname}.${r.relname}`, Math.max(0, Math.round(estimate)));
    }
    return counts;
  });
}

function unmeasured(reason: string, ms = 0): MeasuredStatement {
  return { locks: [], ms, rows: null, error: null, observedBy: 'none', skipped: reason };
}

/** Runs the steps in the sandbox. Never throws; the sandbox process is always killed. */
export async function measureInSandbox(steps: SandboxStepInput[], options: SandboxOptions): Promise<{ run: SandboxRun; measured: Map<number, MeasuredStatement> }> {
  const started = Date.now();
  const run: SandboxRun = {
    engine: null,
    seedRows: options.seedRows,
    rowCounts: options.databaseUrl ? 'database-url' : 'seed-rows',
    seeded: [],
    statementsRun: 0,
    restarts: 0,
    startMs: null,
    durationMs: 0,
    error: null,
  };
  const measured = new Map<number, MeasuredStatement>();
  const targets: Record<string, number> = {};
  if (options.databaseUrl) {
    options.progress?.('reading table sizes from the database (read-only)');
    try {
      const counts = await readRealRowCounts(options.databaseUrl, Math.min(options.statementTimeoutMs, 30_000));
      // seed in proportion to the real table, capped by --seed-rows
      for (const [table, rows] of counts) targets[table] = Math.min(rows, options.seedRows);
    } catch (error) {
      run.rowCounts = 'seed-rows';
      run.rowCountsError = message(error, options.redactor);
    }
  }
  const memoryLimitMb = options.memoryLimitMb ?? DEFAULT_MEMORY_MB;
  const pglite = await pgliteVersion();
  const cachePath = options.cachePath === undefined ? defaultCachePath(pglite) : options.cachePath;
  if (cachePath) await mkdir(join(cachePath, '..'), { recursive: true, mode: 0o700 }).catch(() => {});
  const stepBound = (phase: 'seed' | 'statement') => (phase === 'seed' ? Math.max(SEED_TIMEOUT_MS, options.statementTimeoutMs) : options.statementTimeoutMs);
  const completed: SandboxStepInput[] = [];
  let child: SandboxProcess | null = null;

  const send = (proc: SandboxProcess, step: SandboxStep) => proc.request({ op: 'step', step, targets, fallbackRows: options.seedRows }, options.statementTimeoutMs, stepBound);

  /** A new sandbox brought to the schema the completed statements left (their results are not kept again). */
  const launch = async (): Promise<SandboxProcess> => {
    const proc = new SandboxProcess(memoryLimitMb);
    try {
      const ready = await proc.request(
        { op: 'start', prebuiltPath: options.cachePath === null ? null : prebuiltPath(pglite), cachePath },
        START_TIMEOUT_MS,
        () => START_TIMEOUT_MS,
      );
      if (ready.op !== 'ready') throw new Error(ready.op === 'failed' ? ready.message : 'the sandbox did not start');
      run.engine ??= engineName(ready.version);
      run.startMs ??= ready.ms;
      run.dataDir ??= ready.cache === 'prebuilt' ? 'prebuilt' : ready.cache === 'loaded' ? 'cache' : 'initdb';
      if (completed.length > 0) options.progress?.(`restarting the sandbox: replaying ${completed.length} statements`);
      for (const step of completed) {
        if (Date.now() - started > options.budgetMs) throw new Error('time budget used up while replaying');
        const reply = await send(proc, step);
        if (reply.op !== 'result' || !reply.healthy) throw new Error('a statement that ran before failed on replay');
      }
      return proc;
    } catch (error) {
      proc.kill();
      throw error;
    }
  };

  try {
    for (const step of steps) {
      if (NOT_REPLAYED.has(step.kind)) continue;
      if (/^\s*(SET|RESET)\s+(LOCAL\s+|SESSION\s+)?(lock_timeout|statement_timeout)\b/i.test(step.text)) continue;
      if (run.error) {
        measured.set(step.key, unmeasured(`the sandbox stopped earlier: ${run.error.message}`));
        continue;
      }
      if (step.kind === 'CopyStmt' && /\bPROGRAM\b/i.test(step.text)) {
        // PGlite cannot start programs, and trying leaves it unresponsive: not worth a restart
        measured.set(step.key, unmeasured('COPY ... PROGRAM starts a program: not run in the sandbox'));
        continue;
      }
      if (Date.now() - started > options.budgetMs) {
        measured.set(step.key, unmeasured('time budget for the sandbox run used up'));
        continue;
      }
      if (!child) {
        if (run.restarts > MAX_RESTARTS) {
          measured.set(step.key, unmeasured(`the sandbox was restarted ${MAX_RESTARTS} times: later statements not measured`));
          continue;
        }
        try {
          options.progress?.('starting the migrations sandbox (PGlite)');
          child = await launch();
        } catch (error) {
          run.error = { code: completed.length > 0 ? 'SANDBOX_REPLAY_FAILED' : 'SANDBOX_START_FAILED', message: message(error, options.redactor) };
          measured.set(step.key, unmeasured(`the sandbox stopped earlier: ${run.error.message}`));
          continue;
        }
      }
      const seed = SEED_KINDS.has(step.kind) && step.tables.length > 0;
      if (seed) options.progress?.(`measuring ${step.kind} on ${step.tables.join(', ')}`);
      const t0 = Date.now();
      let reply: SandboxReply;
      try {
        reply = await send(child, { ...step, seed });
      } catch (error) {
        // a statement that runs forever or grows without bound: stopped, and the sandbox restarts for the next one
        child.kill();
        child = null;
        run.restarts++;
        run.statementsRun++;
        measured.set(step.key, { locks: [], ms: Date.now() - t0, rows: null, error: `stopped: ${message(error, options.redactor)}`, observedBy: 'none' });
        continue;
      }
      if (reply.op !== 'result') {
        measured.set(step.key, {
          locks: [],
          ms: Date.now() - t0,
          rows: null,
          error: reply.op === 'failed' ? message(reply.message, options.redactor) : 'no result',
          observedBy: 'none',
        });
        continue;
      }
      run.statementsRun++;
      run.seeded.push(...reply.seeded.map((s: SeededTable) => ({ ...s, error: s.error === null ? null : message(s.error, options.redactor) })));
      if (!reply.healthy) {
        child.kill();
        child = null;
        run.restarts++;
        measured.set(step.key, { locks: [], ms: reply.measured.ms, rows: null, error: 'the statement left the sandbox unresponsive: not measured', observedBy: 'none' });
        continue;
      }
      completed.push({ ...step, seed });
      measured.set(step.key, { ...reply.measured, error: reply.measured.error === null ? null : message(reply.measured.error, options.redactor) });
    }
  } finally {
    child?.kill();
    run.durationMs = Date.now() - started;
  }
  return { run, measured };
}

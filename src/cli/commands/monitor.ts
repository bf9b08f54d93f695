// `launchready monitor`: the long-running watcher (or one round with --once) over the monitor store.
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { loadConfig, UsageError } from '../../config/load.js';
import type { Redactor } from '../../mask.js';
import { AlertDispatcher } from '../../monitor/alerts/dispatcher.js';
import { createSender } from '../../monitor/alerts/senders.js';
import { MonitorConfigError } from '../../monitor/config.js';
import { resolveMonitors } from '../../monitor/monitors.js';
import { ProbeNet } from '../../monitor/probes.js';
import { isPostgresLocation } from '../../monitor/store/sql.js';
import { MonitorStore } from '../../monitor/store/store.js';
import { type MonitorStatus, MonitorWorker } from '../../monitor/worker.js';
import { cleanLine } from '../../terminal-text.js';
import { type CommandSpec, checkFlagValues, flagsOrHelp, optionalString, positiveInt } from '../args.js';
import type { CliIo } from '../io.js';
import { CONFIG_OPTION, NETWORK_OPTIONS, netOptionsFrom } from '../shared-options.js';

export const DEFAULT_STORE = '.launchready/monitor.db';

export const monitorSpec: CommandSpec = {
  name: 'monitor',
  summary: 'watch routes, certificates, DNS and heartbeats with alerts, history and a dashboard',
  usage: 'launchready monitor [--config FILE] [--once] [--store PATH|postgres://URL] [--listen HOST:PORT] [--worker NAME]',
  options: [
    CONFIG_OPTION,
    { name: 'once', type: 'boolean', description: "one round: check every monitor, print each one's state, exit 1 when any is down" },
    {
      name: 'store',
      type: 'string',
      value: 'PATH|URL',
      description: `SQLite file (default ${DEFAULT_STORE}) or a postgres:// URL shared by every monitor process pointed at it`,
    },
    { name: 'listen', type: 'string', value: 'HOST:PORT', description: 'serve the dashboard, JSON API, /metrics, /status and /heartbeat/NAME' },
    { name: 'worker', type: 'string', value: 'NAME', description: "this worker's name in the store (default HOST-PID)" },
    ...NETWORK_OPTIONS,
  ],
  notes: [
    'Monitors: monitor.monitors of the config, plus one for app.canonical and one per `critical: true` route.',
    'SIGTERM or SIGINT finishes the checks in flight, writes buffered results and exits 0.',
    'The dashboard and API need LAUNCHREADY_MONITOR_TOKEN (Authorization: Bearer, or the login form).',
    'Exit codes: 0 stopped cleanly (--once: every monitor up); 1 --once: a monitor is down; 2 bad usage, bad config or the store cannot be opened.',
    'Examples:\n  launchready monitor --once\n  launchready monitor --listen 127.0.0.1:8080\n  launchready monitor --store postgres://monitor@db/launchready --worker eu-1',
  ],
};

export function parseListen(text: string): { host: string; port: number } {
  const m = /^(\[[0-9a-fA-F:.]+\]|[^:[\]]+):(\d{1,5})$/.exec(text.trim());
  const port = m ? Number(m[2]) : Number.NaN;
  if (!m || !(port >= 0 && port <= 65535)) throw new UsageError(`--listen expects HOST:PORT, got "${cleanLine(text).slice(0, 80)}"`, 'for example --listen 127.0.0.1:8080');
  return { host: m[1]!.replace(/^\[|\]$/g, ''), port };
}

type StartServer = (opts: {
  store: MonitorStore;
  monitors: unknown;
  listen: { host: string; port: number };
  token: string | null;
  metricsToken: string | null;
  log: (line: string) => void;
}) => Promise<{ url: string; close(): Promise<void> }>;

/** The dashboard server, when this build has it. */
async function loadServer(): Promise<StartServer | null> {
  const path = '../../monitor/web/server.js';
  try {
    const mod = (await import(path)) as { startMonitorServer?: StartServer };
    return mod.startMonitorServer ?? null;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND') return null;
    throw e;
  }
}

function formatStatus(rows: MonitorStatus[]): string {
  const width = Math.min(40, Math.max(7, ...rows.map((r) => r.name.length)));
  const lines = rows.map((r) => {
    const detail = r.passed
      ? `ok${r.responseMs !== null ? ` in ${Math.round(r.responseMs)} ms` : ''}`
      : r.passed === false
        ? (r.error ?? 'failed')
        : 'not checked (the store was unreachable)';
    const state = r.status === 'unknown' && r.passed === false ? 'failing' : r.status;
    return `${r.name.padEnd(width)}  ${state.padEnd(7)}  ${r.type.padEnd(9)}  ${cleanLine(detail).slice(0, 160)}`;
  });
  const down = rows.filter((r) => r.status === 'down').length;
  lines.push(`${rows.length} monitor${rows.length === 1 ? '' : 's'}: ${rows.length - down} up, ${down} down`);
  return `${lines.join('\n')}\n`;
}

export async function monitorCommand(argv: string[], io: CliIo, redactor: Redactor, options: { signal?: AbortSignal } = {}): Promise<number> {
  const values = flagsOrHelp(monitorSpec, argv, io.stdout);
  if (!values) return 0;
  checkFlagValues(values, io.cwd);
  const once = values.once === true;
  const listenText = optionalString(values.listen);
  if (once && listenText) throw new UsageError('--once and --listen do not go together', 'serve the dashboard from the long-running `launchready monitor --listen`');
  const listen = listenText ? parseListen(listenText) : null;
  const workerName = optionalString(values.worker) ?? `${hostname()}-${process.pid}`;
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(workerName))
    throw new UsageError(`--worker "${cleanLine(workerName).slice(0, 80)}" is not a valid name`, 'use letters, digits, dot, dash or underscore');
  const storeText = optionalString(values.store) ?? DEFAULT_STORE;
  const storeLocation = isPostgresLocation(storeText) ? storeText : resolve(io.cwd, storeText);
  if (isPostgresLocation(storeText)) redactor.add(storeText);
  const net = netOptionsFrom(values, io);
  if (values.concurrency === undefined) net.concurrency = 64;
  const timeoutFlag = positiveInt(optionalString(values.timeout), '--timeout');
  const { config } = loadConfig(optionalString(values.config), io.cwd, io.env, redactor);
  let resolved: ReturnType<typeof resolveMonitors>;
  try {
    resolved = resolveMonitors(config);
  } catch (error) {
    if (error instanceof MonitorConfigError)
      throw new UsageError(`invalid config: ${error.problems.join('; ')}`, `fix ${error.problems.length === 1 ? 'that monitor key' : 'those monitor keys'} (docs/monitor.md)`);
    throw error;
  }
  const { settings, monitors } = resolved;
  if (monitors.length === 0)
    throw new UsageError('nothing to monitor: no app.canonical and no monitor.monitors in the config', 'set app.canonical or declare monitors (docs/monitor.md)');
  if (timeoutFlag !== undefined) for (const m of monitors) m.timeoutMs = Math.min(m.timeoutMs, timeoutFlag);
  for (const a of settings.alerts) for (const [k, v] of Object.entries(a)) if (typeof v === 'string' && ['url', 'secret', 'smtp', 'routingKey'].includes(k)) redactor.add(v);
  const log = (line: string) => io.stderr.write(`${cleanLine(redactor.redact(line))}\n`);

  let store: MonitorStore;
  try {
    store = await MonitorStore.open(storeLocation, (e) => log(`monitor: store connection lost (${e.message.split('\n')[0]}); reconnecting`));
  } catch (error) {
    throw new UsageError(
      `--store: cannot open ${isPostgresLocation(storeText) ? 'the PostgreSQL store' : storeLocation}: ${String((error as Error).message).split('\n')[0]}`,
      'check the path or URL',
    );
  }
  const dispatcher = new AlertDispatcher(
    settings.alerts.map((a) => createSender(a, { smtpCa: net.extraCaPem })),
    { log, ...(once ? { retry: { maxTotalMs: 30_000, maxAttempts: 4 } } : {}) },
  );
  const probeNet = new ProbeNet(net);
  let server: { url: string; close(): Promise<void> } | null = null;
  try {
    if (listen) {
      const start = await loadServer();
      if (!start) throw new UsageError('--listen: the dashboard server is not part of this build', 'run without --listen');
      server = await start({
        store,
        monitors,
        listen,
        token: io.env.LAUNCHREADY_MONITOR_TOKEN || null,
        metricsToken: settings.metricsToken,
        log,
      });
      log(`monitor: dashboard on ${server.url}`);
    }
    const worker = new MonitorWorker({
      store,
      settings,
      monitors,
      worker: workerName,
      net: probeNet,
      dispatcher,
      dashboardUrl: server?.url ?? io.env.LAUNCHREADY_DASHBOARD_URL ?? '',
      log,
    });
    if (once) {
      const rows = await worker.runOnce();
      await drainAlerts(dispatcher, 35_000);
      io.stdout.write(redactor.redact(formatStatus(rows)));
      return rows.some((r) => r.status === 'down') ? 1 : 0;
    }
    await worker.start();
    log(
      `monitor: worker ${workerName} watching ${monitors.length} monitor${monitors.length === 1 ? '' : 's'} (store: ${isPostgresLocation(storeText) ? 'PostgreSQL' : storeLocation})`,
    );
    await new Promise<void>((done) => {
      const stop = () => {
        process.removeListener('SIGTERM', stop);
        process.removeListener('SIGINT', stop);
        done();
      };
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);
      if (options.signal?.aborted) stop();
      options.signal?.addEventListener('abort', stop, { once: true });
    });
    log('monitor: stopping: finishing the checks in flight');
    const flushed = await worker.stop();
    if (!flushed) log(`monitor: ${worker.buffered} buffered writes could not reach the store before exit`);
    await drainAlerts(dispatcher, 10_000);
    log('monitor: stopped');
    return 0;
  } finally {
    await server?.close().catch(() => undefined);
    await store.close().catch(() => undefined);
  }
}

/**
 * Wait for queued alerts, at most boundMs. The bound's timer keeps the event loop alive: the dispatcher's retry sleeps
 * are unref'd, so with only those pending Node would exit with code 13 (unsettled top-level await) and print nothing.
 */
async function drainAlerts(dispatcher: AlertDispatcher, boundMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([dispatcher.drain(), new Promise((r) => (timer = setTimeout(r, boundMs)))]);
  } finally {
    clearTimeout(timer);
  }
}

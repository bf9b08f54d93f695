// /metrics in the Prometheus text exposition format (version 0.0.4): one gauge family per line group, label values
// escaped (backslash, double quote, newline) since monitor names are config.
import { type MonitorSummary, WINDOW_NAMES } from './data.js';

export const METRICS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

const labels = (pairs: Record<string, string>) =>
  `{${Object.entries(pairs)
    .map(([k, v]) => `${k}="${escapeLabel(v)}"`)
    .join(',')}}`;

const value = (v: number) => (Number.isFinite(v) ? String(Math.round(v * 1e6) / 1e6) : v > 0 ? '+Inf' : v < 0 ? '-Inf' : 'NaN');

export function renderMetrics(monitors: readonly MonitorSummary[]): string {
  const out: string[] = [];
  const family = (name: string, help: string, rows: [Record<string, string>, number][]) => {
    out.push(`# HELP ${name} ${help}`, `# TYPE ${name} gauge`);
    for (const [l, v] of rows) out.push(`${name}${labels(l)} ${value(v)}`);
  };
  const id = (m: MonitorSummary) => ({ monitor: m.name, type: m.type });
  family(
    'launchready_monitor_up',
    '1 when the monitor is up, 0 when an incident is open or the last check failed (no sample without any check).',
    monitors.filter((m) => m.state !== 'unknown').map((m) => [id(m), m.state === 'up' ? 1 : 0]),
  );
  family(
    'launchready_monitor_incident_open',
    '1 while the monitor has an open incident.',
    monitors.map((m) => [id(m), m.openIncident ? 1 : 0]),
  );
  family(
    'launchready_monitor_response_seconds',
    'Response time of the last check, in seconds.',
    monitors.filter((m) => m.lastResponseMs !== null).map((m) => [id(m), m.lastResponseMs! / 1000]),
  );
  family(
    'launchready_monitor_last_check_timestamp_seconds',
    'When the last check ran (Unix time).',
    monitors.filter((m) => m.lastCheckAt !== null).map((m) => [id(m), m.lastCheckAt! / 1000]),
  );
  family(
    'launchready_monitor_uptime_ratio',
    'Share of passed checks over the window (0..1).',
    monitors.flatMap((m) => WINDOW_NAMES.filter((w) => m.uptime[w]?.ratio != null).map((w): [Record<string, string>, number] => [{ ...id(m), window: w }, m.uptime[w]!.ratio!])),
  );
  family(
    'launchready_monitor_checks',
    'Checks counted over the window.',
    monitors.flatMap((m) => WINDOW_NAMES.map((w): [Record<string, string>, number] => [{ ...id(m), window: w }, m.uptime[w]?.checks ?? 0])),
  );
  family(
    'launchready_monitor_cert_expiry_timestamp_seconds',
    'notAfter of the certificate seen by the last tls check (Unix time).',
    monitors.filter((m) => m.certExpiresAt !== null).map((m) => [id(m), m.certExpiresAt! / 1000]),
  );
  family(
    'launchready_monitor_heartbeat_last_timestamp_seconds',
    'When the last heartbeat arrived (Unix time).',
    monitors.filter((m) => m.lastHeartbeatAt !== null).map((m) => [id(m), m.lastHeartbeatAt! / 1000]),
  );
  return `${out.join('\n')}\n`;
}

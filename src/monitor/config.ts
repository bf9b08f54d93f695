// The `monitor:` block of launchready.yml as the contract writes it, and its validation into resolved settings.
// Kept here until the config layer takes it over; every error names the key path (and the monitor) that is wrong.
import { type Condition, ConditionError, type MonitorType, parseCondition } from './conditions.js';
import { parseDurationMs } from './duration.js';

/** `monitor.monitors[]` as written in the config. */
export interface MonitorEntryConfig {
  name: string;
  type: MonitorType;
  url?: string;
  host?: string;
  port?: number;
  record?: string;
  every?: string;
  grace?: string;
  interval?: string;
  timeout?: string;
  failAfter?: number;
  recoverAfter?: number;
  conditions?: string[];
  public?: boolean;
}

export type MonitorAlertConfig =
  | { type: 'webhook'; url: string; secret?: string }
  | { type: 'slack'; url: string }
  | { type: 'email'; to: string; smtp: string; from?: string }
  | { type: 'pagerduty'; routingKey: string; url?: string }
  | { type: 'ntfy'; url: string };

export interface MaintenanceWindowConfig {
  start: string;
  end: string;
  monitors?: string[];
}

/** `monitor:` as written in the config (contract, *launchready monitor*). */
export interface MonitorSectionConfig {
  interval?: string;
  timeout?: string;
  failAfter?: number;
  recoverAfter?: number;
  reminders?: string;
  retention?: { raw?: string; minute?: string; hour?: string };
  maintenance?: MaintenanceWindowConfig[];
  monitors?: MonitorEntryConfig[];
  alerts?: MonitorAlertConfig[];
  metricsToken?: string;
}

export interface MonitorDefinition {
  name: string;
  type: MonitorType;
  url?: string;
  host?: string;
  port?: number;
  record?: string;
  intervalMs: number;
  timeoutMs: number;
  failAfter: number;
  recoverAfter: number;
  conditions: Condition[];
  public: boolean;
  /** heartbeat: expected period and the slack allowed on top of it. */
  everyMs?: number;
  graceMs?: number;
  /** http: request method, headers (may hold secrets: never logged) and body; GET without either by default. */
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** Declared in monitor.monitors, or made for the canonical URL / a critical route. */
  origin?: 'config' | 'canonical' | 'route';
}

export interface MaintenanceWindow {
  startMs: number;
  endMs: number;
  /** Monitor names; "*" is every monitor. */
  monitors: string[];
}

export interface RetentionSettings {
  rawMs: number;
  minuteMs: number;
  hourMs: number;
}

export interface MonitorSettings {
  intervalMs: number;
  timeoutMs: number;
  failAfter: number;
  recoverAfter: number;
  /** 0: no reminders. */
  remindersMs: number;
  retention: RetentionSettings;
  maintenance: MaintenanceWindow[];
  monitors: MonitorDefinition[];
  alerts: MonitorAlertConfig[];
  metricsToken: string | null;
}

export const MONITOR_DEFAULTS = {
  intervalMs: 30_000,
  timeoutMs: 10_000,
  failAfter: 2,
  recoverAfter: 1,
  remindersMs: 3_600_000,
  retention: { rawMs: 7 * 86_400_000, minuteMs: 30 * 86_400_000, hourMs: 400 * 86_400_000 },
} as const;

/** Every problem found in the `monitor:` block, one line each. */
export class MonitorConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid monitor config:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

const SECTION_KEYS = ['interval', 'timeout', 'failAfter', 'recoverAfter', 'reminders', 'retention', 'maintenance', 'monitors', 'alerts', 'metricsToken'];
const ENTRY_KEYS: Record<MonitorType, string[]> = {
  http: ['url'],
  tls: ['host', 'port'],
  dns: ['host', 'record'],
  tcp: ['host', 'port'],
  heartbeat: ['every', 'grace'],
};
const COMMON_ENTRY_KEYS = ['name', 'type', 'interval', 'timeout', 'failAfter', 'recoverAfter', 'conditions', 'public'];
const ALERT_KEYS: Record<MonitorAlertConfig['type'], { required: string[]; optional: string[] }> = {
  webhook: { required: ['url'], optional: ['secret'] },
  slack: { required: ['url'], optional: [] },
  email: { required: ['to', 'smtp'], optional: ['from'] },
  pagerduty: { required: ['routingKey'], optional: ['url'] },
  ntfy: { required: ['url'], optional: [] },
};
const DNS_RECORDS = ['A', 'AAAA', 'CNAME', 'MX', 'TXT', 'NS', 'CAA', 'SOA', 'SRV'];
const MONITOR_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const MAX_MONITORS = 10_000;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

class Validator {
  readonly problems: string[] = [];

  problem(path: string, message: string): void {
    this.problems.push(`${path}: ${message}`);
  }

  unknownKeys(path: string, value: Record<string, unknown>, allowed: string[]): void {
    for (const key of Object.keys(value)) if (!allowed.includes(key)) this.problem(`${path}.${key}`, `unknown key (expected one of ${allowed.join(', ')})`);
  }

  duration(path: string, value: unknown, fallback: number, opts: { allowZero?: boolean } = {}): number {
    if (value === undefined) return fallback;
    if (typeof value !== 'string') {
      this.problem(path, `expected a duration string such as 30s, 5m, 1h or 14d, got ${JSON.stringify(value)}`);
      return fallback;
    }
    if (opts.allowZero && value.trim() === '0') return 0;
    const ms = parseDurationMs(value);
    if (ms === null || (ms === 0 && !opts.allowZero)) {
      this.problem(path, `expected a duration such as 30s, 5m, 1h or 14d, got "${value}"`);
      return fallback;
    }
    return ms;
  }

  count(path: string, value: unknown, fallback: number): number {
    if (value === undefined) return fallback;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 1000) {
      this.problem(path, `expected an integer from 1 to 1000, got ${JSON.stringify(value)}`);
      return fallback;
    }
    return value;
  }

  string(path: string, value: unknown, required: boolean): string | undefined {
    if (value === undefined) {
      if (required) this.problem(path, 'required');
      return undefined;
    }
    if (typeof value !== 'string' || value.trim() === '') {
      this.problem(path, `expected a non-empty string, got ${JSON.stringify(value)}`);
      return undefined;
    }
    return value;
  }

  url(path: string, value: unknown, schemes: string[]): string | undefined {
    const text = this.string(path, value, true);
    if (text === undefined) return undefined;
    let parsed: URL;
    try {
      parsed = new URL(text);
    } catch {
      // the value may carry a secret (${VAR}): never echo it
      this.problem(path, 'not a valid URL');
      return undefined;
    }
    if (!schemes.includes(parsed.protocol)) this.problem(path, `expected a ${schemes.join(' or ')} URL, got ${parsed.protocol}`);
    return text;
  }
}

function parseEntry(
  v: Validator,
  path: string,
  raw: unknown,
  section: { intervalMs: number; timeoutMs: number; failAfter: number; recoverAfter: number },
): MonitorDefinition | null {
  if (!isRecord(raw)) {
    v.problem(path, 'expected a mapping with name and type');
    return null;
  }
  const name = v.string(`${path}.name`, raw.name, true);
  if (name !== undefined && !MONITOR_NAME.test(name)) v.problem(`${path}.name`, `"${name}" must be 1-64 letters, digits, dot, dash or underscore`);
  const label = name ? `${path} (${name})` : path;
  const type = raw.type;
  if (typeof type !== 'string' || !(type in ENTRY_KEYS)) {
    v.problem(`${label}.type`, `expected one of ${Object.keys(ENTRY_KEYS).join(', ')}, got ${JSON.stringify(type)}`);
    return null;
  }
  const monitorType = type as MonitorType;
  v.unknownKeys(label, raw, [...COMMON_ENTRY_KEYS, ...ENTRY_KEYS[monitorType]]);
  const def: MonitorDefinition = {
    name: name ?? '',
    type: monitorType,
    intervalMs: v.duration(`${label}.interval`, raw.interval, section.intervalMs),
    timeoutMs: v.duration(`${label}.timeout`, raw.timeout, section.timeoutMs),
    failAfter: v.count(`${label}.failAfter`, raw.failAfter, section.failAfter),
    recoverAfter: v.count(`${label}.recoverAfter`, raw.recoverAfter, section.recoverAfter),
    conditions: [],
    public: false,
  };
  if (raw.public !== undefined) {
    if (typeof raw.public !== 'boolean') v.problem(`${label}.public`, `expected true or false, got ${JSON.stringify(raw.public)}`);
    else def.public = raw.public;
  }
  if (monitorType === 'http') {
    const url = v.url(`${label}.url`, raw.url, ['http:', 'https:']);
    if (url) def.url = url;
  } else if (monitorType === 'heartbeat') {
    def.everyMs = v.duration(`${label}.every`, raw.every, 0);
    if (raw.every === undefined) v.problem(`${label}.every`, 'required (how often the job calls /heartbeat/NAME)');
    def.graceMs = v.duration(`${label}.grace`, raw.grace, 0, { allowZero: true });
  } else {
    const host = v.string(`${label}.host`, raw.host, true);
    if (host) def.host = host;
    if (monitorType === 'dns') {
      const record = raw.record === undefined ? 'A' : raw.record;
      if (typeof record !== 'string' || !DNS_RECORDS.includes(record.toUpperCase())) v.problem(`${label}.record`, `expected one of ${DNS_RECORDS.join(', ')}`);
      else def.record = record.toUpperCase();
    } else {
      const fallbackPort = monitorType === 'tls' ? 443 : undefined;
      const port = raw.port ?? fallbackPort;
      if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535)
        v.problem(`${label}.port`, `expected a port from 1 to 65535, got ${JSON.stringify(raw.port)}`);
      else def.port = port;
    }
  }
  if (def.timeoutMs > def.intervalMs && monitorType !== 'heartbeat') v.problem(`${label}.timeout`, 'must not be longer than the interval');
  if (raw.conditions !== undefined) {
    if (!Array.isArray(raw.conditions)) v.problem(`${label}.conditions`, 'expected a list of conditions');
    else if (monitorType === 'heartbeat' && raw.conditions.length > 0)
      v.problem(`${label}.conditions`, 'a heartbeat monitor takes no conditions (it fails when no heartbeat arrives in every + grace)');
    else
      raw.conditions.forEach((c, i) => {
        if (typeof c !== 'string') {
          v.problem(`${label}.conditions[${i}]`, `expected a string such as "status == 200", got ${JSON.stringify(c)}`);
          return;
        }
        try {
          def.conditions.push(parseCondition(c, monitorType));
        } catch (e) {
          if (!(e instanceof ConditionError)) throw e;
          v.problem(`${label}.conditions[${i}]`, `"${c.length > 120 ? `${c.slice(0, 117)}...` : c}": ${e.message}`);
        }
      });
  }
  return def;
}

function parseAlert(v: Validator, path: string, raw: unknown): MonitorAlertConfig | null {
  if (!isRecord(raw)) {
    v.problem(path, 'expected a mapping with a type');
    return null;
  }
  const type = raw.type;
  if (typeof type !== 'string' || !(type in ALERT_KEYS)) {
    v.problem(`${path}.type`, `expected one of ${Object.keys(ALERT_KEYS).join(', ')}, got ${JSON.stringify(type)}`);
    return null;
  }
  const keys = ALERT_KEYS[type as MonitorAlertConfig['type']];
  v.unknownKeys(path, raw, ['type', ...keys.required, ...keys.optional]);
  const before = v.problems.length;
  switch (type) {
    case 'webhook':
    case 'slack':
    case 'ntfy':
      v.url(`${path}.url`, raw.url, ['http:', 'https:']);
      if (type === 'webhook' && raw.secret !== undefined) v.string(`${path}.secret`, raw.secret, false);
      break;
    case 'email':
      v.string(`${path}.to`, raw.to, true);
      v.url(`${path}.smtp`, raw.smtp, ['smtp:', 'smtps:']);
      if (raw.from !== undefined) v.string(`${path}.from`, raw.from, false);
      break;
    case 'pagerduty':
      v.string(`${path}.routingKey`, raw.routingKey, true);
      if (raw.url !== undefined) v.url(`${path}.url`, raw.url, ['http:', 'https:']);
      break;
  }
  return v.problems.length === before ? (raw as unknown as MonitorAlertConfig) : null;
}

function parseWindow(v: Validator, path: string, raw: unknown): MaintenanceWindow | null {
  if (!isRecord(raw)) {
    v.problem(path, 'expected a mapping with start and end');
    return null;
  }
  v.unknownKeys(path, raw, ['start', 'end', 'monitors']);
  const at = (key: 'start' | 'end'): number | null => {
    const text = raw[key];
    const ms = typeof text === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/.test(text) ? Date.parse(text) : Number.NaN;
    if (Number.isNaN(ms)) {
      v.problem(`${path}.${key}`, `expected an ISO-8601 time with a zone such as 2026-12-24T22:00:00Z, got ${JSON.stringify(text)}`);
      return null;
    }
    return ms;
  };
  const startMs = at('start');
  const endMs = at('end');
  let monitors = ['*'];
  if (raw.monitors !== undefined) {
    if (!Array.isArray(raw.monitors) || raw.monitors.some((m) => typeof m !== 'string')) v.problem(`${path}.monitors`, 'expected a list of monitor names or "*"');
    else monitors = raw.monitors as string[];
  }
  if (startMs === null || endMs === null) return null;
  if (endMs <= startMs) {
    v.problem(`${path}.end`, 'must be after start');
    return null;
  }
  return { startMs, endMs, monitors };
}

/** Validate and resolve `monitor:`; throws MonitorConfigError listing every problem. */
export function parseMonitorSection(raw: unknown): MonitorSettings {
  const v = new Validator();
  const section = raw === undefined || raw === null ? {} : raw;
  if (!isRecord(section)) throw new MonitorConfigError(['monitor: expected a mapping']);
  v.unknownKeys('monitor', section, SECTION_KEYS);
  const intervalMs = v.duration('monitor.interval', section.interval, MONITOR_DEFAULTS.intervalMs);
  const timeoutMs = v.duration('monitor.timeout', section.timeout, MONITOR_DEFAULTS.timeoutMs);
  const failAfter = v.count('monitor.failAfter', section.failAfter, MONITOR_DEFAULTS.failAfter);
  const recoverAfter = v.count('monitor.recoverAfter', section.recoverAfter, MONITOR_DEFAULTS.recoverAfter);
  const remindersMs = v.duration('monitor.reminders', section.reminders, MONITOR_DEFAULTS.remindersMs, { allowZero: true });
  const retention = { ...MONITOR_DEFAULTS.retention };
  if (section.retention !== undefined) {
    if (!isRecord(section.retention)) v.problem('monitor.retention', 'expected a mapping with raw, minute, hour');
    else {
      v.unknownKeys('monitor.retention', section.retention, ['raw', 'minute', 'hour']);
      retention.rawMs = v.duration('monitor.retention.raw', section.retention.raw, retention.rawMs);
      retention.minuteMs = v.duration('monitor.retention.minute', section.retention.minute, retention.minuteMs);
      retention.hourMs = v.duration('monitor.retention.hour', section.retention.hour, retention.hourMs);
    }
  }
  const maintenance: MaintenanceWindow[] = [];
  if (section.maintenance !== undefined) {
    if (!Array.isArray(section.maintenance)) v.problem('monitor.maintenance', 'expected a list of { start, end, monitors }');
    else
      section.maintenance.forEach((w, i) => {
        const window = parseWindow(v, `monitor.maintenance[${i}]`, w);
        if (window) maintenance.push(window);
      });
  }
  const monitors: MonitorDefinition[] = [];
  if (section.monitors !== undefined) {
    if (!Array.isArray(section.monitors)) v.problem('monitor.monitors', 'expected a list of monitors');
    else if (section.monitors.length > MAX_MONITORS) v.problem('monitor.monitors', `at most ${MAX_MONITORS} monitors`);
    else {
      const seen = new Set<string>();
      section.monitors.forEach((m, i) => {
        const def = parseEntry(v, `monitor.monitors[${i}]`, m, { intervalMs, timeoutMs, failAfter, recoverAfter });
        if (!def) return;
        if (def.name && seen.has(def.name)) v.problem(`monitor.monitors[${i}].name`, `"${def.name}" is used by another monitor`);
        seen.add(def.name);
        monitors.push(def);
      });
    }
  }
  const alerts: MonitorAlertConfig[] = [];
  if (section.alerts !== undefined) {
    if (!Array.isArray(section.alerts)) v.problem('monitor.alerts', 'expected a list of alert channels');
    else
      section.alerts.forEach((a, i) => {
        const alert = parseAlert(v, `monitor.alerts[${i}]`, a);
        if (alert) alerts.push(alert);
      });
  }
  const metricsToken = section.metricsToken === undefined ? null : (v.string('monitor.metricsToken', section.metricsToken, false) ?? null);
  if (v.problems.length > 0) throw new MonitorConfigError(v.problems);
  return { intervalMs, timeoutMs, failAfter, recoverAfter, remindersMs, retention, maintenance, monitors, alerts, metricsToken };
}

/** Is `monitor` silenced by a maintenance window at `at`? */
export function inMaintenance(windows: readonly MaintenanceWindow[], monitor: string, at: number): boolean {
  return windows.some((w) => at >= w.startMs && at < w.endMs && (w.monitors.includes('*') || w.monitors.includes(monitor)));
}

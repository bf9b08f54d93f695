// Per-monitor incident state machine: pure (time and ids come in), so workers can persist the state and replay it.
// failAfter failures open an incident, recoverAfter passes close it; alerts are decided here, delivered elsewhere.

export type AlertEvent = 'down' | 'recovered' | 'reminder' | 'cert-expiring';

export interface OpenIncident {
  id: string;
  startedAt: number;
  lastError: string;
  /** Was the down alert sent (false while a maintenance window holds it back)? */
  alerted: boolean;
  /** When the last down/reminder alert went out; reminders count from here. */
  lastAlertAt: number | null;
  reminders: number;
}

export interface MonitorState {
  status: 'unknown' | 'up' | 'down';
  consecutiveFailures: number;
  consecutivePasses: number;
  incident: OpenIncident | null;
  /** notAfter of the certificate already warned about, so each certificate warns once. */
  certWarnedFor: number | null;
  lastCheckAt: number | null;
}

export interface MonitorAlert {
  event: AlertEvent;
  /** The incident, or for cert-expiring a key per certificate; with `key` it makes alerts idempotent across workers. */
  incidentId: string;
  /** Unique per alert of an incident: down, recovered, reminder#N, cert-expiring. */
  key: string;
  startedAt: number;
  lastError: string;
  durationMs?: number;
  certExpiresAt?: number;
}

export interface CheckResult {
  at: number;
  passed: boolean;
  /** Why it failed (first failed condition or transport error). */
  error?: string;
  certExpiresAt?: number;
}

export interface StateRules {
  monitor: string;
  failAfter: number;
  recoverAfter: number;
  /** 0: never remind. */
  remindersMs: number;
  /** Warn when the certificate expires within this long; 0: never. */
  certWarningMs: number;
  /** Is the monitor inside a maintenance window at this time? */
  inMaintenance(at: number): boolean;
  newIncidentId(monitor: string, at: number): string;
}

export interface Transition {
  state: MonitorState;
  /** Alerts to send now (maintenance already applied). */
  alerts: MonitorAlert[];
  /** Incident lifecycle for the store, whether or not an alert goes out. */
  opened: OpenIncident | null;
  closed: { id: string; endedAt: number } | null;
}

export function initialState(): MonitorState {
  return { status: 'unknown', consecutiveFailures: 0, consecutivePasses: 0, incident: null, certWarnedFor: null, lastCheckAt: null };
}

/** Apply one check result at `result.at`. */
export function applyResult(previous: MonitorState, result: CheckResult, rules: StateRules): Transition {
  const at = result.at;
  const silenced = rules.inMaintenance(at);
  const alerts: MonitorAlert[] = [];
  let opened: OpenIncident | null = null;
  let closed: Transition['closed'] = null;
  const state: MonitorState = {
    ...previous,
    incident: previous.incident ? { ...previous.incident } : null,
    consecutiveFailures: result.passed ? 0 : previous.consecutiveFailures + 1,
    consecutivePasses: result.passed ? previous.consecutivePasses + 1 : 0,
    lastCheckAt: at,
  };

  if (!result.passed) {
    const error = result.error ?? 'check failed';
    if (state.incident) state.incident.lastError = error;
    else if (state.consecutiveFailures >= rules.failAfter) {
      state.incident = { id: rules.newIncidentId(rules.monitor, at), startedAt: at, lastError: error, alerted: false, lastAlertAt: null, reminders: 0 };
      opened = { ...state.incident };
    }
    state.status = state.incident ? 'down' : state.status === 'unknown' ? 'unknown' : 'up';
  } else {
    if (state.incident && state.consecutivePasses >= rules.recoverAfter) {
      const incident = state.incident;
      closed = { id: incident.id, endedAt: at };
      // a recovery is only news to someone who heard about the outage
      if (incident.alerted && !silenced)
        alerts.push({
          event: 'recovered',
          incidentId: incident.id,
          key: 'recovered',
          startedAt: incident.startedAt,
          lastError: incident.lastError,
          durationMs: at - incident.startedAt,
        });
      state.incident = null;
    }
    state.status = state.incident ? 'down' : 'up';
  }

  const incident = state.incident;
  if (incident && !silenced) {
    if (!incident.alerted) {
      incident.alerted = true;
      incident.lastAlertAt = at;
      alerts.push({ event: 'down', incidentId: incident.id, key: 'down', startedAt: incident.startedAt, lastError: incident.lastError });
    } else if (rules.remindersMs > 0 && incident.lastAlertAt !== null && at - incident.lastAlertAt >= rules.remindersMs) {
      incident.reminders += 1;
      incident.lastAlertAt = at;
      alerts.push({ event: 'reminder', incidentId: incident.id, key: `reminder#${incident.reminders}`, startedAt: incident.startedAt, lastError: incident.lastError });
    }
  }

  if (result.certExpiresAt !== undefined && rules.certWarningMs > 0) {
    const expiring = result.certExpiresAt - at <= rules.certWarningMs;
    if (expiring && state.certWarnedFor !== result.certExpiresAt && !silenced) {
      state.certWarnedFor = result.certExpiresAt;
      const daysLeft = Math.max(0, (result.certExpiresAt - at) / 86_400_000);
      alerts.push({
        event: 'cert-expiring',
        incidentId: `cert:${rules.monitor}:${new Date(result.certExpiresAt).toISOString()}`,
        key: 'cert-expiring',
        startedAt: at,
        lastError: `certificate expires ${new Date(result.certExpiresAt).toISOString()} (in ${daysLeft.toFixed(1)} days)`,
        certExpiresAt: result.certExpiresAt,
      });
    }
  }
  return { state, alerts, opened, closed };
}

/** A monitor's open incident as the store has it, with the alerts already claimed for it (event key, claim time). */
export interface StoredOpenIncident {
  id: string;
  startedAt: number;
  lastError: string;
  alertsClaimed: readonly { key: string; at: number }[];
}

/**
 * The incident part of a state taken from the store, which is the source of truth for it (a snapshot can be stale or
 * name an incident that lost a race or was closed since): the store's open incident, resumed with what was already sent
 * (its `down` claimed: alerted; `reminder#N` claims: the reminders sent), or no incident when the store has none open.
 * The check counters stay, so a resumed incident closes after recoverAfter passes and alerts `recovered` once.
 */
export function resumeIncident(state: MonitorState, open: StoredOpenIncident | null): MonitorState {
  if (!open) return state.incident ? { ...state, incident: null, status: 'up' } : state;
  const held = state.incident?.id === open.id ? state.incident : null;
  let lastAlertAt: number | null = null;
  let reminders = 0;
  let alerted = false;
  for (const claim of open.alertsClaimed) {
    const reminder = /^reminder#(\d+)$/.exec(claim.key);
    if (claim.key !== 'down' && !reminder) continue;
    if (claim.key === 'down') alerted = true;
    else reminders = Math.max(reminders, Number(reminder![1]));
    lastAlertAt = Math.max(lastAlertAt ?? claim.at, claim.at);
  }
  return {
    ...state,
    status: 'down',
    incident: {
      id: open.id,
      startedAt: open.startedAt,
      lastError: held?.lastError ?? open.lastError,
      alerted,
      lastAlertAt: held?.lastAlertAt ?? lastAlertAt,
      reminders: Math.max(held?.reminders ?? 0, reminders),
    },
  };
}

// From the state machine's alerts to the queue, through the store's claim: whichever worker claims (incident, key)
// first enqueues it, so every worker can run the same transition and still each alert goes out once.
import type { MonitorAlert } from '../state.js';
import type { MonitorStore } from '../store/store.js';
import type { AlertDispatcher } from './dispatcher.js';
import type { AlertMessage } from './senders.js';

function toAlertMessage(monitor: string, alert: MonitorAlert, dashboardUrl: string): AlertMessage {
  return {
    monitor,
    event: alert.event,
    incidentId: alert.incidentId,
    startedAt: new Date(alert.startedAt).toISOString(),
    ...(alert.durationMs !== undefined ? { durationMs: alert.durationMs } : {}),
    lastError: alert.lastError,
    dashboardUrl,
  };
}

/** Claim and enqueue each alert; returns the ones this worker enqueued. */
export async function dispatchAlerts(
  store: MonitorStore,
  dispatcher: AlertDispatcher,
  monitor: string,
  alerts: readonly MonitorAlert[],
  context: { dashboardUrl: string; worker: string; now: number },
): Promise<MonitorAlert[]> {
  const sent: MonitorAlert[] = [];
  for (const alert of alerts) {
    if (!(await store.claimAlert(alert.incidentId, alert.key, context.now, context.worker))) continue;
    dispatcher.enqueue(toAlertMessage(monitor, alert, context.dashboardUrl));
    sent.push(alert);
  }
  return sent;
}

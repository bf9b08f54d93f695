// Builders for monitoring facts and plans in check tests.
import type { MonitoringFacts, UptimeMonitor } from '../../src/facts/monitoring.ts';
import type { AuditPlan, PlannedRoute } from '../../src/plan.ts';

export function monitoringFacts(overrides: Partial<MonitoringFacts> = {}): MonitoringFacts {
  return { repo: '/srv/app', filesScanned: 10, truncated: false, sdks: [], initialisations: [], uptimeMonitors: [], alertChannels: [], certificateWatches: [], ...overrides };
}

export function uptimeMonitor(targets: string[], watchesCertificate = false): UptimeMonitor {
  return { provider: 'Gatus', name: 'app', file: 'gatus.yaml', line: 3, targets, watchesCertificate };
}

export const monitorOn = (extra: Partial<AuditPlan['monitor']> = {}): Pick<AuditPlan, 'monitor'> => ({
  monitor: { configured: true, alertTypes: ['webhook'], certificates: true, routes: [], intervalMs: 30_000, ...extra },
});

export function route(path: string, critical = true): PlannedRoute {
  return { method: 'GET', path, kind: 'read', budgetMs: 300, critical, auth: 'public', host: null, headerNames: [], hasBody: false };
}

import type { UptimeMonitor } from '../../facts/monitoring.js';
import { defineCheck, notApplicable } from '../define.js';

function trimSlash(path: string): string {
  return path.length > 1 ? path.replace(/\/+$/, '') : path;
}

/** Does a monitor target (URL, host+path or path) request this route's path? */
export function targetCoversPath(target: string, path: string): boolean {
  const want = trimSlash(path.split('?')[0] ?? path);
  let got: string;
  try {
    got = /^https?:\/\//.test(target) ? new URL(target).pathname : target.startsWith('/') ? target : new URL(`https://${target}`).pathname;
  } catch {
    return false;
  }
  return trimSlash(got.split('?')[0] ?? got) === want;
}

export default defineCheck(
  {
    id: 'monitoring.route-unwatched',
    title: 'Every critical route is watched by a monitor',
    failureTitle: 'A critical route is not watched by any monitor',
    requires: ['monitoring'],
    fix: 'Mark the route `critical: true` in launchready.yml (launchready monitor then watches it) or add an http monitor for it to `monitor.monitors` or to your uptime provider, so a failure alerts someone.',
    docs: {
      why: 'A home page monitor stays green while checkout, login or the main API fails. Routes marked `critical: true` in the config are the ones whose failure costs the launch; each needs a monitor that requests it.',
      fix: 'launchready monitor makes a monitor for every `critical: true` route automatically once `monitor:` is configured; add `monitor.monitors: [{ name: orders, type: http, url: https://app.example.com/api/orders }]` for more conditions, or add a check for the exact URL in your provider, e.g. a Checkly `ApiCheck` or a Gatus endpoint `url: https://app.example.com/api/orders`.',
      references: ['https://sre.google/sre-book/monitoring-distributed-systems/'],
    },
  },
  ({ plan, monitoring }) => {
    const critical = plan.routes.filter((r) => r.critical);
    if (critical.length === 0) return notApplicable('no route is marked critical in the config');
    const covers = (path: string, m: UptimeMonitor) => m.targets.some((t) => targetCoversPath(t, path));
    return critical
      .filter((r) => !(plan.monitor.configured && plan.monitor.routes.some((p) => trimSlash(p) === trimSlash(r.path))) && !monitoring.uptimeMonitors.some((m) => covers(r.path, m)))
      .map((r) => ({
        target: `${r.method} ${r.path}`,
        title: `Critical route ${r.method} ${r.path} is not watched by any monitor`,
        evidence: {
          route: r.path,
          launchreadyMonitorRoutes: plan.monitor.configured ? plan.monitor.routes : null,
          repoMonitors: monitoring.uptimeMonitors.slice(0, 10).map((m) => `${m.provider} (${m.file}:${m.line})`),
        },
        fix: `Add an http monitor for ${r.path} to monitor.monitors in launchready.yml, or to your uptime provider.`,
      }));
  },
);

import { REPO_ROOT } from '../../facts/index.js';
import { defineCheck } from '../define.js';

function hostOf(target: string): string | null {
  try {
    return new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(target) ? target : `https://${target}`).hostname.toLowerCase();
  } catch {
    return null;
  }
}

export default defineCheck(
  {
    id: 'monitoring.no-uptime-monitor',
    title: 'An uptime monitor watches the app',
    failureTitle: 'No uptime monitor watches the app',
    requires: ['monitoring'],
    fix: 'Add a `monitor:` section to launchready.yml and run `launchready monitor`, or set up an uptime provider (Checkly, Better Stack, UptimeRobot, Gatus...) on the main route and critical API routes.',
    docs: {
      why: 'During launch the first person to notice an outage should be you, not a customer on social media. An uptime monitor requests the main page and the critical API routes every minute from outside and alerts when they fail.',
      fix: 'Either configure launchready’s own monitor (`monitor: { interval: 30s, alerts: [{ type: webhook, url: "${ALERT_WEBHOOK}" }] }` in launchready.yml, then run `launchready monitor`), or keep the provider config in the repo so it is reviewed and reproducible: Terraform (`betteruptime_monitor`, `uptimerobot_monitor`, `checkly_check`, `datadog_synthetics_test`...), Checkly constructs, a Gatus config or an Uptime Kuma export.',
      references: ['https://www.checklyhq.com/docs/cli/', 'https://github.com/TwiN/gatus'],
    },
  },
  ({ plan, monitoring }) => {
    if (plan.monitor.configured) return [];
    const host = plan.canonicalHost;
    // a monitor whose targets are all known and none is the app's host watches something else (staging, another product)
    const watchesApp = (targets: string[]) => targets.length === 0 || !host || targets.some((t) => hostOf(t) === host);
    const monitors = monitoring.uptimeMonitors;
    if (monitors.some((m) => watchesApp(m.targets))) return [];
    if (monitors.length > 0)
      return [
        {
          target: plan.canonical ?? host ?? 'app',
          title: `Uptime monitors exist but none watches ${host}`,
          evidence: {
            monitors: monitors.slice(0, 10).map((m) => `${m.provider} (${m.file}:${m.line}) → ${m.targets.slice(0, 3).join(', ')}`),
            launchreadyMonitor: 'not configured',
          },
        },
      ];
    return [
      {
        target: plan.canonical ?? (monitoring.repo ? REPO_ROOT : 'app'),
        evidence: {
          launchreadyMonitor: 'not configured',
          repo: monitoring.repo,
          filesScanned: monitoring.filesScanned,
          criticalRoutes: plan.routes.filter((r) => r.critical).map((r) => r.path),
        },
      },
    ];
  },
);

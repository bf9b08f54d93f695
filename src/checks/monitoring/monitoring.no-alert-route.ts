import { REPO_ROOT } from '../../facts/index.js';
import { defineCheck, notApplicable } from '../define.js';

export default defineCheck(
  {
    id: 'monitoring.no-alert-route',
    title: 'Monitors alert someone',
    failureTitle: 'Monitors exist but no alert channel is configured',
    requires: ['monitoring'],
    fix: 'Add an alert channel (email, chat webhook or pager) to `monitor.alerts` in launchready.yml or to your monitoring provider.',
    docs: {
      why: 'A monitor that turns red on a dashboard nobody is looking at is not monitoring. During launch an outage must reach a person: an email, a Slack/Teams/Discord message or a page.',
      fix: 'In launchready.yml: `monitor: { alerts: [{ type: webhook, url: "${SLACK_WEBHOOK}" }, { type: email, to: ops@example.com, smtp: "${SMTP_URL}" }] }`. In a provider: Terraform `uptimerobot_alert_contact`, `betteruptime_policy`, `checkly_alert_channel`; Gatus `alerting:`; Alertmanager `receivers:`.',
      references: ['https://prometheus.io/docs/alerting/latest/configuration/#receiver'],
    },
  },
  ({ plan, monitoring }) => {
    const hasMonitor = plan.monitor.configured || monitoring.uptimeMonitors.length > 0;
    if (!hasMonitor) return notApplicable('no monitor is configured (see monitoring.no-uptime-monitor)');
    if (plan.monitor.alertTypes.length > 0 || monitoring.alertChannels.length > 0) return [];
    return [
      {
        target: plan.canonical ?? (monitoring.repo ? REPO_ROOT : 'app'),
        evidence: {
          launchreadyMonitor: plan.monitor.configured ? 'configured without alerts' : 'not configured',
          repoMonitors: monitoring.uptimeMonitors.slice(0, 10).map((m) => `${m.provider} (${m.file}:${m.line})`),
        },
      },
    ];
  },
);

import { REPO_ROOT } from '../../facts/index.js';
import { defineCheck, notApplicable } from '../define.js';

export default defineCheck(
  {
    id: 'monitoring.cert-expiry-unwatched',
    title: 'A monitor watches certificate expiry',
    failureTitle: 'No monitor watches certificate expiry',
    requires: ['monitoring'],
    fix: 'Configure `monitor:` in launchready.yml (the https canonical URL and every tls monitor warn 14 days before expiry) or enable SSL expiry checks in your uptime provider.',
    docs: {
      why: 'Automatic renewal fails silently more often than expected (a changed DNS record, a rate limit, a cron that stopped). An expired certificate is a full outage with a scary browser warning; a monitor that warns two weeks ahead turns it into a chore.',
      fix: 'launchready.yml `monitor:` (an https canonical URL is watched automatically; add `{ name: api-cert, type: tls, host: api.example.com, conditions: ["cert_expires_in > 14d"] }` for other hosts), or in a provider: Better Stack `ssl_expiration = 14`, UptimeRobot SSL expiry reminders, `statuscake_ssl_check`, Gatus condition `[CERTIFICATE_EXPIRATION] > 336h`, Uptime Kuma "Certificate expiry notification", or a Prometheus rule on `probe_ssl_earliest_cert_expiry`.',
      references: ['https://letsencrypt.org/docs/expiration-emails/', 'https://github.com/TwiN/gatus#conditions'],
    },
  },
  ({ plan, monitoring }) => {
    if (plan.canonical?.startsWith('http://')) return notApplicable('the canonical URL is plain http: there is no certificate to watch');
    if (plan.monitor.configured && plan.monitor.certificates) return [];
    if (monitoring.uptimeMonitors.some((m) => m.watchesCertificate) || monitoring.certificateWatches.length > 0) return [];
    return [
      {
        target: plan.canonicalHost ?? plan.canonical ?? (monitoring.repo ? REPO_ROOT : 'app'),
        evidence: {
          launchreadyMonitor: plan.monitor.configured ? 'no tls or https monitor' : 'not configured',
          repoMonitors: monitoring.uptimeMonitors.slice(0, 10).map((m) => `${m.provider} (${m.file}:${m.line})`),
        },
      },
    ];
  },
);

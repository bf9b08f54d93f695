import { REPO_ROOT } from '../../facts/index.js';
import { defineCheck } from '../define.js';

export default defineCheck(
  {
    id: 'deploy.no-healthcheck',
    title: 'A health endpoint exists',
    failureTitle: 'No health endpoint in code or platform config, and none answers at common paths',
    requires: ['deploy'],
    optional: ['web'],
    fix: 'Add a cheap GET /health route that returns 200 when the app can serve, and point the platform health check at it.',
    docs: {
      why: 'Load balancers, orchestrators and uptime monitors decide whether an instance gets traffic from a health check. Without one, a crashed or half-started instance keeps receiving launch traffic, and rolling deploys cannot tell a bad release from a good one.',
      fix: 'Add a route such as `app.get("/health", (_req, res) => res.json({ ok: true }))` (Flask `@app.get("/health")`, Rails 7.1 `get "up" => "rails/health#show"`), keep it cheap and unauthenticated, then reference it in the platform config: fly.toml `[[http_service.checks]] path = "/health"`, render.yaml `healthCheckPath: /health`, Kubernetes `readinessProbe`/`livenessProbe`, Dockerfile `HEALTHCHECK CMD curl -f http://localhost:8080/health`.',
      references: [
        'https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/',
        'https://fly.io/docs/reference/configuration/#http_service-checks',
      ],
    },
  },
  ({ deploy, web }) => {
    if (deploy.healthChecks.length > 0) return [];
    const answering = (web?.healthProbes ?? []).filter((p) => p.status !== null && p.status >= 200 && p.status < 300);
    if (answering.length > 0) return [];
    const probed = web?.healthProbes ?? [];
    return [
      {
        target: REPO_ROOT,
        // offline (no URL), nothing was probed: the title must not claim common paths were tried
        ...(probed.length === 0 ? { title: 'No health endpoint in code or platform config (no URL given, so common paths were not probed)' } : {}),
        evidence: {
          probedPaths: probed.map((p) => `${p.path} → ${p.status ?? 'no answer'}`),
          filesScanned: deploy.filesScanned,
          truncated: deploy.truncated,
        },
      },
    ];
  },
);

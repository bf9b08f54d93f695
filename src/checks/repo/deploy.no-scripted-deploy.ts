import { REPO_ROOT } from '../../facts/index.js';
import { defineCheck } from '../define.js';

export default defineCheck(
  {
    id: 'deploy.no-scripted-deploy',
    title: 'Production deploys are scripted',
    failureTitle: 'No scripted or one-click production deploy',
    requires: ['deploy'],
    fix: 'Script the production deploy: a deploy workflow, a platform manifest (fly.toml, render.yaml, vercel.json...), IaC or a deploy script in the repo.',
    docs: {
      why: 'A deploy that lives in someone’s head or shell history cannot be repeated under pressure: during launch a hotfix needs the same steps, by whoever is awake. A deploy workflow, a platform manifest, infrastructure as code or a checked-in deploy script makes it one command or one click.',
      fix: 'Check in how production is deployed: a CI job that deploys (e.g. `flyctl deploy`, `kubectl apply`, `vercel --prod`), a platform manifest (fly.toml, render.yaml, railway.json, vercel.json, netlify.toml, Procfile, app.yaml), Kubernetes manifests or a Helm chart, Terraform/Pulumi, or a `scripts/deploy.sh`. A container image CI pushes to a registry (docker/build-push-action with `push: true`, `docker push`) together with a compose file that runs that image counts: self-hosters deploy it with `docker compose pull && docker compose up -d`. A Dockerfile alone does not say where or how it runs.',
      references: ['https://12factor.net/build-release-run'],
    },
  },
  ({ deploy }) => {
    if (deploy.deploys.length > 0) return [];
    const published = deploy.publishedImages ?? [];
    return [
      {
        target: REPO_ROOT,
        title:
          published.length > 0
            ? 'CI publishes a container image but no compose file, chart or manifest in the repo runs it'
            : deploy.dockerfiles.length > 0
              ? 'A Dockerfile exists but nothing scripts how it is deployed'
              : 'No scripted or one-click production deploy',
        evidence: {
          dockerfiles: deploy.dockerfiles.slice(0, 10),
          ciPipelines: deploy.ci.map((p) => p.file),
          ...(published.length > 0 ? { publishedImages: published.slice(0, 10).map((p) => `${p.file}:${p.line} ${p.images.join(', ')}`.trim()) } : {}),
          filesScanned: deploy.filesScanned,
          truncated: deploy.truncated,
        },
      },
    ];
  },
);

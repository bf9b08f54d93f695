import { REPO_ROOT } from '../../facts/index.js';
import { defineCheck } from '../define.js';

export default defineCheck(
  {
    id: 'deploy.no-rollback-path',
    title: 'A rollback is documented or automated',
    failureTitle: 'Nothing documents or automates a rollback',
    requires: ['deploy'],
    fix: 'Write down how to roll back (README/RUNBOOK), or add a deploy workflow input for the version to deploy, or use a platform with release history.',
    docs: {
      why: 'The fastest fix for a bad launch deploy is going back to the last good one. If nobody wrote down how, the team improvises while users see errors; a documented or automated rollback turns an outage into a few minutes.',
      fix: 'Pick one and check it in: a RUNBOOK.md section "Rollback" with the exact command (`fly releases` + `fly deploy --image <previous>`, `heroku rollback`, `kubectl rollout undo deployment/app`, `helm rollback app`), a `workflow_dispatch` input `version` on the deploy workflow to redeploy an earlier tag, or a platform that keeps release history (Fly.io, Render, Heroku, Vercel, Netlify).',
      references: ['https://kubernetes.io/docs/reference/kubectl/generated/kubectl_rollout/kubectl_rollout_undo/', 'https://devcenter.heroku.com/articles/releases#rollback'],
    },
  },
  ({ deploy }) => {
    if (deploy.rollback.length > 0) return [];
    return [{ target: REPO_ROOT, evidence: { deployMethods: deploy.deploys.slice(0, 10).map((d) => `${d.name} (${d.file})`), filesScanned: deploy.filesScanned } }];
  },
);

import assert from 'node:assert/strict';
import { symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { collectDeploy, deployCollector } from '../../src/collect/deploy/index.ts';
import { planFor } from '../support/facts.ts';
import { writeRepo } from '../support/repo-fixture.ts';

const T = { timeout: 20_000 };

describe('deploy collector', () => {
  it('needs a repository', () => {
    assert.match(deployCollector.missingInput(planFor({ repo: null })) ?? '', /--repo DIR/);
    assert.equal(deployCollector.missingInput(planFor({ repo: '/x' })), null);
  });

  it('Node app on GitHub Actions + Fly.io: CI builds and tests, deploy step, rollback input, health route and fly checks', T, async () => {
    const repo = await writeRepo({
      'package.json': '{"name":"app","scripts":{"build":"tsc","test":"node --test"},"dependencies":{"express":"4.19.2"}}',
      '.github/workflows/ci.yml':
        'name: CI\non: [push, pull_request]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: npm ci\n      - run: |\n          npm run build\n          npm test\n',
      '.github/workflows/deploy.yml':
        'name: Deploy\non:\n  workflow_dispatch:\n    inputs:\n      version:\n        description: tag to deploy\n  push:\n    branches: [main]\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: superfly/flyctl-actions/setup-flyctl@master\n      - run: flyctl deploy --remote-only\n      - run: flyctl deploy --access-token=fo1_abcdefghijklmnop1234\n',
      'fly.toml': 'app = "acme"\n[http_service]\n  internal_port = 8080\n[[http_service.checks]]\n  path = "/health"\n',
      'src/server.ts': "import express from 'express';\nconst app = express();\n\napp.get('/health', (_req, res) => res.send('ok'));\n",
      'node_modules/evil/Jenkinsfile': "sh 'npm test'",
    });
    try {
      const facts = await collectDeploy(repo.dir);
      const ci = facts.ci.find((p) => p.file === '.github/workflows/ci.yml');
      assert.ok(ci?.builds && ci.tests, JSON.stringify(facts.ci));
      assert.equal(ci.system, 'github-actions');
      assert.ok(
        ci.evidence.some((e) => e.text === 'npm test' && e.line === 11),
        JSON.stringify(ci.evidence),
      );
      assert.equal(facts.ci.length, 2, 'node_modules is not walked');
      const step = facts.deploys.find((d) => d.kind === 'workflow');
      assert.deepEqual([step?.file, step?.line, step?.text], ['.github/workflows/deploy.yml', 14, 'flyctl deploy --remote-only']);
      assert.ok(facts.deploys.some((d) => d.name === 'Fly.io' && d.file === 'fly.toml'));
      assert.ok(!JSON.stringify(facts).includes('fo1_abcdefghijklmnop1234') && JSON.stringify(facts).includes('fo1_…(24 chars)'), 'tokens in pipeline lines are masked');
      assert.ok(facts.rollback.some((r) => r.kind === 'workflow-input' && r.file === '.github/workflows/deploy.yml' && r.line === 3));
      assert.ok(facts.rollback.some((r) => r.kind === 'release-history'));
      assert.ok(facts.healthChecks.some((h) => h.kind === 'route' && h.file === 'src/server.ts' && h.line === 4));
      assert.ok(facts.healthChecks.some((h) => h.kind === 'config' && h.file === 'fly.toml' && h.line === 4));
    } finally {
      await repo.remove();
    }
  });

  it('Python app on GitLab CI with k8s probes and a runbook', T, async () => {
    const repo = await writeRepo({
      '.gitlab-ci.yml':
        'stages: [test, deploy]\ntest:\n  stage: test\n  script:\n    - pip install -r requirements.txt\n    - pytest -q\ndeploy:\n  stage: deploy\n  script:\n    - kubectl apply -f k8s/\n',
      'app.py': 'from flask import Flask\napp = Flask(__name__)\n\n@app.route("/healthz")\ndef health():\n    return "ok"\n',
      'k8s/deployment.yaml':
        'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          readinessProbe:\n            httpGet: { path: /healthz, port: 8000 }\n',
      'docs/RUNBOOK.md': '# Runbook\n\n## Rollback\nkubectl rollout undo deployment/app\n',
    });
    try {
      const facts = await collectDeploy(repo.dir);
      assert.deepEqual(
        facts.ci.map((p) => [p.system, p.tests, p.deploys]),
        [['gitlab-ci', true, true]],
      );
      assert.ok(facts.deploys.some((d) => d.kind === 'kubernetes' && d.file === 'k8s/deployment.yaml'));
      assert.ok(facts.rollback.some((r) => r.kind === 'docs' && r.file === 'docs/RUNBOOK.md' && r.line === 3));
      assert.ok(facts.healthChecks.some((h) => h.file === 'app.py' && h.line === 4));
      assert.ok(facts.healthChecks.some((h) => h.file === 'k8s/deployment.yaml' && h.line === 10));
    } finally {
      await repo.remove();
    }
  });

  it('every other CI system is recognised, with build/test decided from its commands', T, async () => {
    const repo = await writeRepo({
      '.circleci/config.yml': 'version: 2.1\njobs:\n  build:\n    docker: [{ image: cimg/go:1.22 }]\n    steps:\n      - checkout\n      - run: go test ./...\n',
      'bitbucket-pipelines.yml': 'pipelines:\n  default:\n    - step:\n        script:\n          - bundle exec rspec\n',
      'azure-pipelines.yml': 'trigger: [main]\nsteps:\n  - script: dotnet build\n',
      Jenkinsfile: "pipeline { stages { stage('Build') { steps { sh 'docker build -t app .' } } } }\n",
      Dockerfile: 'FROM ruby:3.3\nHEALTHCHECK CMD curl -f http://localhost:3000/up\n',
    });
    try {
      const facts = await collectDeploy(repo.dir);
      const by = Object.fromEntries(facts.ci.map((p) => [p.system, p]));
      assert.equal(by.circleci?.tests, true);
      assert.equal(by['bitbucket-pipelines']?.tests, true);
      assert.equal(by['azure-pipelines']?.builds, true);
      assert.equal(by.jenkins?.builds, true);
      assert.deepEqual(facts.dockerfiles, ['Dockerfile']);
      assert.equal(facts.deploys.length, 0, 'a Dockerfile alone is not a deploy');
      assert.ok(facts.healthChecks.some((h) => h.file === 'Dockerfile' && h.line === 2));
    } finally {
      await repo.remove();
    }
  });

  it('Ruby and Go apps: Procfile, Terraform, deploy script, Makefile rollback; hostile files never crash', T, async () => {
    const repo = await writeRepo({
      Procfile: 'web: bundle exec puma -C config/puma.rb\n',
      'config/routes.rb': 'Rails.application.routes.draw do\n  get "up" => "rails/health#show", as: :rails_health_check\nend\n',
      'infra/main.tf': 'resource "aws_ecs_service" "app" {\n  name = "app"\n}\n',
      'scripts/deploy.sh': '#!/bin/sh\nset -e\ngo build ./cmd/app\n',
      Makefile: 'deploy:\n\t./scripts/deploy.sh\nrollback:\n\tkubectl rollout undo deployment/app\n',
      '.github/workflows/bad.yml': 'jobs: [unclosed\n  - {{{{\n',
      '.github/workflows/alias.yml': 'a: &a [*a]\n',
      '.github/workflows/release.yml':
        'name: Release\non: [push]\njobs:\n  ship:\n    environment: production\n    runs-on: ubuntu-latest\n    steps:\n      - run: ansible-playbook site.yml\n',
      'main.go': 'package main\nfunc main() { http.HandleFunc("/healthz", ok) }\n',
      'src/docs.ts': 'export const tip = \'add app.get("/health", handler) to your app\';\n',
      'README.md': '# App\n\nFeatures: deploy and rollback.\n',
    });
    try {
      await symlink('/etc', join(repo.dir, 'etc-link')).catch(() => {});
      const facts = await collectDeploy(repo.dir);
      const names = facts.deploys.map((d) => d.name);
      assert.ok(names.includes('Heroku') && names.includes('Terraform') && names.includes('deploy.sh') && names.includes('Makefile deploy target'), names.join(', '));
      assert.ok(facts.rollback.some((r) => r.file === 'Makefile' && r.line === 4));
      assert.ok(facts.deploys.some((d) => d.name === 'github-actions production deploy job' && d.file === '.github/workflows/release.yml' && d.line === 5));
      assert.ok(facts.healthChecks.some((h) => h.file === 'config/routes.rb'));
      assert.ok(facts.healthChecks.some((h) => h.file === 'main.go'));
      assert.ok(!facts.healthChecks.some((h) => h.file === 'src/docs.ts'), 'a route inside a string is not a route');
      assert.ok(!facts.rollback.some((r) => r.file === 'README.md'), 'a passing mention is not a rollback procedure');
      const bad = facts.ci.find((p) => p.file === '.github/workflows/bad.yml');
      assert.ok(bad?.error, 'broken YAML is reported, not thrown');
      assert.ok(!facts.ci.some((p) => p.file.startsWith('etc-link')));
      assert.doesNotThrow(() => JSON.stringify(facts));
    } finally {
      await repo.remove();
    }
  });

  // maybe-finance/maybe: publish.yml pushes ghcr.io/${{ github.repository }} with docker/build-push-action and
  // compose.example.yml runs ghcr.io/maybe-finance/maybe:latest; self-hosters deploy with `docker compose up`.
  const PUBLISH =
    'name: Publish Docker image\non:\n  push:\n    tags: ["v*"]\nenv:\n  REGISTRY: ghcr.io\n  IMAGE_NAME: ${{ github.repository }}\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - uses: docker/login-action@v3\n        with:\n          registry: ${{ env.REGISTRY }}\n      - uses: docker/metadata-action@v5\n        id: meta\n        with:\n          images: ${{ env.REGISTRY }}/${{ env.IMAGE_NAME }}\n      - name: Build and push\n        uses: docker/build-push-action@v6\n        with:\n          push: true\n          tags: ${{ steps.meta.outputs.tags }}\n';
  const COMPOSE = 'services:\n  web:\n    image: ghcr.io/acme/app:latest\n    ports: ["3000:3000"]\n  db:\n    image: postgres:16\n';

  it('an image CI publishes plus a compose file that runs it is a scripted deploy, recorded with both places', T, async () => {
    const repo = await writeRepo({ Dockerfile: 'FROM ruby:3.3\n', '.github/workflows/publish.yml': PUBLISH, 'compose.example.yml': COMPOSE });
    try {
      const facts = await collectDeploy(repo.dir);
      assert.deepEqual(facts.publishedImages, [
        { file: '.github/workflows/publish.yml', line: 21, text: 'uses: docker/build-push-action@v6', images: ['ghcr.io/${{ github.repository }}'] },
      ]);
      assert.deepEqual(
        facts.deploys.map((d) => [d.kind, d.name, d.file, d.line, d.text]),
        [['container', 'Docker Compose runs the image .github/workflows/publish.yml:21 publishes', 'compose.example.yml', 3, 'image: ghcr.io/acme/app:latest']],
      );
    } finally {
      await repo.remove();
    }
  });

  it('Docker Hub pushes from a run step and `docker push`, with ${VAR:-default} in the compose image', T, async () => {
    const repo = await writeRepo({
      '.gitlab-ci.yml': 'release:\n  script:\n    - docker build -t acme/app:$CI_COMMIT_TAG .\n    - docker push acme/app:$CI_COMMIT_TAG\n',
      'deploy/docker-compose.yml': 'services:\n  app:\n    image: ${APP_IMAGE:-docker.io/acme/app:1.2.3}\n',
    });
    try {
      const facts = await collectDeploy(repo.dir);
      assert.deepEqual(facts.publishedImages?.[0]?.images, ['acme/app']);
      assert.deepEqual(
        facts.deploys.map((d) => [d.kind, d.file, d.line]),
        [['container', 'deploy/docker-compose.yml', 3]],
      );
    } finally {
      await repo.remove();
    }
  });

  it('a composite action that pushes the image (depot/build-push-action) counts like a workflow step', T, async () => {
    const repo = await writeRepo({
      '.github/actions/build-and-push-docker/action.yml':
        "name: build and push\nruns:\n  using: composite\n  steps:\n    - uses: depot/build-push-action@v1\n      with:\n        push: ${{ github.event_name != 'pull_request' }}\n        tags: ghcr.io/acme/app:${{ inputs.version }}\n",
      'docker/docker-compose.yml': COMPOSE,
    });
    try {
      const facts = await collectDeploy(repo.dir);
      assert.deepEqual(
        facts.publishedImages?.map((p) => [p.file, p.line, p.images]),
        [['.github/actions/build-and-push-docker/action.yml', 5, ['ghcr.io/acme/app']]],
      );
      assert.deepEqual(
        facts.deploys.map((d) => [d.file, d.line]),
        [['docker/docker-compose.yml', 3]],
      );
    } finally {
      await repo.remove();
    }
  });

  it('still no deploy: an image built but never pushed, a pushed image no compose file runs, a dev-only compose file', T, async () => {
    const prBuild = PUBLISH.replace('push: true', 'push: false');
    const cases: Record<string, string>[] = [
      { Dockerfile: 'FROM node:20\n', '.github/workflows/publish.yml': prBuild, 'compose.yml': COMPOSE },
      { Dockerfile: 'FROM node:20\n', '.github/workflows/publish.yml': PUBLISH, 'compose.yml': 'services:\n  db:\n    image: postgres:16\n  cache:\n    image: bitnami/redis:7\n' },
      { Dockerfile: 'FROM node:20\n', '.github/workflows/publish.yml': PUBLISH, 'docker-compose.dev.yml': COMPOSE, 'test/compose.yml': COMPOSE },
    ];
    for (const files of cases) {
      const repo = await writeRepo(files);
      try {
        const facts = await collectDeploy(repo.dir);
        assert.deepEqual(facts.deploys, [], JSON.stringify(Object.keys(files)));
        assert.deepEqual(facts.dockerfiles, ['Dockerfile']);
      } finally {
        await repo.remove();
      }
    }
  });
});

// The deploy collector: CI pipelines, scripted deploys, rollback paths and health checks found in the repository.
import {
  type CiSystem,
  isBuildCommand,
  isDeployCommand,
  isRollbackText,
  isTestCommand,
  isVersionInput,
  type PipelineSummary,
  summarisePipelineYaml,
  summariseScriptText,
} from '../../analyze/ci-config.js';
import {
  CODE_EXTENSIONS,
  composeImages,
  healthChecksInConfig,
  healthRoutes,
  imageMatchesPublished,
  imagePublishes,
  isDeployComposeFile,
  manifestSignal,
  rollbackNotes,
} from '../../analyze/deploy-signals.js';
import { maskSecretsDeep } from '../../analyze/log-patterns.js';
import type { CiPipeline, DeployFacts, DeployMethod, HealthCheckDefinition, PublishedImage, RollbackPath } from '../../facts/deploy.js';
import { defineCollector } from '../collector.js';
import { indexFor, isTestClass, type RepoIndex } from '../repo-index.js';
import { baseName, readRepoFile } from './repo-files.js';

export const NO_REPO = 'no repository given: pass --repo DIR or run inside a git work tree';
const MAX_CODE_FILES = 3000;
const MAX_CODE_BYTES = 512 * 1024;
const MAX_ITEMS = 100;

function ciSystemOf(path: string): CiSystem | null {
  if (/^\.github\/workflows\/[^/]+\.ya?ml$/.test(path)) return 'github-actions';
  if (path === '.gitlab-ci.yml' || /^\.gitlab\/ci\/[^/]+\.ya?ml$/.test(path)) return 'gitlab-ci';
  if (path === '.circleci/config.yml' || path === '.circleci/config.yaml') return 'circleci';
  if (path === 'bitbucket-pipelines.yml') return 'bitbucket-pipelines';
  if (/^(?:azure-pipelines|\.azure-pipelines\/[^/]+|\.azuredevops\/[^/]+)\.ya?ml$/.test(path) || path === 'azure-pipelines.yml') return 'azure-pipelines';
  if (/(?:^|\/)Jenkinsfile(?:\.[\w-]+)?$/.test(path)) return 'jenkins';
  if (path === '.travis.yml') return 'travis';
  if (path === '.drone.yml') return 'drone';
  if (/^\.buildkite\/[^/]+\.ya?ml$/.test(path)) return 'buildkite';
  return null;
}

const isDocFile = (path: string) =>
  /(?:^|\/)(?:README|RUNBOOK|DEPLOY(?:ING|MENT)?|RELEASE|OPERATIONS|CONTRIBUTING|ROLLBACK)[\w.-]*\.(?:md|mdx|rst|txt|adoc)$|(?:^|\/)(?:README|RUNBOOK)$/i.test(path) ||
  (/^(?:docs?|runbooks?|ops)\//i.test(path) && /\.(?:md|mdx|rst|txt|adoc)$/i.test(path));
const isScriptFile = (path: string) => /^(?:bin|scripts?|ops|deploy|tools)\/[^/]+$/.test(path) || /^Makefile$|\.mk$/.test(path);

export async function collectDeploy(repo: string, progress: (note: string) => void = () => {}, index?: RepoIndex): Promise<DeployFacts> {
  const listing = await indexFor(repo, index).appFiles();
  const facts: DeployFacts = { repo, filesScanned: listing.files.length, truncated: listing.truncated, ci: [], deploys: [], dockerfiles: [], rollback: [], healthChecks: [] };
  const addDeploy = (d: DeployMethod) => facts.deploys.length < MAX_ITEMS && facts.deploys.push(d);
  const addRollback = (r: RollbackPath) => facts.rollback.length < MAX_ITEMS && !facts.rollback.some((x) => x.file === r.file && x.line === r.line) && facts.rollback.push(r);
  const addHealth = (h: HealthCheckDefinition) => facts.healthChecks.length < MAX_ITEMS && facts.healthChecks.push(h);

  // Images CI pushes to a registry: with a compose file that runs one of them, the deploy is `docker compose pull && up`
  const published: PublishedImage[] = [];

  progress('reading CI pipelines');
  for (const file of listing.files) {
    const system = ciSystemOf(file);
    if (!system) {
      // a composite action a workflow calls (formbricks: .github/actions/build-and-push-docker/action.yml) pushes too
      if (!/^\.github\/actions\/(?:[^/]+\/)*action\.ya?ml$/.test(file)) continue;
      const text = await readRepoFile(repo, file);
      const publish = text === null ? null : imagePublishes(text);
      if (publish && published.length < MAX_ITEMS) published.push({ file, line: publish.line, text: publish.text, images: publish.images });
      continue;
    }
    const text = await readRepoFile(repo, file);
    if (text === null) continue;
    const summary: PipelineSummary = system === 'jenkins' ? summariseScriptText(text) : summarisePipelineYaml(text);
    const pipeline: CiPipeline = { system, file, builds: false, tests: false, deploys: false, evidence: [], error: summary.error };
    for (const c of summary.commands) {
      const b = isBuildCommand(c.text);
      const t = isTestCommand(c.text);
      const d = isDeployCommand(c.text);
      pipeline.builds ||= b;
      pipeline.tests ||= t;
      pipeline.deploys ||= d;
      if ((b || t || d) && pipeline.evidence.length < 10) pipeline.evidence.push(c);
      if (d) addDeploy({ kind: 'workflow', name: `${system} deploy step`, file, line: c.line, text: c.text });
      if (isRollbackText(c.text)) addRollback({ kind: 'command', detail: c.text, file, line: c.line });
    }
    // a job bound to the production environment in a deploy/release workflow deploys, whatever tool it calls
    if (!pipeline.deploys && summary.names.some((n) => /^prod(?:uction)?$/i.test(n)) && /deploy|release/i.test(`${file} ${summary.names.join(' ')}`)) {
      pipeline.deploys = true;
      const line = text.split('\n').findIndex((l) => /^\s*environment\s*:/.test(l)) + 1;
      addDeploy({ kind: 'workflow', name: `${system} production deploy job`, file, line, text: (text.split('\n')[line - 1] ?? '').trim().slice(0, 200) });
    }
    const versionInputs = summary.dispatchInputs.filter(isVersionInput);
    if (versionInputs.length > 0 && (pipeline.deploys || /deploy|release/i.test(`${file} ${summary.names.join(' ')}`))) {
      const line = text.split('\n').findIndex((l) => /workflow_dispatch/.test(l)) + 1;
      addRollback({ kind: 'workflow-input', detail: `workflow_dispatch input ${versionInputs.join(', ')} picks the version to deploy`, file, line });
    }
    facts.ci.push(pipeline);
    const publish = system === 'jenkins' ? null : imagePublishes(text);
    if (publish && published.length < MAX_ITEMS) published.push({ file, line: publish.line, text: publish.text, images: publish.images });
  }
  if (published.length > 0) facts.publishedImages = published;

  progress('looking for deploy manifests, health checks and runbooks');
  let codeFiles = 0;
  for (const file of listing.files) {
    const base = baseName(file);
    const isDockerfile = /^(?:Dockerfile|Containerfile)(?:\..+)?$|\.dockerfile$/i.test(base);
    const isConfig = /\.(?:ya?ml|toml|json|tf)$/.test(base) || base === 'Procfile' || base === 'Capfile' || isDockerfile;
    const isCode = CODE_EXTENSIONS.test(base) && !isTestClass(listing.classOf(file));
    const doc = isDocFile(file);
    const script = isScriptFile(file);
    const signalCandidate = manifestSignal(file, null) !== null || isConfig || script || /(?:^|\/)(?:deploy|release)[^/]*$/.test(file);
    if (!isConfig && !isCode && !doc && !script && !signalCandidate) continue;
    if ((await listing.size(file)) > MAX_CODE_BYTES) continue;
    if (isCode && !isConfig && !doc && !script && ++codeFiles > MAX_CODE_FILES) continue;
    const text = await readRepoFile(repo, file, MAX_CODE_BYTES);
    if (text === null || text.includes('\u0000')) continue;
    if (isDockerfile) facts.dockerfiles.push(file);
    const signal = ciSystemOf(file) ? null : manifestSignal(file, text);
    if (signal) {
      addDeploy({ kind: signal.kind, name: signal.name, file, line: 1, text: text.split('\n')[0]?.trim().slice(0, 200) ?? '' });
      if (signal.releaseHistory) addRollback({ kind: 'release-history', detail: `${signal.name} keeps previous releases to roll back to`, file, line: 1 });
    }
    if (published.length > 0 && isDeployComposeFile(file) && !isTestClass(listing.classOf(file))) {
      for (const image of composeImages(text)) {
        const source = published.find((p) => imageMatchesPublished(image.text, p.images) !== null);
        if (!source) continue;
        addDeploy({
          kind: 'container',
          name: `Docker Compose runs the image ${source.file}:${source.line} publishes`,
          file,
          line: image.line,
          text: `image: ${image.text}`.slice(0, 200),
        });
        break;
      }
    }
    if (base === 'package.json') {
      const line = text.split('\n').findIndex((l) => /^\s*"deploy[\w:-]*"\s*:/.test(l));
      if (line >= 0) addDeploy({ kind: 'package-script', name: 'package.json deploy script', file, line: line + 1, text: (text.split('\n')[line] ?? '').trim().slice(0, 200) });
      const rb = text.split('\n').findIndex((l) => /^\s*"rollback[\w:-]*"\s*:/.test(l));
      if (rb >= 0) addRollback({ kind: 'command', detail: (text.split('\n')[rb] ?? '').trim().slice(0, 200), file, line: rb + 1 });
    }
    if (base === 'Makefile' || base.endsWith('.mk')) {
      const line = text.split('\n').findIndex((l) => /^deploy[\w-]*\s*:/.test(l));
      if (line >= 0) addDeploy({ kind: 'script', name: 'Makefile deploy target', file, line: line + 1, text: (text.split('\n')[line] ?? '').trim() });
    }
    if (script || base === 'Makefile' || base === 'package.json') {
      text.split('\n').forEach((l, i) => {
        if (l.length < 500 && isRollbackText(l) && !/^\s*#/.test(l)) addRollback({ kind: 'command', detail: l.trim().slice(0, 200), file, line: i + 1 });
      });
    }
    if (doc) for (const hit of rollbackNotes(text)) addRollback({ kind: 'docs', detail: hit.text, file, line: hit.line });
    if (isConfig) for (const hit of healthChecksInConfig(file, text)) addHealth({ kind: 'config', file, line: hit.line, text: hit.text });
    if (
      isCode ||
      base === 'pom.xml' ||
      base === 'build.gradle' ||
      /^application\.(?:ya?ml|properties)$/.test(base) ||
      base === 'package.json' ||
      /^requirements.*\.txt$/.test(base) ||
      base === 'Gemfile'
    ) {
      for (const hit of healthRoutes(text)) addHealth({ kind: 'route', file, line: hit.line, text: hit.text });
    }
  }
  return maskSecretsDeep(facts);
}

export const deployCollector = defineCollector({
  source: 'deploy',
  title: 'Deploy readiness',
  readsRepo: true,
  stages: ['repo'],
  missingInput: (plan) => (plan.repo ? null : NO_REPO),
  collect: (run) => collectDeploy(run.plan.repo as string, run.progress, run.repoIndex?.()),
});

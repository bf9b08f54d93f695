// Reads CI and deploy configuration text: which commands a pipeline runs (with lines) and whether they build, test or deploy.
import { isMap, isScalar, isSeq, LineCounter, parseAllDocuments, visit } from 'yaml';

export type CiSystem = 'github-actions' | 'gitlab-ci' | 'circleci' | 'bitbucket-pipelines' | 'azure-pipelines' | 'jenkins' | 'travis' | 'drone' | 'buildkite';

/** A command or action reference found in a pipeline, with its line. */
export interface PipelineCommand {
  line: number;
  text: string;
}

export interface PipelineSummary {
  commands: PipelineCommand[];
  /** GitHub Actions: triggers (push, pull_request, workflow_dispatch, schedule...). */
  triggers: string[];
  /** workflow_dispatch inputs, for rollback detection (a version/ref input). */
  dispatchInputs: string[];
  /** Job or workflow names, for deploy detection. */
  names: string[];
  /** Cron schedules (GitHub Actions). */
  schedules: string[];
  error: string | null;
}

const COMMAND_KEYS = new Set([
  'run',
  'script',
  'before_script',
  'after_script',
  'command',
  'commands',
  'bash',
  'pwsh',
  'powershell',
  'inline',
  'inlineScript',
  'uses',
  'task',
  'orb',
  'install',
]);
const NAME_KEYS = new Set(['name', 'displayName', 'environment', 'stage', 'deployment']);
const MAX_COMMANDS = 500;

/** Every command-like string of a YAML pipeline with its 1-based line; hostile YAML yields an error, never a throw. */
export function summarisePipelineYaml(text: string): PipelineSummary {
  const summary: PipelineSummary = { commands: [], triggers: [], dispatchInputs: [], names: [], schedules: [], error: null };
  const lineCounter = new LineCounter();
  let docs: ReturnType<typeof parseAllDocuments>;
  try {
    const parsed = parseAllDocuments(text, { lineCounter, uniqueKeys: false });
    docs = Array.isArray(parsed) ? parsed : [];
  } catch (error) {
    summary.error = String((error as Error).message).split('\n')[0] ?? 'unreadable YAML';
    return summary;
  }
  for (const doc of docs) {
    if (doc.errors.length > 0 && !summary.error) summary.error = doc.errors[0]?.message.split('\n')[0] ?? 'YAML error';
    const addScalar = (value: unknown, offset: number, block: boolean) => {
      if (typeof value !== 'string' && typeof value !== 'number') return;
      const base = lineCounter.linePos(offset).line + (block ? 1 : 0);
      String(value)
        .split('\n')
        .forEach((l, i) => {
          const t = l.trim();
          if (t && summary.commands.length < MAX_COMMANDS) summary.commands.push({ line: base + i, text: t.slice(0, 300) });
        });
    };
    try {
      visit(doc, {
        Pair(_key, pair) {
          if (!isScalar(pair.key)) return;
          const key = String(pair.key.value);
          const value = pair.value;
          if (COMMAND_KEYS.has(key)) {
            if (isScalar(value)) addScalar(value.value, value.range?.[0] ?? 0, value.type === 'BLOCK_LITERAL' || value.type === 'BLOCK_FOLDED');
            else if (isSeq(value))
              for (const item of value.items) if (isScalar(item)) addScalar(item.value, item.range?.[0] ?? 0, item.type === 'BLOCK_LITERAL' || item.type === 'BLOCK_FOLDED');
          } else if (NAME_KEYS.has(key) && isScalar(value) && typeof value.value === 'string') {
            summary.names.push(value.value.slice(0, 200));
          } else if (key === 'cron' && isScalar(value)) {
            summary.schedules.push(String(value.value).slice(0, 100));
          } else if (key === 'workflow_dispatch' && isMap(value)) {
            const inputs = value.get('inputs');
            if (isMap(inputs)) for (const item of inputs.items) if (isScalar(item.key)) summary.dispatchInputs.push(String(item.key.value));
          }
        },
      });
      const root = doc.contents;
      if (isMap(root)) {
        const on = root.get('on') ?? root.get(true);
        if (typeof on === 'string') summary.triggers.push(on);
        else if (isSeq(on)) for (const i of on.items) isScalar(i) && summary.triggers.push(String(i.value));
        else if (isMap(on)) for (const i of on.items) isScalar(i.key) && summary.triggers.push(String(i.key.value));
      }
    } catch (error) {
      summary.error ??= String((error as Error).message).split('\n')[0] ?? 'YAML error';
    }
  }
  return summary;
}

/** Jenkinsfile and plain scripts: sh/bat steps and shell lines, with their lines. */
export function summariseScriptText(text: string): PipelineSummary {
  const commands: PipelineCommand[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length && commands.length < MAX_COMMANDS; i++) {
    const t = (lines[i] ?? '').trim();
    if (!t || t.startsWith('#') || t.startsWith('//')) continue;
    commands.push({ line: i + 1, text: t.slice(0, 300) });
  }
  const names = [...text.matchAll(/stage\s*\(\s*['"]([^'"]{1,100})['"]/g)].map((m) => m[1] ?? '');
  return { commands, triggers: [], dispatchInputs: [], names, schedules: [], error: null };
}

const TEST_COMMAND =
  /\b(?:(?:npm|pnpm|yarn|bun)\s+(?:(?:-r|--recursive|run|workspaces|foreach|-A|--all|--filter\s+\S+)\s+)*(?:test|ci:test|test:\S+|e2e)|turbo\s+(?:run\s+)?test|nx\s+(?:run-many\s+)?(?:-t\s+|--target[= ])?test|(?:\.\/)?(?:scripts|bin)\/(?:test|ci|rspec|rails\s+test)|make\s+ci|npx\s+(?:jest|vitest|mocha|playwright|cypress)|jest|vitest|mocha|pytest|tox|nox|rspec|phpunit|go\s+test|cargo\s+(?:test|nextest)|(?:rake|rails)\s+(?:test|spec)|python3?\s+-m\s+(?:pytest|unittest)|manage\.py\s+test|mvn\b.*\b(?:test|verify)|gradlew?\b.*\b(?:test|check)|make\s+(?:test|check)|dotnet\s+test|node\s+--test|deno\s+test|mix\s+test)\b/i;
const BUILD_COMMAND =
  /\b(?:(?:npm|pnpm|yarn|bun)\s+(?:(?:-r|--recursive|run|workspaces|foreach|-A|--all|--filter\s+\S+)\s+)*build|turbo\s+(?:run\s+)?build|nx\s+(?:run-many\s+)?(?:-t\s+|--target[= ])?build|(?:\.\/)?(?:scripts|bin)\/build|go\s+build|cargo\s+build|docker\s+(?:build|buildx\s+build|compose\s+build)|tsc|mvn\b.*\b(?:package|install)|gradlew?\b.*\b(?:build|assemble)|dotnet\s+(?:build|publish)|python3?\s+-m\s+build|poetry\s+build|vite\s+build|next\s+build|rails\s+assets:precompile|make(?:\s+(?:build|all|release))?$)\b|docker\/build-push-action|(?:Npm|DotNetCoreCLI|Maven|Gradle|Docker)@\d/i;
const DEPLOY_COMMAND =
  /\b(?:fly(?:ctl)?\s+deploy|vercel\b.*(?:--prod|deploy)|netlify\s+deploy|git\s+push\s+\S*heroku|heroku\s+(?:container:release|deploy)|kubectl\s+(?:apply|set\s+image|rollout\s+restart)|helm\s+(?:upgrade|install)|terraform\s+apply|pulumi\s+up|railway\s+up|gcloud\s+(?:app\s+deploy|run\s+deploy|deploy)|aws\s+(?:ecs\s+update-service|deploy|s3\s+sync|lambda\s+update-function-code)|(?:serverless|sls)\s+deploy|eb\s+deploy|cap\s+\S+\s+deploy|kamal\s+deploy|(?:npm|pnpm|yarn)\s+(?:run\s+)?deploy|wrangler\s+(?:deploy|publish)|firebase\s+deploy|az\s+(?:webapp|containerapp|functionapp)\b.*\b(?:deploy|update|up)|docker\s+stack\s+deploy|dokku|caprover\s+deploy|render\s+deploys?\s+create)\b|superfly\/flyctl-actions(?!\/setup)|amondnet\/vercel-action|akhileshns\/heroku-deploy|amazon-ecs-deploy-task-definition|azure\/(?:webapps|functions|container-apps)-deploy|google-github-actions\/deploy|netlify\/actions|cloudflare\/wrangler-action|(?:AzureWebApp|AzureRmWebAppDeployment|KubernetesManifest|HelmDeploy)@\d/i;

export function isTestCommand(text: string): boolean {
  return TEST_COMMAND.test(text);
}

export function isBuildCommand(text: string): boolean {
  return BUILD_COMMAND.test(text);
}

/** Running a checked-in deploy script: ./deploy.sh, bash scripts/deploy-prod.sh, bin/deploy. */
const DEPLOY_SCRIPT = /^(?:(?:ba|z)?sh\s+|\.\/)?(?:[\w.-]+\/)*deploy[\w-]*(?:\.(?:sh|bash|py|js|mjs|ts|rb))?(?:\s|$)/i;

export function isDeployCommand(text: string): boolean {
  return DEPLOY_COMMAND.test(text) || DEPLOY_SCRIPT.test(text);
}

/** Commands that roll back or redeploy an earlier release. */
const ROLLBACK_COMMAND =
  /\b(?:roll\s*-?back|rollout\s+undo|helm\s+rollback|heroku\s+(?:rollback|releases:rollback)|vercel\s+(?:rollback|promote)|fly(?:ctl)?\s+(?:releases|deploy\s+--image)|kamal\s+rollback|cap\s+\S+\s+deploy:rollback|netlify\s+(?:rollback|api\s+restoreSiteDeploy)|revert\s+to\s+(?:the\s+)?previous)\b/i;

export function isRollbackText(text: string): boolean {
  return ROLLBACK_COMMAND.test(text);
}

/** workflow_dispatch input names that pick what to deploy (a previous version, tag, ref or image). */
export function isVersionInput(name: string): boolean {
  return /^(?:version|ref|tag|sha|commit|release|image|image[_-]?tag|git[_-]?ref|revision|build)$/i.test(name) || /(?:version|ref|tag|sha|release|revision)$/i.test(name);
}

// Environment variables in an app's files: where code reads them, where they are documented or set,
// whether they are validated at boot, and whether a local .env file is loaded. Pure functions over (path, text).

export type EnvFileRole = 'code' | 'env-example' | 'schema' | 'manifest' | 'compose' | 'dockerfile' | 'ci' | 'readme' | 'package-json' | null;

export interface EnvMention {
  name: string;
  line: number;
  kind: string;
}

export interface DotenvLoad {
  line: number;
  form: string;
  guarded: boolean;
}

export interface FileEnvAnalysis {
  reads: EnvMention[];
  documents: EnvMention[];
  /** Validation library or pattern seen in this file (envalid, zod parse of process.env, pydantic BaseSettings...). */
  validation: { library: string; line: number } | null;
  dotenv: DotenvLoad[];
}

/**
 * Set by the runtime, the platform or the shell rather than by the app's operator: never reported as undocumented.
 * Prefixes: npm_ (npm scripts), GITHUB_ / RUNNER_ (GitHub Actions), VERCEL_, RENDER_, FLY_, RAILWAY_, K_ (Cloud Run), AWS_LAMBDA_.
 */
export const WELL_KNOWN_ENV_VARS: ReadonlySet<string> = new Set([
  'NODE_ENV',
  'PORT',
  'HOST',
  'HOSTNAME',
  'HOME',
  'PATH',
  'PWD',
  'USER',
  'SHELL',
  'TERM',
  'TZ',
  'LANG',
  'LC_ALL',
  'TMPDIR',
  'TEMP',
  'TMP',
  'CI',
  'DEBUG',
  'NODE_OPTIONS',
  'NODE_DEBUG',
  'NO_COLOR',
  'FORCE_COLOR',
  'RAILS_ENV',
  'RACK_ENV',
  'PYTHONPATH',
  'PYTHONUNBUFFERED',
  'VIRTUAL_ENV',
  'GOPATH',
  'GOOS',
  'GOARCH',
  'VERCEL',
  'NETLIFY',
  'RENDER',
  'DYNO',
  'KUBERNETES_SERVICE_HOST',
  'AWS_REGION',
  'AWS_DEFAULT_REGION',
  'AWS_EXECUTION_ENV',
  'LAMBDA_TASK_ROOT',
  'DEV',
  'PROD',
  'MODE',
  'SSR',
  'BASE_URL',
]);
const WELL_KNOWN_PREFIX = /^(?:npm_|GITHUB_|RUNNER_|VERCEL_|RENDER_|FLY_|RAILWAY_|K_|AWS_LAMBDA_|NETLIFY_|HEROKU_)/;

export function isWellKnownEnvVar(name: string): boolean {
  return WELL_KNOWN_ENV_VARS.has(name) || WELL_KNOWN_PREFIX.test(name);
}

const NAME = '[A-Za-z_][A-Za-z0-9_]*';
const CODE_EXT = /\.(?:[cm]?[jt]sx?|vue|svelte|astro|py|rb|erb|rake|go)$/;
const MANIFEST_NAMES =
  /^(?:fly\.toml|render\.ya?ml|app\.ya?ml|app\.json|vercel\.json|netlify\.toml|railway\.(?:json|toml)|Procfile|now\.json|serverless\.ya?ml|template\.ya?ml|skaffold\.ya?ml|kustomization\.ya?ml|values\.ya?ml|Chart\.yaml|.*\.tf|.*\.tfvars)$/;

/** What a file can tell about env vars, by its path. */
export function envFileRole(path: string): EnvFileRole {
  const base = path.slice(path.lastIndexOf('/') + 1);
  if (/^\.?env\.(?:example|sample|template|dist|defaults)$|\.env\.[\w.-]*(?:example|sample|template)$|^\.env\.[\w-]+\.(?:example|sample|template)$/i.test(base))
    return 'env-example';
  if (/^(?:docker-)?compose(?:\.[\w-]+)*\.ya?ml$/i.test(base)) return 'compose';
  if (/^Dockerfile(?:\.[\w-]+)?$|\.Dockerfile$|^Containerfile$/i.test(base)) return 'dockerfile';
  if (/(?:^|\/)\.github\/workflows\/[^/]+\.ya?ml$|(?:^|\/)\.gitlab-ci\.ya?ml$|(?:^|\/)\.circleci\/config\.ya?ml$|^bitbucket-pipelines\.yml$/.test(path)) return 'ci';
  if (MANIFEST_NAMES.test(base) || /(?:^|\/)(?:k8s|kubernetes|deploy|manifests|helm|charts|infra|\.do)\/.*\.ya?ml$/i.test(path)) return 'manifest';
  if (/^readme(?:\.[\w-]+)?$|\.mdx?$/i.test(base)) return 'readme';
  if (base === 'package.json') return 'package-json';
  if (/(?:^|\/)(?:env|config|settings)(?:\.schema)?\.[cm]?[jt]s$|(?:^|\/)env\/(?:server|client|index)\.[cm]?[jt]s$/.test(path)) return 'schema';
  if (CODE_EXT.test(base)) return 'code';
  return null;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

function lineAt(starts: number[], index: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] as number) <= index) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

interface Pattern {
  re: RegExp;
  kind: string;
}

const JS_READS: Pattern[] = [
  { re: new RegExp(`process\\.env\\.(${NAME})`, 'g'), kind: 'process.env' },
  { re: new RegExp(`process\\.env\\[\\s*['"\`](${NAME})['"\`]\\s*\\]`, 'g'), kind: 'process.env' },
  { re: new RegExp(`import\\.meta\\.env\\.(${NAME})`, 'g'), kind: 'import.meta.env' },
  { re: new RegExp(`(?:Deno\\.env\\.get|Bun\\.env\\.get)\\(\\s*['"\`](${NAME})['"\`]`, 'g'), kind: 'Deno.env' },
  { re: new RegExp(`Bun\\.env\\.(${NAME})`, 'g'), kind: 'Bun.env' },
];
const PY_READS: Pattern[] = [
  { re: new RegExp(`os\\.environ\\s*\\[\\s*['"](${NAME})['"]\\s*\\]`, 'g'), kind: 'os.environ' },
  { re: new RegExp(`os\\.(?:environ\\.get|getenv)\\(\\s*['"](${NAME})['"]`, 'g'), kind: 'os.getenv' },
  { re: new RegExp(`\\benv\\.(?:str|int|bool|float|url|list|json)\\(\\s*['"](${NAME})['"]`, 'g'), kind: 'environs' },
];
const RB_READS: Pattern[] = [
  { re: new RegExp(`ENV\\s*\\[\\s*['"](${NAME})['"]\\s*\\]`, 'g'), kind: 'ENV[]' },
  { re: new RegExp(`ENV\\.fetch\\(\\s*['"](${NAME})['"]`, 'g'), kind: 'ENV.fetch' },
];
const GO_READS: Pattern[] = [{ re: new RegExp(`os\\.(?:Getenv|LookupEnv)\\(\\s*"(${NAME})"\\s*\\)`, 'g'), kind: 'os.Getenv' }];

type Language = 'js' | 'py' | 'rb' | 'go';

const VALIDATORS: { re: RegExp; library: string; lang: Language }[] = [
  { re: /\bcleanEnv\s*\(|from\s+['"]envalid['"]|require\(\s*['"]envalid['"]\s*\)/, library: 'envalid', lang: 'js' },
  { re: /from\s+['"]@t3-oss\/env-[\w-]+['"]|\bcreateEnv\s*\(/, library: 't3-env', lang: 'js' },
  {
    re: /\.(?:safeParse|parse|parseAsync|safeParseAsync)\s*\(\s*(?:process\.env|import\.meta\.env|Deno\.env\.toObject\(\))/,
    library: 'schema parse of process.env (zod / yup / superstruct)',
    lang: 'js',
  },
  { re: /\b(?:v\.)?(?:parse|safeParse)\s*\(\s*\w+\s*,\s*(?:process\.env|import\.meta\.env)/, library: 'valibot', lang: 'js' },
  { re: /\benvSchema\s*\(|from\s+['"]env-schema['"]/, library: 'env-schema', lang: 'js' },
  { re: /\bparseEnv\s*\(\s*process\.env/, library: 'znv', lang: 'js' },
  { re: /\bconvict\s*\(/, library: 'convict', lang: 'js' },
  { re: /validationSchema\s*:|\.validate\s*\(\s*process\.env/, library: 'joi / @nestjs/config', lang: 'js' },
  { re: /\(\s*BaseSettings\s*\)|from\s+pydantic_settings\s+import|\bBaseSettings\b/, library: 'pydantic BaseSettings', lang: 'py' },
  { re: /\bEnv\(\)\s*$|from\s+environs\s+import|\benviron\.Env\s*\(/m, library: 'environs / django-environ', lang: 'py' },
  { re: /Dotenv\.require_keys/, library: 'Dotenv.require_keys', lang: 'rb' },
  { re: /envconfig\.Process\s*\(|\benv\.Parse\s*\(/, library: 'envconfig / caarlos0/env', lang: 'go' },
];

const DOTENV_FORMS: { re: RegExp; form: string }[] = [
  { re: /import\(\s*['"]dotenv\/config['"]\s*\)/, form: "import('dotenv/config')" },
  { re: /import\s+['"]dotenv\/config['"]|require\(\s*['"]dotenv\/config['"]\s*\)/, form: "import 'dotenv/config'" },
  { re: /require\(\s*['"]dotenv['"]\s*\)\s*\.config\s*\(|\bdotenv\.config\s*\(|\bdotenvx?\.config\s*\(/, form: 'dotenv.config()' },
  { re: /\bload_dotenv\s*\(/, form: 'load_dotenv()' },
  { re: /\bDotenv\.load\b|require\s+['"]dotenv\/load['"]/, form: 'Dotenv.load' },
  { re: /\bgodotenv\.(?:Load|Overload)\s*\(/, form: 'godotenv.Load()' },
];
const NAMED_CONFIG_IMPORT = /import\s*\{[^}]*\bconfig\b[^}]*\}\s*from\s*['"]dotenv['"]/;
const GUARD = /NODE_ENV|APP_ENV|RAILS_ENV|RACK_ENV|FLASK_ENV|DJANGO_DEBUG|ENVIRONMENT|\bproduction\b|\bdevelopment\b|isProd|isDev|\bDEBUG\b|\bdev\b/i;

function scan(text: string, starts: number[], patterns: Pattern[], out: EnvMention[]): void {
  for (const { re, kind } of patterns) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) out.push({ name: m[1] as string, line: lineAt(starts, m.index), kind });
  }
}

/** `const { A, B: b, C = 'x' } = process.env` */
function destructuredReads(text: string, starts: number[], out: EnvMention[]): void {
  const re = /(?:const|let|var)\s*\{([^{}]{1,2000})\}\s*=\s*(?:process\.env|import\.meta\.env)\b/g;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const body = m[1] as string;
    const bodyStart = m.index + m[0].indexOf('{') + 1;
    const nameRe = /(?:^|,)\s*([A-Za-z_][A-Za-z0-9_]*)/g;
    for (let n = nameRe.exec(body); n !== null; n = nameRe.exec(body)) {
      out.push({ name: n[1] as string, line: lineAt(starts, bodyStart + n.index + n[0].indexOf(n[1] as string)), kind: 'process.env destructuring' });
    }
  }
}

function upperTokens(text: string, starts: number[], kind: string, out: EnvMention[]): void {
  const re = /\b([A-Z][A-Z0-9]*_[A-Z0-9_]*[A-Z0-9]|[A-Z]{4,})\b/g;
  const seen = new Set<string>();
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const name = m[1] as string;
    if (seen.has(name)) continue;
    seen.add(name);
    out.push({ name, line: lineAt(starts, m.index), kind });
  }
}

/** `environment:` / `env:` blocks of compose and CI files: `- KEY=value`, `- KEY`, `KEY: value`; `${VAR}` anywhere is a read. */
function yamlEnvBlocks(text: string, kind: string, result: FileEnvAnalysis): void {
  const lines = text.split('\n');
  let blockIndent = -1;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    // Compose substitutes ${VAR} from the host: the deploy must provide it (CI shell variables are the script's own).
    if (kind === 'compose')
      for (const m of line.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?[-?][^}]*)?\}/g)) result.reads.push({ name: m[1] as string, line: i + 1, kind: 'compose interpolation' });
    if (line.trim() === '' || line.trim().startsWith('#')) continue;
    const indent = line.length - line.trimStart().length;
    if (blockIndent >= 0 && indent <= blockIndent && !line.trimStart().startsWith('- ')) blockIndent = -1;
    else if (blockIndent >= 0 && indent < blockIndent) blockIndent = -1;
    if (blockIndent >= 0) {
      const item = /^\s*-\s*["']?([A-Za-z_][A-Za-z0-9_]*)(=?)/.exec(line) ?? /^\s*["']?([A-Za-z_][A-Za-z0-9_]*)["']?\s*:/.exec(line);
      if (item) {
        // A bare `- KEY` passes the host's value through: the deploy must provide it.
        if (item[2] === '' && /^\s*-/.test(line) && !/[=:]/.test(line.slice(line.indexOf(item[1] as string))))
          result.reads.push({ name: item[1] as string, line: i + 1, kind: `${kind} pass-through` });
        else result.documents.push({ name: item[1] as string, line: i + 1, kind });
      }
      continue;
    }
    if (/^\s*(?:environment|env|variables)\s*:\s*$/.test(line)) blockIndent = indent;
  }
}

function isGuarded(lines: string[], index: number): boolean {
  const line = lines[index] ?? '';
  if (GUARD.test(line)) return true;
  // Inside an if-block that tests the environment, within a few lines above.
  for (let k = index - 1; k >= Math.max(0, index - 3); k--) {
    const prev = lines[k] ?? '';
    if (/\bif\b|\bunless\b|\?\s*$|&&\s*$/.test(prev) && GUARD.test(prev)) return true;
  }
  return false;
}

function dotenvLoads(text: string): DotenvLoad[] {
  const lines = text.split('\n');
  const loads: DotenvLoad[] = [];
  const namedConfig = NAMED_CONFIG_IMPORT.test(text);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (/^\s*(?:\/\/|#|\*)/.test(line)) continue;
    let form = DOTENV_FORMS.find((f) => f.re.test(line))?.form;
    if (!form && namedConfig && /(?:^|[;\s])config\s*\(/.test(line) && !/import/.test(line)) form = 'config() from dotenv';
    if (form) loads.push({ line: i + 1, form, guarded: form === "import 'dotenv/config'" ? false : isGuarded(lines, i) });
  }
  return loads;
}

export function analyzeEnvFile(path: string, text: string, role: EnvFileRole = envFileRole(path)): FileEnvAnalysis {
  const result: FileEnvAnalysis = { reads: [], documents: [], validation: null, dotenv: [] };
  if (role === null) return result;
  const starts = lineStarts(text);
  const base = path.slice(path.lastIndexOf('/') + 1);
  if (role === 'code' || role === 'schema') {
    if (/\.[cm]?[jt]sx?$|\.(?:vue|svelte|astro)$/.test(base)) {
      scan(text, starts, JS_READS, result.reads);
      destructuredReads(text, starts, result.reads);
    } else if (base.endsWith('.py')) scan(text, starts, PY_READS, result.reads);
    else if (/\.(?:rb|erb|rake)$/.test(base)) scan(text, starts, RB_READS, result.reads);
    else if (base.endsWith('.go')) scan(text, starts, GO_READS, result.reads);
    const lang: Language = /\.py$/.test(base) ? 'py' : /\.(?:rb|erb|rake)$/.test(base) ? 'rb' : base.endsWith('.go') ? 'go' : 'js';
    for (const v of VALIDATORS) {
      if (v.lang !== lang) continue;
      const m = v.re.exec(text);
      if (m) {
        result.validation = { library: v.library, line: lineAt(starts, m.index) };
        break;
      }
    }
    // A validation schema documents the keys it declares.
    if (result.validation) {
      const keyRe = /^\s*["']?([A-Z][A-Z0-9_]+)["']?\s*:/gm;
      for (let m = keyRe.exec(text); m !== null; m = keyRe.exec(text)) result.documents.push({ name: m[1] as string, line: lineAt(starts, m.index), kind: 'schema' });
      if (result.validation.library === 'pydantic BaseSettings') {
        const fieldRe = /^\s+([a-z_][a-z0-9_]*)\s*:\s*[A-Za-z]/gm;
        for (let m = fieldRe.exec(text); m !== null; m = fieldRe.exec(text))
          result.documents.push({ name: (m[1] as string).toUpperCase(), line: lineAt(starts, m.index), kind: 'schema' });
      }
    }
    result.dotenv = dotenvLoads(text);
    return result;
  }
  if (role === 'env-example') {
    const re = /^\s*#?\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=/gm;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) result.documents.push({ name: m[1] as string, line: lineAt(starts, m.index), kind: 'env example' });
    return result;
  }
  if (role === 'dockerfile') {
    const re = /^\s*(ENV|ARG)\s+(.+)$/gim;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      const line = lineAt(starts, m.index);
      const rest = m[2] as string;
      const names = /=/.test(rest) ? [...rest.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=/g)].map((x) => x[1] as string) : [rest.split(/\s+/)[0] as string];
      for (const name of names) if (/^[A-Za-z_]\w*$/.test(name)) result.documents.push({ name, line, kind: `Dockerfile ${(m[1] as string).toUpperCase()}` });
    }
    return result;
  }
  if (role === 'compose' || role === 'ci') {
    yamlEnvBlocks(text, role === 'compose' ? 'compose' : 'CI', result);
    if (role === 'compose') upperTokens(text, starts, 'compose', result.documents);
    return result;
  }
  if (role === 'manifest') {
    upperTokens(text, starts, 'deploy manifest', result.documents);
    return result;
  }
  if (role === 'readme') {
    upperTokens(text, starts, 'docs', result.documents);
    return result;
  }
  return result;
}

/** Entry points named by package.json (main, bin, the start script's file). */
export function packageEntryPoints(text: string): string[] {
  let pkg: { main?: unknown; bin?: unknown; scripts?: Record<string, unknown> };
  try {
    pkg = JSON.parse(text);
  } catch {
    return [];
  }
  const out = new Set<string>();
  const add = (p: unknown) => {
    if (typeof p === 'string' && p.length < 300) out.add(p.replace(/^\.\//, ''));
  };
  add(pkg.main);
  if (typeof pkg.bin === 'string') add(pkg.bin);
  else if (pkg.bin && typeof pkg.bin === 'object') for (const v of Object.values(pkg.bin)) add(v);
  for (const script of ['start', 'serve', 'start:prod']) {
    const cmd = pkg.scripts?.[script];
    if (typeof cmd !== 'string') continue;
    for (const m of cmd.matchAll(/(?:^|\s)(?:node|tsx|ts-node|bun|deno run)\s+(?:-[-\w=/]+\s+)*([\w./-]+\.[cm]?[jt]s)\b/g)) add(m[1]);
  }
  return [...out];
}

/** Does the start script load .env itself (`node -r dotenv/config`, `--env-file`)? */
export function startScriptLoadsDotenv(text: string): string | null {
  try {
    const pkg = JSON.parse(text) as { scripts?: Record<string, unknown> };
    const cmd = pkg.scripts?.start;
    if (typeof cmd === 'string' && /-r\s+dotenv\/config|--require[=\s]dotenv\/config|--env-file[=\s]|dotenv\s+--?\s/.test(cmd)) return cmd.slice(0, 200);
  } catch {}
  return null;
}

const CONVENTIONAL_ENTRY =
  /^(?:src\/|app\/|server\/)?(?:index|server|main|app)\.[cm]?[jt]s$|^(?:app\/|src\/)?(?:main|app|wsgi|asgi|manage)\.py$|^[\w-]+\/(?:wsgi|asgi|settings)\.py$|^config\.ru$|^config\/(?:application|boot|environment)\.rb$|^app\.rb$|^(?:cmd\/[\w-]+\/)?main\.go$/;

/** A file the app starts from in production (named by package.json or by convention). */
export function isEntryPoint(path: string, declared: readonly string[]): boolean {
  if (CONVENTIONAL_ENTRY.test(path)) return true;
  const stem = path.replace(/\.[cm]?[jt]s$/, '');
  return declared.some((d) => {
    const ds = d.replace(/\.[cm]?[jt]s$/, '');
    // dist/server.js is built from src/server.ts
    return ds === stem || ds.replace(/^(?:dist|build|lib|out)\//, 'src/') === stem || ds.replace(/^(?:dist|build|lib|out)\//, '') === stem;
  });
}

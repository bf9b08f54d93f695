// What `launchready init` can tell about a repository: framework, routes, hosts, migrations dir, env files. Bounded reads.
import { existsSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { getDomain } from 'tldts';
import { findMigrationSets } from '../collect/migrations/layout.js';
import { readRegularFileSync } from '../safe-file.js';

export interface DetectedRoute {
  method: string;
  path: string;
  kind: string;
  source: string;
}

export interface RepoDetection {
  framework: string | null;
  appName: string | null;
  routes: DetectedRoute[];
  urls: string[];
  /** Migration sets found the way the migrations stage finds them (ORM config, the usual places, a tree search). */
  migrationSets: { dir: string; tool: string; foundBy: string }[];
  envFiles: string[];
  envVarForDatabase: string | null;
}

const SKIP_DIRS = new Set(['node_modules', '.git', 'dist', 'build', '.next', 'vendor', 'coverage', '.venv', 'venv', '__pycache__', 'tmp', 'log']);
const MAX_FILES = 5000;
const MAX_FILE_BYTES = 512 * 1024;
const CODE_EXT = /\.(m?[jt]sx?|cjs|py|rb|go)$/;

function readSmall(path: string): string | null {
  try {
    return readRegularFileSync(path, { maxBytes: MAX_FILE_BYTES, follow: false }).toString('utf8');
  } catch {
    return null;
  }
}

function walk(root: string, visit: (path: string) => void): void {
  const stack = [root];
  let seen = 0;
  while (stack.length > 0 && seen < MAX_FILES) {
    const dir = stack.pop() as string;
    let entries: import('node:fs').Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      if (e.isSymbolicLink()) continue;
      const p = join(dir, e.name);
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name) && !e.name.startsWith('.')) stack.push(p);
      } else if (e.isFile() && ++seen <= MAX_FILES) visit(p);
    }
  }
}

/**
 * A proposed route kind from the whole words of the path's literal segments (parameters such as :id and [slug] are
 * not words): `/api/websites/:id/sessions` lists sessions (a read), `/api/websites/:id/reset` resets a website, not a
 * password, and only a POST to `/sessions` signs in.
 */
function routeKind(path: string, method: string): string {
  const segments = path
    .toLowerCase()
    .split('/')
    .filter((s) => s !== '' && !s.startsWith(':') && !s.startsWith('['));
  const words = new Set(segments.flatMap((s) => s.split(/[-_.]/)));
  const joined = segments.map((s) => s.replace(/[-_.]/g, '')).join('/');
  const has = (...w: string[]) => w.some((x) => words.has(x));
  const last = segments.at(-1) ?? '';
  if (['health', 'healthz', 'healthcheck', 'health-check', 'ping', 'ready', 'readyz', 'live', 'livez', 'livenessprobe', 'up', 'status'].includes(last)) return 'health';
  if (has('password', 'forgot') || /(?:^|\/)(?:forgotpassword|resetpassword|passwordreset)(?:\/|$)/.test(joined)) return 'password-reset';
  if (has('login', 'signin', 'logon') || /(?:^|\/)(?:signin|login)(?:\/|$)/.test(joined) || /(?:^|\/)(?:oauth|auth)\/token(?:\/|$)/.test(joined)) return 'login';
  const nested = /\/(?::|\[)/.test(path); // under a parameter: a resource's sessions, not the sign-in endpoint
  if (method === 'POST' && !nested && (last === 'session' || last === 'sessions')) return 'login';
  if (has('signup', 'register', 'registration') || /(?:^|\/)signup(?:\/|$)/.test(joined)) return 'signup';
  if (has('webhook', 'webhooks', 'hook', 'hooks', 'callback', 'callbacks')) return 'webhook';
  if (has('report', 'reports', 'export', 'exports', 'analytics', 'stats')) return 'report';
  if (method !== 'GET') return 'public-api';
  return segments[0] === 'api' ? 'read' : 'page';
}

const FRAMEWORKS: [string, string][] = [
  ['next', 'Next.js'],
  ['@nestjs/core', 'NestJS'],
  ['@remix-run/node', 'Remix'],
  ['@sveltejs/kit', 'SvelteKit'],
  ['nuxt', 'Nuxt'],
  ['fastify', 'Fastify'],
  ['hono', 'Hono'],
  ['koa', 'Koa'],
  ['express', 'Express'],
];

export function detectRepo(root: string): RepoDetection {
  const result: RepoDetection = { framework: null, appName: null, routes: [], urls: [], migrationSets: [], envFiles: [], envVarForDatabase: null };
  const pkgText = readSmall(join(root, 'package.json'));
  if (pkgText) {
    try {
      const pkg = JSON.parse(pkgText) as { name?: string; homepage?: string; dependencies?: Record<string, string>; devDependencies?: Record<string, string> };
      result.appName = pkg.name ?? null;
      const deps = { ...pkg.dependencies, ...pkg.devDependencies };
      result.framework = FRAMEWORKS.find(([dep]) => dep in deps)?.[1] ?? null;
      if (pkg.homepage && /^https?:\/\//.test(pkg.homepage)) result.urls.push(pkg.homepage);
    } catch {
      // a broken package.json is the repo's problem, not init's
    }
  }
  const requirements = readSmall(join(root, 'requirements.txt')) ?? readSmall(join(root, 'pyproject.toml')) ?? '';
  if (!result.framework && /\bdjango\b/i.test(requirements)) result.framework = 'Django';
  if (!result.framework && /\bfastapi\b/i.test(requirements)) result.framework = 'FastAPI';
  if (!result.framework && /\bflask\b/i.test(requirements)) result.framework = 'Flask';
  if (!result.framework && /\brails\b/.test(readSmall(join(root, 'Gemfile')) ?? '')) result.framework = 'Rails';
  if (!result.framework && existsSync(join(root, 'go.mod'))) result.framework = 'Go';

  const seenRoutes = new Set<string>();
  const addRoute = (method: string, path: string, source: string) => {
    const m = method.toUpperCase();
    const key = `${m} ${path}`;
    if (seenRoutes.has(key) || result.routes.length >= 40 || !path.startsWith('/') || path.includes('*')) return;
    seenRoutes.add(key);
    result.routes.push({ method: m, path, kind: routeKind(path, m), source });
  };
  const codeUrls: string[] = [];
  walk(root, (file) => {
    const rel = relative(root, file).split(sep).join('/');
    const base = rel.split('/').pop() ?? '';
    if (/^\.env(\.[\w-]+)?$/.test(base) || base.endsWith('.env.example')) result.envFiles.push(rel);
    // Next.js app router: app/api/x/route.ts → /api/x
    const next = /(?:^|\/)app(\/api\/.*)\/route\.[jt]sx?$/.exec(rel) ?? /(?:^|\/)pages(\/api\/.*?)(?:\/index)?\.[jt]sx?$/.exec(rel);
    if (next?.[1]) addRoute('GET', next[1].replace(/\[([^\]]+)\]/g, ':$1'), rel);
    if (!CODE_EXT.test(base)) return;
    const text = readSmall(file);
    if (!text) return;
    for (const m of text.matchAll(/\b(?:app|router|server|api|r)\.(get|post|put|patch|delete)\(\s*['"`](\/[^'"`]*)['"`]/g)) addRoute(m[1] as string, m[2] as string, rel);
    for (const m of text.matchAll(/@(?:app|bp|router|blueprint)\.(get|post|put|patch|delete|route)\(\s*['"](\/[^'"]*)['"]/g))
      addRoute(m[1] === 'route' ? 'GET' : (m[1] as string), m[2] as string, rel);
    for (const m of text.matchAll(/\b(?:DATABASE_URL|POSTGRES_URL|PG_URL|DB_URL)\b/g)) result.envVarForDatabase ??= m[0];
    for (const m of text.matchAll(/https:\/\/(?:app|www|api)\.[a-z0-9.-]+\.[a-z]{2,}/g)) if (!codeUrls.includes(m[0]) && codeUrls.length < 50) codeUrls.push(m[0]);
  });
  result.envFiles.sort();
  // A URL in code is proposed only when it is the project's own: its domain is named by the homepage, a CNAME file,
  // an env template's app URL, or carries the app's name. api.github.com or api.stripe.com in a client are not.
  const own = ownDomains(root, result);
  for (const url of codeUrls) {
    const domain = getDomain(new URL(url).hostname, { allowPrivateDomains: false });
    if (domain && !THIRD_PARTY_DOMAINS.has(domain) && own(domain) && result.urls.length < 5 && !result.urls.includes(url)) result.urls.push(url);
  }
  return result;
}

/** Registrable domains of services apps call, never an app's own canonical host. */
const THIRD_PARTY_DOMAINS = new Set(
  'github.com githubusercontent.com gitlab.com bitbucket.org stripe.com paypal.com braintreegateway.com squareup.com googleapis.com google.com gstatic.com firebaseio.com firebaseapp.com amazonaws.com cloudfront.net azure.com windows.net microsoft.com microsoftonline.com live.com slack.com discord.com discordapp.com telegram.org twilio.com sendgrid.com sendgrid.net mailgun.net mailgun.org postmarkapp.com resend.com openai.com anthropic.com cohere.ai huggingface.co vercel.com vercel.app netlify.com netlify.app heroku.com herokuapp.com fly.io fly.dev render.com onrender.com railway.app supabase.co supabase.com sentry.io datadoghq.com newrelic.com posthog.com segment.io segment.com mixpanel.com intercom.io auth0.com okta.com clerk.com clerk.dev cloudflare.com twitter.com x.com facebook.com linkedin.com apple.com shopify.com notion.so linear.app atlassian.net atlassian.com npmjs.org npmjs.com unpkg.com jsdelivr.net'.split(
    ' ',
  ),
);

const APP_URL_VARS =
  /^\s*(?:export\s+)?(?:NEXT_PUBLIC_|VITE_|PUBLIC_|REACT_APP_)?(?:APP_URL|BASE_URL|SITE_URL|PUBLIC_URL|WEBAPP_URL|WEB_URL|NEXTAUTH_URL|CANONICAL_URL|HOST_URL|FRONTEND_URL)\s*=\s*["']?(https:\/\/[^\s"']+)/gm;

function ownDomains(root: string, detection: RepoDetection): (domain: string) => boolean {
  const named = new Set<string>();
  const add = (url: string): void => {
    try {
      const d = getDomain(new URL(url.includes('://') ? url : `https://${url}`).hostname, { allowPrivateDomains: false });
      if (d) named.add(d);
    } catch {}
  };
  for (const url of detection.urls) add(url);
  const cname = readSmall(join(root, 'CNAME'))?.trim();
  if (cname && /^[a-z0-9.-]+$/i.test(cname)) add(cname);
  for (const file of detection.envFiles.filter((f) => /example|sample|template/.test(f)).slice(0, 20)) {
    for (const m of (readSmall(join(root, file)) ?? '').matchAll(APP_URL_VARS)) add(m[1] as string);
  }
  const nameToken = (detection.appName ?? '')
    .replace(/^@[^/]+\//, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
  return (domain) => named.has(domain) || (nameToken.length >= 4 && domain.replace(/[^a-z0-9]/g, '').includes(nameToken));
}

/** The migration sets the migrations stage would find in this repository, with paths relative to it. */
export async function detectMigrationSets(root: string): Promise<RepoDetection['migrationSets']> {
  const sets = await findMigrationSets(root, null);
  return sets.map((s) => ({ dir: relative(root, s.dir).split(sep).join('/') || '.', tool: s.tool, foundBy: s.foundBy ?? 'the usual place' }));
}

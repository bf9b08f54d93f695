// What `launchready init` can tell about a repository: framework, routes, hosts, migrations dir, env files. Bounded reads.
import { existsSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { getDomain } from 'tldts';
import { findMigrationSets } from '../collect/migrations/layout.js';
import { readRegularFileSync } from '../safe-file.js';
import { djangoRoutes } from './django-routes.js';
import { type FoundRoute, nextRoutes, routeBudget, stripComments } from './next-routes.js';
import { nodeServerRoutes } from './node-routes.js';
import { railsRoutes } from './rails-routes.js';
import { codeRoutes, DECLARES_ROUTES } from './react-router-code.js';
import { remixRoutes } from './remix-routes.js';
import { workspaceDirs } from './workspaces.js';

export interface DetectedRoute {
  method: string;
  path: string;
  kind: string;
  source: string;
  /** Proposed for `critical: true`: a few GET routes without parameters that a monitor can request as they are. */
  critical?: boolean;
}

/** An app of the repository (the root or a workspace package) with a framework init recognises. */
export interface DetectedApp {
  /** Repository-relative, '.' for the root. */
  dir: string;
  framework: string;
  routes: number;
}

export interface RepoDetection {
  framework: string | null;
  appName: string | null;
  /** The routes proposed for the config: the most useful MAX_ROUTES of the main app's. */
  routes: DetectedRoute[];
  /** How many routes the main app has in all, before choosing. */
  routesFound: number;
  /** What init could not read about the main app's routes (a basePath set from the environment), for the config's comments. */
  routeNotes: string[];
  /** The app whose routes are proposed ('.' for the root), and the others found (routes not proposed). */
  mainApp: string | null;
  apps: DetectedApp[];
  /** URLs on the project's own domains found in its code (a hint for canonical unless a deployment names them). */
  urls: string[];
  /** Proposed as app.canonical: named by an env template's app URL or a CNAME file, so it is where this app runs. */
  canonical: string | null;
  /** package.json homepage: usually the marketing site, so only ever a commented-out hint. */
  homepage: string | null;
  /** Migration sets found the way the migrations stage finds them (ORM config, the usual places, a tree search). */
  migrationSets: { dir: string; tool: string; foundBy: string }[];
  envFiles: string[];
  envVarForDatabase: string | null;
}

/** Routes written into the config at most: more is noise for load and protection, and each costs load-test time. */
export const MAX_ROUTES = 40;
/** Routes proposed as critical at most: each becomes a monitor, and a wall of findings hides the ones that matter. */
const MAX_CRITICAL = 5;

const SKIP_DIRS = new Set(['node_modules', '.git', 'dist', 'build', '.next', 'vendor', 'coverage', '.venv', 'venv', '__pycache__', 'tmp', 'log']);
const MAX_FILES = 5000;
const MAX_FILE_BYTES = 512 * 1024;
/** Tests, mocks and fixtures: routes they declare are stand-ins, not the app's. */
const TEST_FILE = /(?:^|\/)(?:__tests__|__mocks__|tests?|spec|e2e|cypress|playwright|fixtures?|mocks?)\/|\.(?:test|spec|e2e|stories)\.[cm]?[jt]sx?$/;
const CODE_EXT = /\.(m?[jt]sx?|cjs|py|rb|go)$/;
const JS_EXT = /\.(?:[cm]?[jt]sx?)$/;
/** A JS/TS file that may route or mount (`.get(`, `.use(`, `.route(`, `.register(`, `.basePath(`): kept for the mount graph. */
const MAY_ROUTE = /\.\s*(?:get|post|put|patch|delete|all|use|route|register|basePath)\s*(?:<[^>]*>)?\s*\(/;
/** JS/TS files kept for the mount graph at most, and their bytes in all: a huge frontend stays cheap. */
const MAX_SERVER_FILES = 3000;
const MAX_SERVER_BYTES = 32 * 1024 * 1024;

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
function routeKind(path: string, requestMethod: string): string {
  // HEAD and OPTIONS read nothing and change nothing: they are kinds of GET here, not a public API write
  const method = requestMethod === 'HEAD' || requestMethod === 'OPTIONS' ? 'GET' : requestMethod;
  const segments = path
    .toLowerCase()
    .split('/')
    .filter((s) => s !== '' && !s.startsWith(':') && !s.startsWith('['));
  const words = new Set(segments.flatMap((s) => s.split(/[-_.]/)));
  const joined = segments.map((s) => s.replace(/[-_.]/g, '')).join('/');
  const has = (...w: string[]) => w.some((x) => words.has(x));
  const last = segments.at(-1) ?? '';
  if (['health', 'healthz', 'healthcheck', 'health-check', 'ping', 'ready', 'readyz', 'live', 'livez', 'livenessprobe', 'up', 'status', 'heartbeat'].includes(last))
    return 'health';
  // sign-in, password reset and sign-up are the writes the protection stage bursts (a blocker when not rate
  // limited); a GET of /login is the form's page, which nobody rate-limits
  const page = segments.includes('api') ? 'read' : 'page'; // /api/x, or under a basePath: /app/api/x
  if (method === 'GET' && authWords(path)) return page;
  // `password` names a reset with a verb beside it or alone (devise's /users/password); documenso's sign-in is
  // POST /api/auth/email-password/authorize and its sign-up .../email-password/signup
  const passwordVerb = has('reset', 'forgot', 'forgotten', 'recover', 'change', 'update', 'new', 'set', 'lost');
  if (
    has('forgot') ||
    (has('password', 'passwords') && (passwordVerb || last === 'password' || last === 'passwords')) ||
    /(?:^|\/)(?:forgotpassword|resetpassword|passwordreset)(?:\/|$)/.test(joined)
  )
    return 'password-reset';
  if ((last === 'authorize' || last === 'authenticate') && method === 'POST' && !has('oauth', 'oauth2')) return 'login';
  if (has('login', 'signin', 'logon') || /(?:^|\/)(?:signin|login)(?:\/|$)/.test(joined) || /(?:^|\/)(?:oauth|auth)\/token(?:\/|$)/.test(joined)) return 'login';
  const nested = /\/(?::|\[)/.test(path); // under a parameter: a resource's sessions, not the sign-in endpoint
  if (method === 'POST' && !nested && (last === 'session' || last === 'sessions')) return 'login';
  if (has('signup', 'register', 'registration') || /(?:^|\/)signup(?:\/|$)/.test(joined)) return 'signup';
  // a webhook is received by a write; a GET .../webhooks lists or shows the ones configured
  if (method !== 'GET' && has('webhook', 'webhooks', 'hook', 'hooks', 'callback', 'callbacks')) return 'webhook';
  if (has('report', 'reports', 'export', 'exports', 'analytics', 'stats')) return 'report';
  if (method !== 'GET') return 'public-api';
  return page;
}

/** Does the path name sign-in, password reset or sign-up (whole words), whatever the method? */
function authWords(path: string): boolean {
  return ['login', 'password-reset', 'signup'].includes(routeKind(path, 'PUT'));
}

const FRAMEWORKS: [string, string][] = [
  ['next', 'Next.js'],
  ['@nestjs/core', 'NestJS'],
  ['@react-router/dev', 'React Router'],
  ['@remix-run/node', 'Remix'],
  ['@sveltejs/kit', 'SvelteKit'],
  ['nuxt', 'Nuxt'],
  ['fastify', 'Fastify'],
  ['hono', 'Hono'],
  ['koa', 'Koa'],
  ['express', 'Express'],
  // a single-page app routing in code (createBrowserRouter, <Route>): last, a server framework beside it names the app
  ['react-router-dom', 'React Router'],
  ['react-router', 'React Router'],
];

interface PackageJson {
  name?: string;
  homepage?: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

function readPackage(dir: string): PackageJson | null {
  const text = readSmall(join(dir, 'package.json'));
  if (!text) return null;
  try {
    const pkg = JSON.parse(text) as unknown;
    return pkg && typeof pkg === 'object' ? (pkg as PackageJson) : null;
  } catch {
    return null; // a broken package.json is the repo's problem, not init's
  }
}

/** The framework of one app directory, from its package.json or its Gemfile. */
function frameworkOf(dir: string): string | null {
  const pkg = readPackage(dir);
  if (pkg) {
    const deps = { ...pkg.dependencies, ...pkg.devDependencies };
    const found = FRAMEWORKS.find(([dep]) => Object.hasOwn(deps, dep))?.[1];
    if (found) return found;
  }
  if (/\brails\b/.test(readSmall(join(dir, 'Gemfile')) ?? '') && existsSync(join(dir, 'config', 'routes.rb'))) return 'Rails';
  return null;
}

/** Workspace apps that are tooling or documentation rather than the product: their routes are not the launch's. */
const SIDE_APP = /(?:^|[-_/])(?:docs?|documentation|storybook|examples?|demo|playground|e2e|tests?|landing|marketing|website|www|blog)(?:$|[-_])/;

export function detectRepo(root: string): RepoDetection {
  const result: RepoDetection = {
    framework: null,
    appName: null,
    routes: [],
    routesFound: 0,
    routeNotes: [],
    mainApp: null,
    apps: [],
    urls: [],
    canonical: null,
    homepage: null,
    migrationSets: [],
    envFiles: [],
    envVarForDatabase: null,
  };
  const pkg = readPackage(root);
  if (pkg) {
    result.appName = typeof pkg.name === 'string' ? pkg.name : null;
    if (typeof pkg.homepage === 'string' && /^https?:\/\//.test(pkg.homepage) && URL.canParse(pkg.homepage)) result.homepage = pkg.homepage;
  }
  let rootFramework = frameworkOf(root);
  const requirements = readSmall(join(root, 'requirements.txt')) ?? readSmall(join(root, 'pyproject.toml')) ?? '';
  if (!rootFramework && /\bdjango\b/i.test(requirements)) rootFramework = 'Django';
  if (!rootFramework && /\bfastapi\b/i.test(requirements)) rootFramework = 'FastAPI';
  if (!rootFramework && /\bflask\b/i.test(requirements)) rootFramework = 'Flask';
  if (!rootFramework && /\brails\b/.test(readSmall(join(root, 'Gemfile')) ?? '')) rootFramework = 'Rails';
  if (!rootFramework && existsSync(join(root, 'go.mod'))) rootFramework = 'Go';

  // Every app: the root and each workspace package; routes read from the files each framework routes by.
  const appDirs = ['', ...workspaceDirs(root)];
  const byApp = new Map<string, FoundRoute[]>();
  const frameworks = new Map<string, string>();
  const notesByApp = new Map<string, string[]>();
  const budget = routeBudget();
  for (const dir of appDirs) {
    const framework = dir === '' ? rootFramework : frameworkOf(join(root, dir));
    if (!framework) continue;
    frameworks.set(dir, framework);
    const notes: string[] = [];
    notesByApp.set(dir, notes);
    const found =
      framework === 'Next.js'
        ? nextRoutes(root, dir, budget, notes)
        : framework === 'Rails'
          ? railsRoutes(root, dir)
          : framework === 'React Router' || framework === 'Remix'
            ? remixRoutes(root, dir, budget)
            : framework === 'Django'
              ? djangoRoutes(root, dir)
              : [];
    byApp.set(dir, found);
  }
  const appOf = (source: string) => appDirs.filter((d) => d !== '' && source.startsWith(`${d}/`)).sort((a, b) => b.length - a.length)[0] ?? '';

  const codeUrls: string[] = [];
  const serverFiles = new Map<string, string>();
  let serverBytes = 0;
  walk(root, (file) => {
    const rel = relative(root, file).split(sep).join('/');
    const base = rel.split('/').pop() ?? '';
    if (/^\.env(\.[\w-]+)?$/.test(base) || base.endsWith('.env.example')) result.envFiles.push(rel);
    if (!CODE_EXT.test(base)) return;
    const text = readSmall(file);
    if (!text) return;
    const routes: FoundRoute[] = [];
    if (JS_EXT.test(base)) {
      // Express, Hono, Koa, Fastify: routes with their mount prefixes, read after the walk (mounts cross files)
      // a test's mock server (`server.get('/v1/x')` in a .test.ts) is not the app's routing
      const code = TEST_FILE.test(rel) ? '' : stripComments(text);
      // React Router routes declared in code (an SPA's createBrowserRouter or <Route> tree): pages of this app
      if (DECLARES_ROUTES.test(code)) routes.push(...codeRoutes(code, rel));
      if (MAY_ROUTE.test(code) && serverFiles.size < MAX_SERVER_FILES && serverBytes + code.length <= MAX_SERVER_BYTES) {
        serverFiles.set(rel, code);
        serverBytes += code.length;
      }
    } else
      for (const m of text.matchAll(/\b(?:app|router|server|api|r)\.(get|post|put|patch|delete)\(\s*['"`](\/[^'"`]*)['"`]/g))
        routes.push({ method: (m[1] as string).toUpperCase(), path: m[2] as string, source: rel });
    for (const m of text.matchAll(/@(?:app|bp|router|blueprint)\.(get|post|put|patch|delete|route)\(\s*['"](\/[^'"]*)['"]/g))
      routes.push({ method: m[1] === 'route' ? 'GET' : (m[1] as string).toUpperCase(), path: m[2] as string, source: rel });
    // a test's mock server (`server.get('/v1/x')` in a .test.ts) is not the app's routing
    if (routes.length > 0 && !TEST_FILE.test(rel)) {
      const app = appOf(rel);
      byApp.set(app, [...(byApp.get(app) ?? []), ...routes]);
    }
    for (const m of text.matchAll(/\b(?:DATABASE_URL|POSTGRES_URL|PG_URL|DB_URL)\b/g)) result.envVarForDatabase ??= m[0];
    for (const m of text.matchAll(/https:\/\/(?:app|www|api)\.[a-z0-9.-]+\.[a-z]{2,}/g)) if (!codeUrls.includes(m[0]) && codeUrls.length < 50) codeUrls.push(m[0]);
  });
  result.envFiles.sort();
  const packages = new Map<string, string>();
  for (const dir of appDirs.filter((d) => d !== '')) {
    const name = readPackage(join(root, dir))?.name;
    if (typeof name === 'string' && !packages.has(name)) packages.set(name, dir);
  }
  for (const { root: mountedBy, ...r } of nodeServerRoutes(serverFiles, packages)) {
    const app = appOf(mountedBy);
    if (!byApp.has(app)) byApp.set(app, []);
    byApp.get(app)?.push(r);
  }

  // One app's routes go into the config (paths are that app's, on the canonical host): the root's when it is an app
  // with routes, otherwise the product app with the most (a docs site or storybook only when there is nothing else).
  const unique = new Map<string, DetectedRoute[]>();
  for (const [dir, found] of byApp) {
    const seen = new Set<string>();
    const list: DetectedRoute[] = [];
    for (const r of found) {
      const key = `${r.method} ${r.path}`;
      // the config schema's methods only (a Rails `match via: [:link]` would make the generated file invalid)
      if (seen.has(key) || !r.path.startsWith('/') || r.path.includes('*') || !CONFIG_METHODS.has(r.method)) continue;
      seen.add(key);
      // an explicit kind is for the write it names; a GET keeps the kind its path gives (a page, a read)
      const kind = r.kind && r.method !== 'GET' ? r.kind : routeKind(r.path, r.method);
      // a route handler answers with data, not a page, whatever its path
      list.push({ method: r.method, path: r.path, kind: r.data && kind === 'page' ? 'read' : kind, source: r.source });
    }
    unique.set(dir, list);
  }
  const candidates = [...unique.entries()].filter(([, list]) => list.length > 0);
  // the root is the app when it has a framework; a monorepo root's script with one express route is not
  const mostRoutes = (list: typeof candidates) => [...list].sort((a, b) => b[1].length - a[1].length)[0];
  const main =
    (rootFramework ? candidates.find(([dir]) => dir === '') : undefined) ?? mostRoutes(candidates.filter(([dir]) => !SIDE_APP.test(dir.toLowerCase()))) ?? mostRoutes(candidates);
  result.mainApp = main ? main[0] || '.' : null;
  result.apps = [...frameworks.entries()].map(([dir, framework]) => ({ dir: dir || '.', framework, routes: unique.get(dir)?.length ?? 0 }));
  result.framework = (main ? frameworks.get(main[0]) : undefined) ?? rootFramework ?? result.apps[0]?.framework ?? null;
  if (main) {
    result.routesFound = main[1].length;
    result.routeNotes = notesByApp.get(main[0]) ?? [];
    result.routes = chooseRoutes(main[1], MAX_ROUTES);
  }

  // A URL in code is proposed only when it is the project's own: its domain is named by the homepage, a CNAME file,
  // an env template's app URL, or carries the app's name. api.github.com or api.stripe.com in a client are not.
  // Only a deployment's own URL is proposed as canonical (audit probes it); the others are commented-out hints.
  const own = ownDomains(root, result);
  const found: { url: string; how: 'deployed' | 'named' }[] = [];
  for (const url of codeUrls) {
    const domain = getDomain(new URL(url).hostname, { allowPrivateDomains: false });
    const how = domain && !THIRD_PARTY_DOMAINS.has(domain) ? own.of(domain) : null;
    if (how && found.length < 5 && !found.some((f) => f.url === url)) found.push({ url, how });
  }
  result.urls = found.map((f) => f.url);
  result.canonical = found.find((f) => f.how === 'deployed')?.url ?? own.deployedUrls[0] ?? null;
  return result;
}

/** Kinds the protection and monitoring stages need a route of: listed first, a few of each. */
const NEEDED_KINDS = ['login', 'password-reset', 'signup', 'health', 'webhook', 'public-api'];
const PER_NEEDED_KIND = 6;

/** The sign-in form's path: /login, /auth/signin, /users/sign_in, Rails' /sessions/new (not /settings/security/sessions). */
const signInPath = (path: string) => routeKind(path, 'PUT') === 'login' || /^(?:\/api)?(?:\/v\d+)?(?:\/users?)?\/sessions?(?:\/new)?$/.test(path);
const dynamicSegments = (path: string) => path.split('/').filter((s) => s.startsWith(':')).length;
const depth = (path: string) => path.split('/').filter(Boolean).length;
const CONFIG_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
const METHOD_ORDER = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];

/**
 * The `max` most useful routes, in that order: a few of each kind the protection and monitoring stages need
 * (sign-in, password reset, sign-up, health, webhooks, public API without parameters), then top-level pages and
 * reads, fewer `:params` and shallower first. Then a handful are proposed as critical.
 */
function chooseRoutes(all: DetectedRoute[], max: number): DetectedRoute[] {
  const shape = (r: DetectedRoute) => [dynamicSegments(r.path), depth(r.path), METHOD_ORDER.indexOf(r.method)];
  const compare = (a: DetectedRoute, b: DetectedRoute) => {
    const [x, y] = [shape(a), shape(b)];
    for (let i = 0; i < x.length; i++) if ((x[i] as number) !== (y[i] as number)) return (x[i] as number) - (y[i] as number);
    return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
  };
  // a write-only endpoint (no GET on its path) is an ingest or action endpoint, e.g. umami's POST /api/send; a POST
  // beside a GET usually creates an item of a listed collection
  const withGet = new Set(all.filter((r) => r.method === 'GET').map((r) => r.path));
  const createsItem = (r: DetectedRoute) => Number(r.kind === 'public-api' && withGet.has(r.path));
  const sorted = [...all].sort((a, b) => createsItem(a) - createsItem(b) || compare(a, b));
  const chosen: DetectedRoute[] = [];
  const taken = new Set<DetectedRoute>();
  for (const kind of NEEDED_KINDS) {
    // public API: only endpoints a client can call as written (no :params); the rest compete below
    const ofKind = sorted.filter((r) => r.kind === kind && (kind !== 'public-api' || dynamicSegments(r.path) === 0)).slice(0, PER_NEEDED_KIND);
    for (const r of ofKind) {
      if (chosen.length >= max || taken.has(r)) continue;
      chosen.push(r);
      taken.add(r);
    }
  }
  // the sign-in page: a monitor can watch it (critical below), and it tells the user where the form posts
  for (const r of sorted.filter((x) => x.method === 'GET' && dynamicSegments(x.path) === 0 && signInPath(x.path) && !taken.has(x)).slice(0, 2)) {
    if (chosen.length >= max) break;
    chosen.push(r);
    taken.add(r);
  }
  // pages and reads before the remaining writes: a write with :params cannot be load-tested as written
  // HEAD and OPTIONS last: they repeat a GET or answer a preflight
  const late = (r: DetectedRoute) => (r.method === 'HEAD' || r.method === 'OPTIONS' ? 2 : r.kind === 'public-api' ? 1 : 0);
  const rest = sorted.filter((r) => !taken.has(r)).sort((a, b) => late(a) - late(b) || compare(a, b));
  for (const r of rest) if (chosen.length < max) chosen.push(r);
  return markCritical(chosen);
}

/**
 * critical: true on at most MAX_CRITICAL GET routes without parameters, which a monitor can request as they are:
 * health, the home page (or the main app entry, the shallowest page), and the sign-in page.
 */
function markCritical(routes: DetectedRoute[]): DetectedRoute[] {
  const plain = routes.filter((r) => r.method === 'GET' && dynamicSegments(r.path) === 0);
  const shallowFirst = (a: DetectedRoute, b: DetectedRoute) => depth(a.path) - depth(b.path) || a.path.length - b.path.length || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

  const pick = new Set<DetectedRoute>();
  for (const r of plain
    .filter((x) => x.kind === 'health')
    .sort(shallowFirst)
    .slice(0, 2))
    pick.add(r);
  const pages = plain.filter((r) => r.kind === 'page').sort(shallowFirst);
  const home = plain.find((r) => r.path === '/') ?? pages[0] ?? plain.filter((r) => r.kind === 'read').sort(shallowFirst)[0];
  if (home) pick.add(home);
  const login = plain.filter((r) => signInPath(r.path)).sort(shallowFirst)[0];
  if (login) pick.add(login);
  const critical = new Set([...pick].slice(0, MAX_CRITICAL));
  return routes.map((r) => (critical.has(r) ? { ...r, critical: true } : r));
}

/** Registrable domains of services apps call, never an app's own canonical host. */
const THIRD_PARTY_DOMAINS = new Set(
  'github.com githubusercontent.com gitlab.com bitbucket.org stripe.com paypal.com braintreegateway.com squareup.com googleapis.com google.com gstatic.com firebaseio.com firebaseapp.com amazonaws.com cloudfront.net azure.com windows.net microsoft.com microsoftonline.com live.com slack.com discord.com discordapp.com telegram.org twilio.com sendgrid.com sendgrid.net mailgun.net mailgun.org postmarkapp.com resend.com openai.com anthropic.com cohere.ai huggingface.co vercel.com vercel.app netlify.com netlify.app heroku.com herokuapp.com fly.io fly.dev render.com onrender.com railway.app supabase.co supabase.com sentry.io datadoghq.com newrelic.com posthog.com segment.io segment.com mixpanel.com intercom.io auth0.com okta.com clerk.com clerk.dev cloudflare.com twitter.com x.com facebook.com linkedin.com apple.com shopify.com notion.so linear.app atlassian.net atlassian.com npmjs.org npmjs.com unpkg.com jsdelivr.net'.split(
    ' ',
  ),
);

const APP_URL_VARS =
  /^\s*(?:export\s+)?(?:NEXT_PUBLIC_|VITE_|PUBLIC_|REACT_APP_)?(?:APP_URL|BASE_URL|SITE_URL|PUBLIC_URL|WEBAPP_URL|WEB_URL|NEXTAUTH_URL|CANONICAL_URL|HOST_URL|FRONTEND_URL)\s*=\s*["']?(https:\/\/[^\s"']+)/gm;

/**
 * How a domain is known to be the project's own: `deployed` when an env template's app URL or a CNAME file names it
 * (where this deployment runs), `named` when only the homepage or the package name does (often the vendor's own
 * cloud or marketing site: umami's code calls api.umami.is, formbricks' mocks name app.formbricks.com).
 */
function ownDomains(root: string, detection: RepoDetection): { of: (domain: string) => 'deployed' | 'named' | null; deployedUrls: string[] } {
  const deployed = new Set<string>();
  const named = new Set<string>();
  const deployedUrls: string[] = [];
  const domainOf = (url: string): string | null => {
    try {
      return getDomain(new URL(url.includes('://') ? url : `https://${url}`).hostname, { allowPrivateDomains: false });
    } catch {
      return null;
    }
  };
  if (detection.homepage) {
    const d = domainOf(detection.homepage);
    if (d) named.add(d);
  }
  const cname = readSmall(join(root, 'CNAME'))?.trim();
  if (cname && /^[a-z0-9.-]+$/i.test(cname)) {
    const d = domainOf(cname);
    if (d) {
      deployed.add(d);
      deployedUrls.push(`https://${cname.toLowerCase()}`);
    }
  }
  for (const file of detection.envFiles.filter((f) => /example|sample|template/.test(f)).slice(0, 20)) {
    for (const m of (readSmall(join(root, file)) ?? '').matchAll(APP_URL_VARS)) {
      const d = domainOf(m[1] as string);
      if (!d || THIRD_PARTY_DOMAINS.has(d) || /^example\.(?:com|org|net)$/.test(d)) continue;
      deployed.add(d);
      deployedUrls.push(new URL(m[1] as string).origin);
    }
  }
  const nameToken = (detection.appName ?? '')
    .replace(/^@[^/]+\//, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
  return {
    of: (domain) => (deployed.has(domain) ? 'deployed' : named.has(domain) || (nameToken.length >= 4 && domain.replace(/[^a-z0-9]/g, '').includes(nameToken)) ? 'named' : null),
    deployedUrls,
  };
}

/** The migration sets the migrations stage would find in this repository, with paths relative to it. */
export async function detectMigrationSets(root: string): Promise<RepoDetection['migrationSets']> {
  const sets = await findMigrationSets(root, null);
  return sets.map((s) => ({ dir: relative(root, s.dir).split(sep).join('/') || '.', tool: s.tool, foundBy: s.foundBy ?? 'the usual place' }));
}

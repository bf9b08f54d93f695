// Routes of Node servers declared in code (Express, Hono, Koa router, Fastify), read as text and never run, with the
// prefixes their mounts give them: `app.use('/api', router)`, Hono's `app.route('/api/auth', authApp)` and
// `new Hono().basePath('/api')`, koa-router's `new Router({ prefix })`, Fastify's `register(plugin, { prefix })`.
// Mounts are followed across files through relative imports and imports of the repository's own workspace packages
// (`@acme/auth/server` → packages/auth/server), never into node_modules; at most MAX_MOUNT_DEPTH deep.
import { posix } from 'node:path';
import { type ChainCall, chainAt, matchBracket, stringLiteral } from './js-scan.js';
import type { FoundRoute } from './next-routes.js';

const VERBS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'all']);
const MOUNTS = new Set(['use', 'route', 'register']);
/** Receivers that route without a declaration init can see (a handler's parameter, a plugin's instance). */
const IMPLICIT = ['app', 'router', 'server', 'api', 'r', 'fastify'];
const MAX_MOUNT_DEPTH = 8;
const MAX_ROUTES = 5000;
/** Receiver calls read per file at most: a generated 512 KiB file stays linear. */
const MAX_RECEIVER_CALLS = 2000;
/** What creates a router: `new Hono()`, `express()`, `express.Router()`, `Router()`, `new Router()`, `Fastify()`. */
const CREATES_ROUTER = /^(?:new\s+(?:Hono|OpenAPIHono|Router|KoaRouter)\b\s*(?:<[^>]*>)?\s*\(|(?:express|fastify|Fastify)\s*\(|(?:express\s*\.\s*)?Router\s*\()/;

/** A router in one file: `name` is its variable, IMPLICIT names share one node per file. */
interface RouterNode {
  file: string;
  base: string;
  routes: { method: string; path: string }[];
  mounts: { prefix: string; target: string }[];
}

interface ParsedFile {
  /** Local names bound to another file's export: local → [file, exported name]. */
  imports: Map<string, [string, string]>;
  /** Exported name (or 'default') → local name. */
  exports: Map<string, string>;
  routers: Map<string, RouterNode>;
  /** The calls on receivers routing without a declaration (IMPLICIT): the file's routes when no variable is exported. */
  implicit: RouterNode;
  /** Routes added here to a router another file declares (`import { api } ...; api.get(...)`): reached through it. */
  additions: { to: string; name: string }[];
}

const joinPath = (...parts: string[]): string => {
  const joined = parts
    .join('/')
    .replace(/\/{2,}/g, '/')
    .replace(/(.)\/$/, '$1');
  return joined.startsWith('/') ? joined : `/${joined}`;
};

/** Where imports can lead: the files kept, and the workspace packages by name (name → repository-relative dir). */
interface Scope {
  files: Map<string, string>;
  packages: Map<string, string>;
}

/** `./routes/auth` from `src/server.ts`, or `@acme/auth/server` → the file in `files` it names (.ts for .js, index files). */
function resolveImport(from: string, spec: string, { files, packages }: Scope): string | null {
  const name = /^(@[^/]+\/[^/]+|[^@./][^/]*)(?:\/(.*))?$/.exec(spec);
  const pkg = name ? packages.get(name[1] as string) : undefined;
  if (pkg !== undefined && !(name?.[2] ?? '').split('/').includes('..')) spec = `./${[pkg, name?.[2]].filter(Boolean).join('/')}`;
  else if (!spec.startsWith('./') && !spec.startsWith('../')) return null;
  const base = posix.normalize(pkg !== undefined ? spec : posix.join(posix.dirname(from), spec));
  if (base.startsWith('../')) return null;
  const stem = base.replace(/\.(?:[cm]?js|jsx)$/, '');
  for (const c of [base, ...['.ts', '.tsx', '.js', '.mjs', '.cjs', '.mts', '.jsx'].flatMap((e) => [stem + e, `${stem}/index${e}`])]) if (files.has(c)) return c;
  return null;
}

function parseFile(rel: string, text: string, files: Scope): ParsedFile {
  const imports = new Map<string, [string, string]>();
  const exports = new Map<string, string>();
  const routers = new Map<string, RouterNode>();
  const node = (): RouterNode => ({ file: rel, base: '', routes: [], mounts: [] });
  const implicit = node();
  // characters the call chains may read in all: nested or unbalanced calls in a hostile file stay linear
  let budget = 4 * text.length + 65_536;
  const chain = (from: number): ChainCall[] => {
    if (budget <= 0) return [];
    const { calls, cost } = chainAt(text, from);
    budget -= cost;
    return calls;
  };
  const additions: ParsedFile['additions'] = [];

  const bind = (names: string, file: string) => {
    for (const part of names.split(',')) {
      const m = /^\s*(?:type\s+)?([\w$]+)(?:\s*(?:as|:)\s*([\w$]+))?\s*$/.exec(part);
      if (m) imports.set((m[2] ?? m[1]) as string, [file, m[1] as string]);
    }
  };
  for (const m of text.matchAll(/\bimport\s+(?:type\s+)?(?:([\w$]+)\s*,?\s*)?(?:\{([^}]*)\}\s*)?from\s*['"]([^'"]+)['"]/g)) {
    const file = resolveImport(rel, m[3] as string, files);
    if (!file) continue;
    if (m[1]) imports.set(m[1], [file, 'default']);
    if (m[2]) bind(m[2], file);
  }
  for (const m of text.matchAll(/\b(?:const|let|var)\s+(?:([\w$]+)|\{([^}]*)\})\s*=\s*require\s*\(\s*['"]([^'"]+)['"]\s*\)(\s*\.\s*[\w$]+)?/g)) {
    const file = resolveImport(rel, m[3] as string, files);
    if (!file) continue;
    if (m[1]) imports.set(m[1], [file, m[4] ? (m[4].replace(/[\s.]/g, '') as string) : 'default']);
    if (m[2]) bind(m[2], file);
  }
  for (const m of text.matchAll(/\bexport\s+(?:const|let|var)\s+([\w$]+)/g)) exports.set(m[1] as string, m[1] as string);
  for (const m of text.matchAll(/\bexport\s*\{([^}]*)\}/g))
    for (const part of (m[1] as string).split(',')) {
      const x = /^\s*([\w$]+)(?:\s+as\s+([\w$]+))?\s*$/.exec(part);
      if (x) exports.set((x[2] ?? x[1]) as string, x[1] as string);
    }
  for (const m of text.matchAll(/\b(?:export\s+default|module\.exports\s*=)\s*([\w$]+)\s*;?\s*$/gm)) exports.set('default', m[1] as string);
  for (const m of text.matchAll(/\b(?:module\.)?exports\.([\w$]+)\s*=\s*([\w$]+)\s*;?\s*$/gm)) exports.set(m[1] as string, m[2] as string);

  // the mount target an argument names: a variable, `x.routes()` (koa), `require('./x')`
  const target = (arg: string): string | null => {
    const req = /^require\s*\(\s*['"]([^'"]+)['"]\s*\)$/.exec(arg);
    if (req) {
      const file = resolveImport(rel, req[1] as string, files);
      return file ? `${file}#default` : null;
    }
    const name = /^([\w$]+)(?:\s*\.\s*(?:routes|middleware)\s*\(\s*\))?$/.exec(arg)?.[1];
    return name ? `${rel}:${name}` : null;
  };
  const apply = (into: RouterNode, calls: ChainCall[], declaration: boolean) => {
    let routePath: string | null = null;
    for (const call of calls) {
      const first = stringLiteral(call.args[0]);
      if (VERBS.has(call.name)) {
        const path = first ?? (call.args.length > 0 ? routePath : null);
        if (path?.startsWith('/') && into.routes.length < MAX_ROUTES) into.routes.push({ method: call.name === 'all' ? 'GET' : call.name.toUpperCase(), path });
      } else if (call.name === 'route' && call.args.length === 1 && first !== null)
        routePath = first; // express: router.route('/x').get(h).post(h)
      else if (call.name === 'route' && first !== null) {
        const t = target(call.args[1] ?? '');
        if (t) into.mounts.push({ prefix: first, target: t });
      } else if (call.name === 'use') {
        const args = first !== null ? call.args.slice(1) : call.args;
        for (const a of args) {
          // koa-mount: app.use(mount('/api', apiApp))
          const mount = /^mount\s*\(\s*(['"`][^'"`]*['"`])\s*,\s*([\s\S]+?)\s*\)$/.exec(a);
          const t = target(mount ? (mount[2] as string) : a);
          if (t) into.mounts.push({ prefix: joinPath(first ?? '', stringLiteral(mount?.[1]) ?? ''), target: t });
        }
      } else if (call.name === 'register') {
        const t = target(call.args[0] ?? '');
        const prefix = /\bprefix\s*:\s*(['"`][^'"`]*['"`])/.exec(call.args[1] ?? '')?.[1];
        if (t) into.mounts.push({ prefix: stringLiteral(prefix) ?? '', target: t });
      } else if (call.name === 'basePath' && declaration && first !== null) into.base = joinPath(into.base, first);
    }
  };

  // declarations: `const authApp = new Hono().basePath('/api').get('/x', h)`
  for (const m of text.matchAll(/\b(?:const|let|var)\s+([\w$]+)\s*(?::[^=;\n]{1,200})?=\s*/g)) {
    const start = (m.index ?? 0) + m[0].length;
    const created = CREATES_ROUTER.exec(text.slice(start, start + 200));
    if (!created) continue;
    const r = node();
    // the constructor's own arguments: koa-router's { prefix: '/api' }
    const ctor = text.slice(start + created[0].length, start + created[0].length + 300);
    const prefix = /^\s*\{[^}]*\bprefix\s*:\s*(['"`][^'"`]*['"`])/.exec(ctor)?.[1];
    if (prefix) r.base = stringLiteral(prefix) ?? '';
    routers.set(m[1] as string, r);
    // `.x(` chained after the constructor call's closing bracket
    apply(r, chain(matchBracket(text, start + created[0].length - 1, 4096) + 1), true);
  }
  // `export default new Hono().route(...)`
  for (const m of text.matchAll(/\bexport\s+default\s+/g)) {
    const start = (m.index ?? 0) + m[0].length;
    const created = CREATES_ROUTER.exec(text.slice(start, start + 200));
    if (!created) continue;
    const r = node();
    routers.set('default', r);
    exports.set('default', 'default');
    apply(r, chain(matchBracket(text, start + created[0].length - 1, 4096) + 1), true);
  }
  // statements on a receiver: `app.get('/x', h)`, `router.use('/api', api)`, `app.route('/auth', auth).get(...)`
  const receivers = [...new Set([...routers.keys(), ...imports.keys(), ...IMPLICIT])].filter((n) => n !== 'default');
  if (receivers.length > 0) {
    // `this.app.get(...)` in a class-based server too, never `req.app` or `foo.router`
    const re = new RegExp(`(?:(?<=\\bthis\\.)|(?<![\\w$.]))(${receivers.map((n) => n.replace(/\$/g, '\\$')).join('|')})(?=\\s*\\??\\.\\s*[A-Za-z_$])`, 'g');
    let seen = 0;
    for (const m of text.matchAll(re)) {
      if (++seen > MAX_RECEIVER_CALLS) break;
      const name = m[1] as string;
      if (budget <= 0) break;
      const calls = chain((m.index ?? 0) + name.length);
      if (calls.length === 0) continue;
      let into = routers.get(name);
      const imp = imports.get(name);
      if (!into && imp && calls.some((c) => VERBS.has(c.name) || MOUNTS.has(c.name))) {
        // routes added to an imported router: a node of this file, reached through the router it adds to
        into = node();
        routers.set(`${name}@${m.index}`, into);
        additions.push({ to: `${imp[0]}#${imp[1]}`, name: `${name}@${m.index}` });
      }
      apply(into ?? implicit, calls, false);
    }
  }
  return { imports, exports, routers, implicit, additions };
}

/** Every route the files' servers declare, with the prefixes of the mounts leading to it. `files`: rel → text without comments. */
export function nodeServerRoutes(files: Map<string, string>, packages: Map<string, string> = new Map()): (FoundRoute & { root: string })[] {
  const parsed = new Map<string, ParsedFile>();
  for (const [rel, text] of files) parsed.set(rel, parseFile(rel, text, { files, packages }));
  const nodes = new Map<string, RouterNode>();
  for (const [rel, p] of parsed) {
    for (const [name, r] of p.routers) nodes.set(`${rel}:${name}`, r);
    nodes.set(`${rel}:*`, p.implicit);
  }
  // `file#exported` and `file:local` → the node key, following re-exports and imports a few steps
  const resolve = (ref: string, depth = 0): string | null => {
    if (depth > MAX_MOUNT_DEPTH) return null;
    const exported = /^(.*)#([^#]+)$/.exec(ref);
    if (exported) {
      const p = parsed.get(exported[1] as string);
      if (!p) return null;
      const local = p.exports.get(exported[2] as string);
      // a file exporting no router variable (a plugin function, `module.exports = (app) => {...}`): its implicit routes
      return local ? resolve(`${exported[1]}:${local}`, depth + 1) : `${exported[1]}:*`;
    }
    const [file, local] = [ref.slice(0, ref.lastIndexOf(':')), ref.slice(ref.lastIndexOf(':') + 1)];
    if (nodes.has(ref)) return ref;
    const imp = parsed.get(file)?.imports.get(local);
    return imp ? resolve(`${imp[0]}#${imp[1]}`, depth + 1) : null;
  };
  const children = new Map<string, { prefix: string; key: string }[]>();
  const mounted = new Set<string>();
  for (const [key, r] of nodes)
    for (const m of r.mounts) {
      const t = resolve(m.target);
      if (!t || t === key) continue;
      children.set(key, [...(children.get(key) ?? []), { prefix: m.prefix, key: t }]);
      mounted.add(t);
    }
  // calls on an import that is no router (`import http from './http'; http.get('/users')`, a client) route nothing
  const clients = new Set<string>();
  for (const [rel, p] of parsed)
    for (const a of p.additions) {
      const t = resolve(a.to);
      const key = `${rel}:${a.name}`;
      if (t && !t.endsWith(':*')) {
        children.set(t, [...(children.get(t) ?? []), { prefix: '', key }]);
        mounted.add(key);
      } else clients.add(key);
    }
  // `root`: the file of the outermost router, whose app serves the route (a package's auth routes mounted by apps/web)
  const routes: (FoundRoute & { root: string })[] = [];
  const reached = new Set<string>();
  const emit = (key: string, prefix: string, depth: number, path: Set<string>, root: string) => {
    const r = nodes.get(key);
    if (!r || path.has(key) || depth > MAX_MOUNT_DEPTH || routes.length >= MAX_ROUTES) return;
    reached.add(key);
    const here = joinPath(prefix, r.base);
    for (const route of r.routes) routes.push({ method: route.method, path: joinPath(here, route.path).replace(/(:\w+)\{[^}]*\}/g, '$1'), source: r.file, root });
    const next = new Set(path).add(key);
    for (const c of children.get(key) ?? []) emit(c.key, joinPath(here, c.prefix), depth + 1, next, root);
  };
  const start = (key: string) => emit(key, '', 0, new Set(), nodes.get(key)?.file ?? '');
  for (const key of nodes.keys()) if (!mounted.has(key) && !clients.has(key)) start(key);
  // routers that only mount each other (a cycle) have no outermost one: each unreached one starts on its own
  for (const key of nodes.keys()) if (!reached.has(key) && !clients.has(key)) start(key);
  return routes;
}

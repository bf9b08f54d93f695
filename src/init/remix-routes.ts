// Remix / React Router file routes of one app, read as text: app/routes with the flat-route convention
// (`signin.tsx`, `o.$orgUrl.settings.tsx`, `_index`, pathless `_layout` prefixes, `folder/route.tsx`) and
// remix-flat-routes' `+` folders (`_authenticated+/dashboard.tsx`), and React Router v7's route config in
// app/routes.ts (`route`, `index`, `layout`, `...prefix`). A module with a default export is a page (GET); `loader`
// answers GET and `action` the writes. Bounded walk; nothing is run.
import { join, posix } from 'node:path';
import { matchBracket, splitArgs, stringLiteral } from './js-scan.js';
import { type FoundRoute, pagesApiMethods, type RouteBudget, readRouteFile, stripComments, walkFiles } from './next-routes.js';

/** Route config entries read at most, and how deep `children` nest: a generated routes.ts stays cheap. */
const MAX_CONFIG_ROUTES = 2000;
const MAX_CONFIG_DEPTH = 16;

/** Route id segments → URL path; null for files that are not routes (layouts, colocated modules). */
function flatPath(id: string): string | null {
  const out: string[] = [];
  // `.` separates segments except inside [escapes]
  const segments = id.match(/(?:\[[^\]]*\]|[^.[\]])+/g) ?? [];
  for (const raw of segments) {
    if (raw === '_index' || raw === 'index' || raw === 'route') continue;
    if (raw === '_layout') return null;
    if (raw.startsWith('(') && raw.endsWith(')')) continue; // optional segment: the bare path matches too
    if (raw.startsWith('_')) continue; // pathless layout
    const seg = raw.replace(/_$/, '').replace(/\[([^\]]*)\]/g, '$1');
    if (seg === '$') out.push(':splat');
    else if (seg.startsWith('$')) out.push(`:${seg.slice(1)}`);
    else out.push(seg);
  }
  return `/${out.join('/')}`;
}

/** The routes one route module serves at `path`: a page for a default export, a GET for a loader, writes for an action. */
function moduleRoutes(text: string, path: string, source: string): FoundRoute[] {
  const routes: FoundRoute[] = [];
  // a React Server Components route module renders its `ServerComponent` export
  const page = /\bexport\s+default\b|\bexport\s+(?:async\s+)?function\s+ServerComponent\b/.test(text);
  const loader = /\bexport\s+(?:async\s+)?(?:function\s+loader\b|(?:const|let)\s+loader\b)|\bexport\s*\{[^}]*\bloader\b/.test(text);
  const action = /\bexport\s+(?:async\s+)?(?:function\s+action\b|(?:const|let)\s+action\b)|\bexport\s*\{[^}]*\baction\b/.test(text);
  if (page) routes.push({ method: 'GET', path, source });
  else if (loader) routes.push({ method: 'GET', path, source, data: true });
  // an action takes every write; the methods it compares request.method against are the ones it serves
  if (action) for (const method of pagesApiMethods(text).filter((x) => x !== 'GET')) routes.push({ method, path, source, data: !page });
  if (action && pagesApiMethods(text).every((x) => x === 'GET')) routes.push({ method: 'POST', path, source, data: !page });
  return routes;
}

const joinRoute = (parent: string, path: string): string => {
  const joined = `${parent}/${path}`.replace(/\/{2,}/g, '/').replace(/(.)\/$/, '$1');
  return joined.startsWith('/') ? joined : `/${joined}`;
};

/**
 * React Router v7 framework mode's app/routes.ts: `route('path', 'file', [children])`, `index('file')`,
 * `layout('file', [children])`, `...prefix('path', [children])`, as path → module file (relative to the app dir).
 * `fileRoutes` is set when it also takes routes from the file system (`flatRoutes()`, `remix-flat-routes`).
 */
function routeConfig(text: string): { entries: { path: string; file: string }[]; fileRoutes: boolean } {
  const code = stripComments(text);
  const entries: { path: string; file: string }[] = [];
  const fileRoutes = /\b(?:flatRoutes|autoRoutes|remixRoutesOptionAdapter)\s*\(/.test(code);
  const list = (text: string, open: number, parent: string, depth: number) => {
    const close = matchBracket(text, open);
    if (close >= text.length || depth > MAX_CONFIG_DEPTH) return;
    for (const item of splitArgs(text, open, close)) {
      if (entries.length >= MAX_CONFIG_ROUTES) return;
      const call = /^(?:\.\.\.\s*)?(route|index|layout|prefix)\s*\(/.exec(item);
      if (!call) continue;
      const start = item.indexOf('(');
      const args = splitArgs(item, start, matchBracket(item, start));
      const kind = call[1] as string;
      const path = kind === 'route' || kind === 'prefix' ? stringLiteral(args[0]) : '';
      if (path === null) continue;
      const here = joinRoute(parent, path);
      const file = kind === 'route' ? stringLiteral(args[1]) : kind === 'prefix' ? null : stringLiteral(args[0]);
      if (file !== null && kind !== 'layout') entries.push({ path: here, file });
      // children: the last argument that is an array
      const children = [...args].reverse().find((a) => a.startsWith('['));
      if (children) list(item, item.lastIndexOf(children), here, depth + 1);
    }
  };
  const exported = /\bexport\s+default\s+(?:[\w$.]+\s*\(\s*)?\[/.exec(code);
  if (exported) list(code, exported.index + exported[0].length - 1, '/', 0);
  return { entries, fileRoutes };
}

export function remixRoutes(repoRoot: string, appDir: string, budget: RouteBudget): FoundRoute[] {
  const routes: FoundRoute[] = [];
  const rel = (...parts: string[]) => [appDir, ...parts].filter((p) => p !== '').join('/');
  // framework mode's route config, when the app has one; its file-system routes otherwise (or as well)
  let config: ReturnType<typeof routeConfig> | null = null;
  for (const name of ['routes.ts', 'routes.js', 'routes.mts', 'routes.mjs']) {
    const text = readRouteFile(join(repoRoot, rel('app', name)), budget);
    if (text === '') continue;
    config = routeConfig(text);
    for (const e of config.entries) {
      const file = posix.normalize(posix.join('app', e.file));
      if (file.startsWith('..') || e.path.includes('*')) continue;
      const source = rel(file);
      routes.push(...moduleRoutes(stripComments(readRouteFile(join(repoRoot, source), budget)), e.path, source));
    }
    break;
  }
  if (config && config.entries.length > 0 && !config.fileRoutes) return routes;
  walkFiles(join(repoRoot, rel('app/routes')), budget, (folders, name, full) => {
    const m = /^(.+)\.(?:[jt]sx?|mdx?)$/.exec(name);
    if (!m || /\.(?:test|spec|d|server|client)$/.test(m[1] as string)) return;
    const stem = m[1] as string;
    // a `+` folder adds its name to the id; a plain folder is one route whose module is route.tsx / index.tsx
    const plain = folders.filter((f) => !f.endsWith('+'));
    if (plain.length > 1 || (plain.length === 1 && (folders.at(-1)?.endsWith('+') || !/^(?:route|index|_index)$/.test(stem)))) return;
    const id = [...folders.map((f) => f.replace(/\+$/, '')), stem].join('.');
    const path = flatPath(id);
    if (path === null) return;
    routes.push(...moduleRoutes(stripComments(readRouteFile(full, budget)), path, rel('app/routes', ...folders, name)));
  });
  return routes;
}

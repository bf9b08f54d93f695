// Remix / React Router file routes of one app, read as text: app/routes with the flat-route convention
// (`signin.tsx`, `o.$orgUrl.settings.tsx`, `_index`, pathless `_layout` prefixes, `folder/route.tsx`) and
// remix-flat-routes' `+` folders (`_authenticated+/dashboard.tsx`). A module with a default export is a page (GET);
// `loader` answers GET and `action` the writes. Bounded walk; nothing is run.
import { join } from 'node:path';
import { type FoundRoute, pagesApiMethods, type RouteBudget, readRouteFile, stripComments, walkFiles } from './next-routes.js';

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

export function remixRoutes(repoRoot: string, appDir: string, budget: RouteBudget): FoundRoute[] {
  const routes: FoundRoute[] = [];
  const rel = (...parts: string[]) => [appDir, ...parts].filter((p) => p !== '').join('/');
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
    const text = stripComments(readRouteFile(full, budget));
    const source = rel('app/routes', ...folders, name);
    const page = /\bexport\s+default\b/.test(text);
    const loader = /\bexport\s+(?:async\s+)?(?:function\s+loader\b|(?:const|let)\s+loader\b)|\bexport\s*\{[^}]*\bloader\b/.test(text);
    const action = /\bexport\s+(?:async\s+)?(?:function\s+action\b|(?:const|let)\s+action\b)|\bexport\s*\{[^}]*\baction\b/.test(text);
    if (page) routes.push({ method: 'GET', path, source });
    else if (loader) routes.push({ method: 'GET', path, source, data: true });
    // an action takes every write; the methods it compares request.method against are the ones it serves
    if (action) for (const method of pagesApiMethods(text).filter((x) => x !== 'GET')) routes.push({ method, path, source, data: !page });
    if (action && pagesApiMethods(text).every((x) => x === 'GET')) routes.push({ method: 'POST', path, source, data: !page });
  });
  return routes;
}

// React Router (v6/v7) routes declared in code, read as text: route objects given to createBrowserRouter,
// createHashRouter, createMemoryRouter or useRoutes (`{ path, children, index }`), and JSX `<Route path=...>` trees
// (`<Routes>`, createRoutesFromElements). Each is a page (GET). Nothing is run; nesting and counts are bounded.
import { matchBracket, splitArgs, stringLiteral } from './js-scan.js';
import type { FoundRoute } from './next-routes.js';

const MAX_ROUTES = 1000;
const MAX_DEPTH = 16;
/** Router factories read per file, and an attribute expression's length: a hostile file stays linear. */
const MAX_FACTORIES = 20;
const MAX_ATTRIBUTE = 20_000;
/** Does this file declare routes in code? Cheap enough to test on every JS/TS file of the walk. */
export const DECLARES_ROUTES = /\b(?:create(?:Browser|Hash|Memory|Static)Router|useRoutes)\s*\(|<Route\b/;

const joinRoute = (parent: string, path: string): string => {
  if (path.startsWith('/')) return path.replace(/(.)\/$/, '$1'); // an absolute child path names its parent's already
  const joined = `${parent}/${path}`.replace(/\/{2,}/g, '/').replace(/(.)\/$/, '$1');
  return joined.startsWith('/') ? joined : `/${joined}`;
};

/** The value of property `key` in an object literal's text (`{ path: 'x', children: [...] }`), or null. */
function property(object: string, key: string): string | null {
  const open = object.indexOf('{');
  if (open < 0) return null;
  for (const entry of splitArgs(object, open, matchBracket(object, open))) {
    const m = new RegExp(`^['"]?${key}['"]?\\s*:\\s*`).exec(entry);
    if (m) return entry.slice(m[0].length).trim();
    if (entry === key) return key; // shorthand `{ path }`: not a literal
  }
  return null;
}

export function codeRoutes(text: string, source: string): FoundRoute[] {
  const routes: FoundRoute[] = [];
  const add = (path: string) => {
    if (routes.length < MAX_ROUTES && !path.includes('*') && !routes.some((r) => r.path === path)) routes.push({ method: 'GET', path, source });
  };

  // route objects: an array literal given to a router factory (or a `const routes = [...]` it names)
  const objects = (list: string, open: number, parent: string, depth: number) => {
    const close = matchBracket(list, open);
    if (close >= list.length || depth > MAX_DEPTH) return;
    for (const item of splitArgs(list, open, close)) {
      if (!item.startsWith('{')) continue;
      const pathValue = property(item, 'path');
      const path = pathValue === null ? '' : stringLiteral(pathValue);
      if (path === null) continue; // a path from a constant or enum cannot be read here
      const here = path === '' ? parent : joinRoute(parent, path);
      const index = /^true$/.test(property(item, 'index') ?? '');
      const children = property(item, 'children');
      if (path !== '' || index || children === null) add(here);
      if (children?.startsWith('[')) objects(children, 0, here, depth + 1);
    }
  };
  let factories = 0;
  for (const m of text.matchAll(/\b(?:create(?:Browser|Hash|Memory|Static)Router|useRoutes)\s*\(\s*(\[|[\w$]+)/g)) {
    if (++factories > MAX_FACTORIES) break;
    if (m[1] === '[') objects(text, (m.index ?? 0) + m[0].length - 1, '/', 0);
    else {
      const decl = new RegExp(`\\b(?:const|let|var)\\s+${(m[1] as string).replace(/\$/g, '\\$')}\\s*(?::[^=]{1,200})?=\\s*\\[`).exec(text);
      if (decl) objects(text, decl.index + decl[0].length - 1, '/', 0);
    }
  }

  // JSX: <Route path="x"> ... </Route> nests; <Route path="y" /> closes itself
  const stack: string[] = ['/'];
  const tags = /<Route\b|<\/Route\s*>/g;
  let m: RegExpExecArray | null;
  let count = 0;
  while ((m = tags.exec(text)) !== null && count++ < MAX_ROUTES * 4) {
    if (m[0].startsWith('</')) {
      if (stack.length > 1) stack.pop();
      continue;
    }
    // the tag's end: past attribute expressions in braces and strings
    let i = m.index + m[0].length;
    while (i < text.length && text[i] !== '>') {
      if (text[i] === '{') i = matchBracket(text, i, MAX_ATTRIBUTE);
      else if (text[i] === '"' || text[i] === "'") i = text.indexOf(text[i] as string, i + 1);
      if (i < 0) return routes;
      i++;
    }
    const tag = text.slice(m.index, i + 1);
    tags.lastIndex = i + 1;
    const parent = stack[stack.length - 1] as string;
    const attr = /\spath\s*=\s*(?:"([^"]*)"|'([^']*)'|\{\s*(['"`])([^'"`$]*)\3\s*\})/.exec(tag);
    const path = attr ? ((attr[1] ?? attr[2] ?? attr[4]) as string) : null;
    const dynamicPath = !attr && /\spath\s*=/.test(tag);
    const here = path === null ? parent : joinRoute(parent, path);
    if (!dynamicPath && (path !== null || /\sindex\b/.test(tag))) add(here);
    if (!tag.endsWith('/>') && stack.length < MAX_DEPTH) stack.push(here);
  }
  return routes;
}

// Django routes from the URLconf, read as text (never run): ROOT_URLCONF from the settings, then path() entries and
// include() nesting with their prefixes. re_path() regexes are skipped; converters become `:name`. Bounded throughout.
import { existsSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { readRegularFileSync } from '../safe-file.js';
import type { FoundRoute } from './next-routes.js';

const MAX_FILES = 100;
const MAX_DEPTH = 8;
const MAX_ROUTES = 2000;

function readText(path: string): string | null {
  try {
    return readRegularFileSync(path, { maxBytes: 512 * 1024, follow: false }).toString('utf8');
  } catch {
    return null;
  }
}

/** `"api/"`, `r"api/"`, `f"{prefix}admin/"` (interpolations dropped: a configurable prefix is empty by default); null for anything else. */
function literal(arg: string): string | null {
  const m = /^\s*([rRfFbB]{0,2})(["'])(.*?)\2\s*$/s.exec(arg);
  if (!m) return /^\s*[A-Za-z_][\w.]*\s*$/.test(arg) ? '' : null;
  return /f/i.test(m[1] as string) ? (m[3] as string).replace(/\{[^}]*\}/g, '') : (m[3] as string);
}

/** `<int:pk>` and `<slug>` → `:pk`, `:slug`. */
function toRoutePath(prefix: string, part: string): string {
  const joined = `${prefix}${part}`.replace(/<(?:[\w]+:)?(\w+)>/g, ':$1').replace(/\/{2,}/g, '/');
  // the trailing slash stays: with APPEND_SLASH, /login answers a redirect to /login/, not the page
  return `/${joined}`.replace(/\/{2,}/g, '/');
}

/** The arguments of each `path(` call in a file, split at top-level commas (strings and brackets respected). */
function pathCalls(text: string): { at: number; args: string[] }[] {
  const calls: { at: number; args: string[] }[] = [];
  for (const m of text.matchAll(/(?<![\w.])path\s*\(/g)) {
    const args: string[] = [];
    let depth = 0;
    let quote: string | null = null;
    let current = '';
    for (let i = (m.index ?? 0) + m[0].length; i < Math.min(text.length, (m.index ?? 0) + 2000); i++) {
      const c = text[i] as string;
      if (quote) {
        if (c === '\\') {
          current += c + (text[i + 1] ?? '');
          i++;
          continue;
        }
        if (c === quote) quote = null;
      } else if (c === '"' || c === "'") quote = c;
      else if ('([{'.includes(c)) depth++;
      else if (')]}'.includes(c)) {
        if (depth === 0) {
          args.push(current);
          calls.push({ at: m.index ?? 0, args });
          break;
        }
        depth--;
      } else if (c === ',' && depth === 0) {
        args.push(current);
        current = '';
        continue;
      }
      current += c;
    }
  }
  return calls;
}

/** `name = [` ... `]` spans at the top level of a URLconf (urlpatterns and local lists a later include() mounts). */
function namedLists(text: string): { name: string; start: number; end: number }[] {
  const lists: { name: string; start: number; end: number }[] = [];
  for (const m of text.matchAll(/^([A-Za-z_]\w*)\s*(?:\+?=|:\s*[\w[\], ]+=)\s*\[/gm)) {
    const start = (m.index ?? 0) + m[0].length - 1;
    let depth = 0;
    let end = text.length;
    for (let i = start; i < Math.min(text.length, start + 200_000); i++) {
      if (text[i] === '[') depth++;
      else if (text[i] === ']' && --depth === 0) {
        end = i;
        break;
      }
    }
    lists.push({ name: m[1] as string, start, end });
  }
  return lists;
}

/** The module a settings file names as ROOT_URLCONF, searched in settings*.py up to three folders deep. */
function rootUrlconf(appDir: string): string | null {
  const queue: [string, number][] = [[appDir, 0]];
  while (queue.length > 0) {
    const [dir, depth] = queue.shift() as [string, number];
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      continue;
    }
    for (const name of names.sort()) {
      if (/^settings.*\.py$/.test(name) || (name === 'base.py' && dir.endsWith(`${sep}settings`))) {
        const m = /^ROOT_URLCONF\s*=\s*["']([\w.]+)["']/m.exec(readText(join(dir, name)) ?? '');
        if (m) return m[1] as string;
      } else if (depth < 3 && !name.startsWith('.') && !['node_modules', 'static', 'templates', 'tests', 'venv', '.venv'].includes(name) && !name.includes('.')) {
        queue.push([join(dir, name), depth + 1]);
      }
    }
  }
  return null;
}

export function djangoRoutes(root: string, dir: string): FoundRoute[] {
  const appDir = join(root, dir);
  const start = rootUrlconf(appDir);
  if (!start) return [];
  const routes: FoundRoute[] = [];
  let files = 0;
  const visit = (module: string, prefix: string, depth: number): void => {
    if (depth > MAX_DEPTH || files >= MAX_FILES || routes.length >= MAX_ROUTES) return;
    const file = join(appDir, `${module.replace(/\./g, sep)}.py`);
    if (!existsSync(file)) return;
    const text = readText(file);
    files++;
    if (!text) return;
    const source = relative(root, file).split(sep).join('/');
    const calls = pathCalls(text);
    const lists = namedLists(text);
    const ownerOf = (at: number) => lists.find((l) => at > l.start && at < l.end)?.name ?? 'urlpatterns';
    // urlpatterns first; a local list (api_urls = [...]) only where include(api_urls) mounts it, with that prefix
    const emit = (list: string, base: string, nested: number): void => {
      if (nested > MAX_DEPTH) return;
      for (const { at, args } of calls) {
        const [first, second] = args;
        if (ownerOf(at) !== list) continue;
        const part = literal(first ?? '');
        if (part === null || second === undefined) continue;
        const module = /^\s*include\s*\(\s*\(?\s*["']([\w.]+)["']/.exec(second);
        const local = /^\s*include\s*\(\s*([A-Za-z_]\w*)\s*\)\s*$/.exec(second);
        if (module) visit(module[1] as string, `${base}${part}`, depth + 1);
        else if (local) emit(local[1] as string, `${base}${part}`, nested + 1);
        else if (!/^\s*include\s*\(/.test(second) && routes.length < MAX_ROUTES) routes.push({ method: 'GET', path: toRoutePath(base, part), source });
      }
    };
    emit('urlpatterns', prefix, 0);
  };
  visit(start, '', 0);
  return routes;
}

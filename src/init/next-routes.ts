// Next.js routes of one app, read as text (the repository's code is never run): App Router `page.*` and `route.*`
// files (methods from the handlers the file exports), Pages Router `pages/*` and `pages/api/*`. Bounded walk.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readRegularFileSync } from '../safe-file.js';

export interface FoundRoute {
  method: string;
  /** Relative to the app (`/api/x`), with `:param` for dynamic segments. */
  path: string;
  /** Repository-relative file. */
  source: string;
  /** Set when the file says more than the path (an auth library's sign-in endpoint); otherwise taken from the path. */
  kind?: string;
  /** A route handler or API route: it answers with data, so a GET is a read even outside /api. */
  data?: boolean;
}

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
const METHOD_SET = new Set<string>(METHODS);
const MAX_DEPTH = 14;
/** Route files are read up to this many bytes: the exports of a handler file are near its top or bottom, rarely past 64 KiB. */
const MAX_READ_BYTES = 64 * 1024;

/**
 * What one `init` may spend on route files over every app of the repository (64 workspace packages, each with
 * app/, src/app/, pages/ and src/pages/): directory entries visited and route files read.
 */
export interface RouteBudget {
  files: number;
  reads: number;
}

export const routeBudget = (): RouteBudget => ({ files: 20_000, reads: 3_000 });
const SKIP_DIRS = new Set(['node_modules', '.git', '.next', 'dist', 'build', 'coverage', '__tests__', '__mocks__']);

/** A route file's first MAX_READ_BYTES, or '' once the budget's reads are spent or the file is unreadable. */
export function readRouteFile(path: string, budget: RouteBudget): string {
  if (budget.reads <= 0) return '';
  budget.reads--;
  try {
    return readRegularFileSync(path, { maxBytes: MAX_READ_BYTES, follow: false, truncate: true }).toString('utf8');
  } catch {
    return '';
  }
}

/** Drops comments so a commented-out `export async function POST` does not count; `//` after `:` (a URL) stays. */
export function stripComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/(^|[^:\\'"`])\/\/[^\n]*/g, '$1');
}

const ordered = (found: Set<string>) => METHODS.filter((m) => found.has(m));

/**
 * The HTTP methods an App Router route file exports: `export async function GET`, `export const POST = ...`,
 * `export const { GET, POST } = handlers`, `export { handler as GET, handler as POST }`, `export { PUT } from './x'`.
 */
export function exportedMethods(source: string): string[] {
  const text = stripComments(source);
  const found = new Set<string>();
  for (const m of text.matchAll(/\bexport\s+(?:async\s+)?function\s*\*?\s*([A-Z]+)\s*[(<]/g)) found.add(m[1] as string);
  for (const m of text.matchAll(/\bexport\s+(?:const|let|var)\s+([A-Z]+)\s*[:=]/g)) found.add(m[1] as string);
  // destructuring: the binding is the name not followed by ':' (`{ handlers: { GET, POST } }` binds GET and POST)
  for (const m of text.matchAll(/\bexport\s+(?:const|let|var)\s*\{([^=]{0,400}?)\}\s*=/g))
    for (const b of (m[1] as string).matchAll(/\b([A-Z]+)\b(?!\s*:)/g)) found.add(b[1] as string);
  for (const m of text.matchAll(/\bexport\s*\{([^}]{0,400})\}/g)) {
    for (const item of (m[1] as string).split(',')) {
      const name = item
        .trim()
        .split(/\s+as\s+/)
        .pop()
        ?.trim();
      if (name) found.add(name);
    }
  }
  return ordered(new Set([...found].filter((n) => METHOD_SET.has(n))));
}

/** A Pages Router API handler takes every method; the ones it compares req.method against are the ones it serves. */
export function pagesApiMethods(source: string): string[] {
  const text = stripComments(source);
  const found = new Set<string>();
  const M = 'GET|HEAD|POST|PUT|PATCH|DELETE';
  for (const m of text.matchAll(new RegExp(`\\bmethod\\s*(?:===?|!==?)\\s*['"\`](${M})['"\`]`, 'g'))) found.add(m[1] as string);
  for (const m of text.matchAll(new RegExp(`['"\`](${M})['"\`]\\s*(?:===?|!==?)\\s*\\w+\\.method\\b`, 'g'))) found.add(m[1] as string);
  for (const m of text.matchAll(new RegExp(`\\bcase\\s*['"\`](${M})['"\`]\\s*:`, 'g'))) found.add(m[1] as string);
  if (/\.method\b/.test(text))
    for (const arr of text.matchAll(new RegExp(`\\[((?:\\s*['"\`](?:${M})['"\`]\\s*,?){1,7})\\]`, 'g')))
      for (const m of (arr[1] as string).matchAll(new RegExp(`(${M})`, 'g'))) found.add(m[1] as string);
  return found.size > 0 ? ordered(found) : ['GET'];
}

/**
 * URL path of an App Router folder list: route groups `(x)` and parallel slots `@x` add nothing, `[id]` is `:id`,
 * `[...slug]` one `:slug`, `[[...slug]]` nothing (it matches the bare path too). Private `_x` folders and
 * intercepting `(.)x` routes are not URLs: null.
 */
function appPath(folders: string[]): string | null {
  const out: string[] = [];
  for (const f of folders) {
    if (f.startsWith('_') || f.startsWith('(.')) return null;
    if ((f.startsWith('(') && f.endsWith(')')) || f.startsWith('@') || /^\[\[\.\.\.[^\]]+\]\]$/.test(f)) continue;
    const dyn = /^\[(?:\.\.\.)?([^\]]+)\]$/.exec(f);
    out.push(dyn ? `:${dyn[1]}` : f);
  }
  return `/${out.join('/')}`;
}

/**
 * A catch-all owned by an auth library serves its sign-in endpoints; listing them gives the protection stage its
 * login route. `base` is the catch-all's parent path.
 */
function authLibraryRoutes(text: string, base: string, source: string): FoundRoute[] {
  const prefix = base === '/' ? '' : base;
  const r = (method: string, path: string, kind?: string): FoundRoute => ({ method, path: `${prefix}${path}`, source, ...(kind ? { kind } : {}) });
  if (/\bbetter-auth\b|toNextJsHandler|betterAuth\b/.test(text) || /\bauth\.handler\b/.test(text))
    return [r('POST', '/sign-in/email', 'login'), r('POST', '/sign-up/email', 'signup'), r('POST', '/request-password-reset', 'password-reset'), r('GET', '/get-session')];
  if (/next-auth|NextAuth|\bhandlers\b/.test(text)) return [r('GET', '/signin'), r('POST', '/callback/credentials', 'login'), r('GET', '/session'), r('GET', '/csrf')];
  return [];
}

export function walkFiles(root: string, budget: RouteBudget, visit: (folders: string[], name: string, full: string) => void): void {
  const stack: [string, string[]][] = [[root, []]];
  while (stack.length > 0 && budget.files > 0) {
    const [dir, folders] = stack.pop() as [string, string[]];
    let entries: import('node:fs').Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (e.isSymbolicLink()) continue;
      if (e.isDirectory()) {
        // `.well-known` is a real URL folder; other dot folders are tooling
        if (!SKIP_DIRS.has(e.name) && (!e.name.startsWith('.') || e.name === '.well-known') && folders.length < MAX_DEPTH) stack.push([join(dir, e.name), [...folders, e.name]]);
      } else if (e.isFile() && budget.files-- > 0) visit(folders, e.name, join(dir, e.name));
    }
  }
}

const NEXT_CONFIGS = ['next.config.js', 'next.config.mjs', 'next.config.cjs', 'next.config.ts', 'next.config.mts'];

/**
 * The app's `basePath` from next.config, read as text: a string literal (`basePath: '/docs'`), or a `const` holding
 * one (`basePath,` / `basePath: BASE`). Anything else (an env var, a ternary) cannot be known without running the
 * config: `unreadable` names the file so init can say its routes are listed without the prefix.
 */
function nextBasePath(repoRoot: string, appDir: string, budget: RouteBudget): { basePath: string; unreadable?: string } {
  for (const name of NEXT_CONFIGS) {
    const file = [appDir, name].filter((p) => p !== '').join('/');
    const text = stripComments(readRouteFile(join(repoRoot, file), budget));
    if (text === '') continue;
    const m = /\bbasePath\b\s*(?::\s*([^,}\n]+?)\s*)?[,}\n]/.exec(text);
    if (!m) return { basePath: '' };
    const value = (m[1] ?? 'basePath').trim();
    const literal = (v: string) => /^(['"`])(\/?[\w./~-]*)\1$/.exec(v)?.[2];
    let path = literal(value);
    if (path === undefined && /^[A-Za-z_$][\w$]*$/.test(value)) {
      const decl = new RegExp(`\\b(?:const|let|var)\\s+${value.replace(/\$/g, '\\$')}\\s*(?::\\s*string\\s*)?=\\s*(['"\`][^'"\`\\n]*['"\`])\\s*[;\\n]`).exec(text);
      path = decl ? literal(decl[1] as string) : undefined;
    }
    if (path === undefined) return { basePath: '', unreadable: file };
    const clean = path.replace(/\/+$/, '');
    return { basePath: clean === '' || clean.startsWith('/') ? clean : `/${clean}` };
  }
  return { basePath: '' };
}

/** The Next.js routes of the app at `appDir` (repository-relative, '' for the root), under its next.config basePath. */
export function nextRoutes(repoRoot: string, appDir: string, budget: RouteBudget, notes: string[] = []): FoundRoute[] {
  const { basePath, unreadable } = nextBasePath(repoRoot, appDir, budget);
  if (unreadable) notes.push(`${unreadable} sets basePath to a value read at build time: routes are listed without it.`);
  return basePath === ''
    ? appRoutes(repoRoot, appDir, budget)
    : appRoutes(repoRoot, appDir, budget).map((r) => ({ ...r, path: r.path === '/' ? basePath : `${basePath}${r.path}` }));
}

function appRoutes(repoRoot: string, appDir: string, budget: RouteBudget): FoundRoute[] {
  const routes: FoundRoute[] = [];
  const rel = (...parts: string[]) => [appDir, ...parts].filter((p) => p !== '').join('/');
  for (const base of ['app', 'src/app']) {
    walkFiles(join(repoRoot, rel(base)), budget, (folders, name, full) => {
      const page = /^page\.(?:[jt]sx?|mdx?)$/.test(name);
      const handler = /^route\.[jt]sx?$/.test(name);
      if (!page && !handler) return;
      const path = appPath(folders);
      if (path === null) return;
      const source = rel(base, ...folders, name);
      if (page) {
        routes.push({ method: 'GET', path, source });
        return;
      }
      const text = readRouteFile(full, budget);
      const last = folders.at(-1) ?? '';
      const auth = /^\[\.\.\.[^\]]+\]$/.test(last) ? authLibraryRoutes(text, appPath(folders.slice(0, -1)) ?? '', source) : [];
      if (auth.length > 0) routes.push(...auth);
      else for (const method of exportedMethods(text)) routes.push({ method, path, source, data: true });
    });
  }
  for (const base of ['pages', 'src/pages']) {
    walkFiles(join(repoRoot, rel(base)), budget, (folders, name, full) => {
      const m = /^(.+)\.(?:[jt]sx?|mdx?)$/.exec(name);
      if (!m || /\.(?:test|spec|d)$/.test(m[1] as string) || folders.some((f) => f.startsWith('_'))) return;
      const stem = m[1] as string;
      if (folders.length === 0 && (stem.startsWith('_') || stem === '404' || stem === '500')) return;
      const path = appPath(stem === 'index' ? folders : [...folders, stem]);
      if (path === null) return;
      const source = rel(base, ...folders, name);
      if (folders[0] !== 'api') {
        routes.push({ method: 'GET', path, source });
        return;
      }
      const text = readRouteFile(full, budget);
      const auth = /^\[\.\.\.[^\]]+\]$/.test(stem) ? authLibraryRoutes(text, appPath(folders) ?? '', source) : [];
      if (auth.length > 0) routes.push(...auth);
      else for (const method of pagesApiMethods(text)) routes.push({ method, path, source, data: true });
    });
  }
  return routes;
}

// The workspace packages of a monorepo (pnpm-workspace.yaml, package.json workspaces, turbo's apps/* and packages/*),
// read as text and expanded with bounded globs: init looks for frameworks and routes in each, not only at the root.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { readRegularFileSync } from '../safe-file.js';

/** At most this many packages, and `**` descends at most this deep: a hostile or huge tree stays cheap. */
const MAX_PACKAGES = 64;
const MAX_GLOB_DEPTH = 4;
const SKIP = new Set(['node_modules', '.git', 'dist', 'build', '.next', 'vendor', 'coverage']);

function readText(path: string): string | null {
  try {
    return readRegularFileSync(path, { maxBytes: 512 * 1024, follow: false }).toString('utf8');
  } catch {
    return null;
  }
}

function subdirs(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isDirectory() && !e.isSymbolicLink() && !SKIP.has(e.name) && !e.name.startsWith('.'))
      .map((e) => e.name)
      .sort();
  } catch {
    return [];
  }
}

/** The declared workspace patterns; turbo without a declaration (or a bare apps/ dir) means the usual apps/* and packages/*. */
function workspacePatterns(root: string): string[] {
  const patterns: string[] = [];
  const pnpm = readText(join(root, 'pnpm-workspace.yaml'));
  if (pnpm) {
    try {
      const doc = parse(pnpm, { maxAliasCount: 10 }) as { packages?: unknown } | null;
      if (Array.isArray(doc?.packages)) patterns.push(...doc.packages.filter((p): p is string => typeof p === 'string'));
    } catch {
      // a broken workspace file is the repo's problem
    }
  }
  const pkg = readText(join(root, 'package.json'));
  if (pkg) {
    try {
      const ws = (JSON.parse(pkg) as { workspaces?: unknown }).workspaces;
      const list = Array.isArray(ws) ? ws : Array.isArray((ws as { packages?: unknown } | undefined)?.packages) ? (ws as { packages: unknown[] }).packages : [];
      patterns.push(...list.filter((p): p is string => typeof p === 'string'));
    } catch {}
  }
  if (patterns.length === 0 && (readText(join(root, 'turbo.json')) !== null || subdirs(root).includes('apps'))) patterns.push('apps/*', 'packages/*');
  return patterns.slice(0, 50);
}

/** Expands one pattern (`apps/*`, `packages/**`, `docker`) into existing directories, relative to root. */
function expand(root: string, pattern: string): string[] {
  const parts = pattern
    .replace(/^\.\//, '')
    .replace(/\/+$/, '')
    .split('/')
    .filter((p) => p !== '' && p !== '.');
  if (parts.length === 0 || parts.some((p) => p === '..')) return [];
  let current = [''];
  for (const part of parts) {
    const next: string[] = [];
    for (const base of current) {
      if (part === '**') {
        // any depth below base, bounded; base itself included
        const stack: [string, number][] = [[base, 0]];
        while (stack.length > 0 && next.length < MAX_PACKAGES * 4) {
          const [dir, depth] = stack.pop() as [string, number];
          next.push(dir);
          if (depth < MAX_GLOB_DEPTH) for (const d of subdirs(join(root, dir))) stack.push([dir ? `${dir}/${d}` : d, depth + 1]);
        }
      } else if (part.includes('*')) {
        const re = new RegExp(`^${part.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
        for (const d of subdirs(join(root, base))) if (re.test(d)) next.push(base ? `${base}/${d}` : d);
      } else if (subdirs(join(root, base)).includes(part)) next.push(base ? `${base}/${part}` : part);
    }
    current = next.slice(0, MAX_PACKAGES * 4);
  }
  return current.filter((d) => d !== '');
}

/** Workspace package directories (relative, `/`-separated, sorted), excluding `!negated` ones; at most MAX_PACKAGES. */
export function workspaceDirs(root: string): string[] {
  const patterns = workspacePatterns(root);
  const excluded = new Set(patterns.filter((p) => p.startsWith('!')).flatMap((p) => expand(root, p.slice(1))));
  const dirs = new Set<string>();
  for (const p of patterns.filter((x) => !x.startsWith('!'))) for (const d of expand(root, p)) if (!excluded.has(d)) dirs.add(d);
  return [...dirs].sort().slice(0, MAX_PACKAGES);
}

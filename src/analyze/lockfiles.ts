// Lockfile parsers: npm (v1/v2/v3), pnpm, yarn (v1 and berry), requirements.txt pins, poetry/uv/Cargo locks, Pipfile.lock, Gemfile.lock, go.sum.
import { parse as parseYaml } from 'yaml';
import { normalisePypiName } from './manifests.js';

/** OSV ecosystem names. */
export type OsvEcosystem = 'npm' | 'PyPI' | 'RubyGems' | 'Go' | 'crates.io';

export interface LockedPackage {
  name: string;
  version: string;
  ecosystem: OsvEcosystem;
}

export interface LockfileSummary {
  kind: string;
  packages: LockedPackage[];
  error: string | null;
}

const MAX_PACKAGES = 50_000;

export function lockfileKind(base: string): string | null {
  if (base === 'package-lock.json' || base === 'npm-shrinkwrap.json') return 'npm';
  if (base === 'pnpm-lock.yaml') return 'pnpm';
  if (base === 'yarn.lock') return 'yarn';
  if (base === 'poetry.lock' || base === 'uv.lock' || base === 'pdm.lock') return 'python-toml';
  if (base === 'Pipfile.lock') return 'pipfile';
  if (base === 'Gemfile.lock') return 'gemfile';
  if (base === 'go.sum') return 'go.sum';
  if (base === 'Cargo.lock') return 'cargo';
  if (/^requirements(?:[-_.][\w.-]*)?\.txt$/.test(base)) return 'requirements';
  return null;
}

function dedupe(packages: LockedPackage[]): LockedPackage[] {
  const seen = new Set<string>();
  return packages.filter((p) => {
    const k = `${p.ecosystem}\0${p.name}\0${p.version}`;
    return !seen.has(k) && seen.add(k) && seen.size <= MAX_PACKAGES;
  });
}

function parseNpmLock(text: string): LockedPackage[] {
  const json = JSON.parse(text) as { packages?: Record<string, { version?: unknown; name?: unknown; link?: unknown }>; dependencies?: Record<string, unknown> };
  const out: LockedPackage[] = [];
  if (json.packages && typeof json.packages === 'object') {
    for (const [path, entry] of Object.entries(json.packages)) {
      if (!path.includes('node_modules/') || !entry || typeof entry !== 'object' || entry.link === true || typeof entry.version !== 'string') continue;
      const name = typeof entry.name === 'string' ? entry.name : path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
      out.push({ name, version: entry.version, ecosystem: 'npm' });
    }
    return dedupe(out);
  }
  // v1: nested dependencies trees; walk iteratively with a depth bound
  const stack: { deps: Record<string, unknown>; depth: number }[] = json.dependencies ? [{ deps: json.dependencies, depth: 0 }] : [];
  while (stack.length > 0 && out.length < MAX_PACKAGES) {
    const { deps, depth } = stack.pop()!;
    for (const [name, entry] of Object.entries(deps)) {
      if (!entry || typeof entry !== 'object') continue;
      const e = entry as { version?: unknown; dependencies?: Record<string, unknown> };
      if (typeof e.version === 'string' && !/^(?:file|link|git\+?|github):/.test(e.version)) out.push({ name, version: e.version.replace(/^npm:.*@/, ''), ecosystem: 'npm' });
      if (e.dependencies && typeof e.dependencies === 'object' && depth < 64) stack.push({ deps: e.dependencies, depth: depth + 1 });
    }
  }
  return dedupe(out);
}

/** pnpm keys: "/name/1.2.3" (v5), "/name@1.2.3(peer@1)" (v6), "name@1.2.3" (v9), scoped names too. */
export function parsePnpmKey(key: string): { name: string; version: string } | null {
  const k = key.replace(/^\//, '').replace(/\(.*$/, '');
  const at = /^(@[^/@]+\/[^/@]+|[^/@]+)@([^/]+)$/.exec(k);
  if (at?.[1] && at[2]) return { name: at[1], version: at[2] };
  const slash = /^(@[^/]+\/[^/]+|[^/@]+)\/([^/]+)$/.exec(k);
  if (slash?.[1] && slash[2]) return { name: slash[1], version: slash[2].replace(/_.*$/, '') };
  return null;
}

function parsePnpmLock(text: string): LockedPackage[] {
  const doc = parseYaml(text, { maxAliasCount: 100, uniqueKeys: false }) as { packages?: Record<string, unknown>; snapshots?: Record<string, unknown> } | null;
  const out: LockedPackage[] = [];
  for (const key of Object.keys(doc?.packages ?? {}).concat(Object.keys(doc?.snapshots ?? {}))) {
    const parsed = parsePnpmKey(key);
    if (parsed && /^\d/.test(parsed.version)) out.push({ ...parsed, ecosystem: 'npm' });
  }
  return dedupe(out);
}

/** Package name of a yarn descriptor: "@scope/name@npm:^1" → "@scope/name". */
function descriptorName(descriptor: string): string | null {
  const d = descriptor.trim().replace(/^"|"$/g, '');
  const at = d.indexOf('@', 1);
  return at > 0 ? d.slice(0, at) : null;
}

function parseYarnLock(text: string): LockedPackage[] {
  const out: LockedPackage[] = [];
  if (/^__metadata:/m.test(text)) {
    const doc = parseYaml(text, { maxAliasCount: 100, uniqueKeys: false }) as Record<string, { version?: unknown; resolution?: unknown }> | null;
    for (const [key, entry] of Object.entries(doc ?? {})) {
      if (key === '__metadata' || !entry || typeof entry !== 'object' || typeof entry.version !== 'string') continue;
      if (/@(?:workspace|link|portal|file):/.test(key)) continue;
      // an alias ("cjs@npm:string-width@^4") installs the package named in its resolution
      const name = descriptorName(typeof entry.resolution === 'string' ? entry.resolution : (key.split(',')[0] ?? ''));
      if (name) out.push({ name, version: entry.version, ecosystem: 'npm' });
    }
    return dedupe(out);
  }
  let current: string | null = null;
  for (const line of text.split('\n')) {
    if (/^\S/.test(line) && !line.startsWith('#')) current = descriptorName(line.replace(/:\s*$/, '').split(',')[0] ?? '');
    else {
      const v = /^\s+version:?\s+"?([^"\s]+)"?/.exec(line);
      if (v?.[1] && current) {
        out.push({ name: current, version: v[1], ecosystem: 'npm' });
        current = null;
      }
    }
  }
  return dedupe(out);
}

function parseRequirementsPins(text: string): LockedPackage[] {
  const out: LockedPackage[] = [];
  for (const raw of text.split('\n')) {
    const m = /^\s*([A-Za-z0-9][\w.-]*)(?:\[[^\]]*\])?\s*===?\s*([^\s,;\\#]+)/.exec(raw);
    if (m?.[1] && m[2] && !m[2].includes('*')) out.push({ name: normalisePypiName(m[1]), version: m[2], ecosystem: 'PyPI' });
  }
  return dedupe(out);
}

/** [[package]] name/version blocks of poetry.lock, uv.lock, pdm.lock and Cargo.lock. */
function parseTomlPackages(text: string, ecosystem: OsvEcosystem): LockedPackage[] {
  const out: LockedPackage[] = [];
  let name: string | null = null;
  let version: string | null = null;
  let source: string | null = null;
  const flush = () => {
    if (name && version && !(source && /^(?:path|directory|editable|virtual)/.test(source)))
      out.push({ name: ecosystem === 'PyPI' ? normalisePypiName(name) : name, version, ecosystem });
    name = version = source = null;
  };
  for (const line of text.split('\n')) {
    if (/^\s*\[\[package\]\]\s*$/.test(line)) {
      flush();
      continue;
    }
    if (/^\s*\[/.test(line)) continue;
    const kv = /^(name|version)\s*=\s*"([^"]*)"/.exec(line);
    if (kv?.[1] === 'name') name = kv[2] ?? null;
    else if (kv?.[1] === 'version') version = kv[2] ?? null;
    const src = /^source\s*=\s*\{\s*(\w+)/.exec(line);
    if (src?.[1]) source = src[1];
  }
  flush();
  return dedupe(out);
}

function parsePipfileLock(text: string): LockedPackage[] {
  const json = JSON.parse(text) as Record<string, Record<string, { version?: unknown }>>;
  const out: LockedPackage[] = [];
  for (const section of ['default', 'develop'])
    for (const [name, entry] of Object.entries(json?.[section] ?? {})) {
      const v = typeof entry?.version === 'string' ? /^===?(.+)$/.exec(entry.version)?.[1] : undefined;
      if (v) out.push({ name: normalisePypiName(name), version: v, ecosystem: 'PyPI' });
    }
  return dedupe(out);
}

function parseGemfileLock(text: string): LockedPackage[] {
  const out: LockedPackage[] = [];
  let inSpecs = false;
  for (const line of text.split('\n')) {
    if (/^\S/.test(line)) inSpecs = false;
    if (/^ {2}specs:\s*$/.test(line)) {
      inSpecs = true;
      continue;
    }
    if (!inSpecs) continue;
    const m = /^ {4}([\w.-]+) \(([^)\s]+)\)\s*$/.exec(line);
    // platform gems look like 1.16.0-x86_64-linux: the platform is not part of the version
    if (m?.[1] && m[2]) out.push({ name: m[1], version: m[2].replace(/-(?:x86|x64|arm|aarch|universal|java|mingw|mswin|darwin|linux)[\w-]*$/, ''), ecosystem: 'RubyGems' });
  }
  return dedupe(out);
}

/** go.sum keeps every version in the module graph; the selected one is the highest per module (MVS). */
function parseGoSum(text: string, compare: (a: string, b: string) => number): LockedPackage[] {
  const best = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^(\S+)\s+(v[^\s/]+)(\/go\.mod)?\s+h1:/.exec(line.trim());
    if (!m?.[1] || !m[2]) continue;
    const prev = best.get(m[1]);
    if (!prev || compare(m[2], prev) > 0) best.set(m[1], m[2]);
  }
  return [...best].slice(0, MAX_PACKAGES).map(([name, version]) => ({ name, version, ecosystem: 'Go' as const }));
}

export function parseLockfile(base: string, text: string, goCompare: (a: string, b: string) => number): LockfileSummary | null {
  const kind = lockfileKind(base);
  if (!kind) return null;
  try {
    const packages =
      kind === 'npm'
        ? parseNpmLock(text)
        : kind === 'pnpm'
          ? parsePnpmLock(text)
          : kind === 'yarn'
            ? parseYarnLock(text)
            : kind === 'python-toml'
              ? parseTomlPackages(text, 'PyPI')
              : kind === 'cargo'
                ? parseTomlPackages(text, 'crates.io')
                : kind === 'pipfile'
                  ? parsePipfileLock(text)
                  : kind === 'gemfile'
                    ? parseGemfileLock(text)
                    : kind === 'go.sum'
                      ? parseGoSum(text, goCompare)
                      : parseRequirementsPins(text);
    return { kind, packages, error: null };
  } catch (error) {
    return {
      kind,
      packages: [],
      error:
        String((error as Error).message)
          .split('\n')[0]
          ?.slice(0, 200) ?? 'unreadable lockfile',
    };
  }
}

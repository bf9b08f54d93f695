// The deps collector: package manifests and lockfiles in the repo, locked versions matched against a local OSV advisory directory.
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { type LockedPackage, lockfileKind, parseLockfile } from '../../analyze/lockfiles.js';
import { summariseManifest } from '../../analyze/manifests.js';
import { isOsvAdvisory, matchAdvisories, type OsvAdvisory, osvEcosystem, packageKey } from '../../analyze/osv.js';
import { compareGoVersions } from '../../analyze/versions.js';
import type { AdvisoryDatabase, DepsFacts, LockfileEntry, ManifestEntry } from '../../facts/deps.js';
import type { NetContext } from '../../net/context.js';
import { defineCollector } from '../collector.js';
import { NO_REPO } from '../deploy/index.js';
import { baseName, dirName, listRepoFiles, readRepoFile } from '../deploy/repo-files.js';
import { indexFor, isTestClass, type RepoIndex } from '../repo-index.js';
import { isAdvisoryApi, queryOsvApi } from './osv-api.js';

const MAX_LOCKFILE_BYTES = 32 * 1024 * 1024;
const MAX_MANIFEST_BYTES = 2 * 1024 * 1024;
const MAX_ADVISORY_FILES = 300_000;
const MAX_ADVISORY_BYTES = 4 * 1024 * 1024;
const MAX_LISTED_PACKAGES = 2000;

const LOCKS_FOR: Record<string, string[]> = {
  'package.json': ['package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', 'bun.lockb', 'bun.lock'],
  'requirements.txt': ['poetry.lock', 'Pipfile.lock', 'uv.lock', 'pdm.lock', 'requirements.lock'],
  'pyproject.toml': ['poetry.lock', 'uv.lock', 'pdm.lock', 'Pipfile.lock', 'requirements.lock'],
  Pipfile: ['Pipfile.lock'],
  Gemfile: ['Gemfile.lock', 'gems.locked'],
  'go.mod': ['go.sum'],
  'Cargo.toml': ['Cargo.lock'],
  'composer.json': ['composer.lock'],
};
/** Workspaces keep one lockfile at the root for nested manifests. */
const SEARCH_ANCESTORS = new Set(['package.json', 'Cargo.toml', 'go.mod']);

function findLockfile(files: Set<string>, manifest: string, kind: string, pinnedRequirements: Set<string>): string | null {
  const names = LOCKS_FOR[kind] ?? [];
  let dir = dirName(manifest);
  for (;;) {
    for (const n of names) {
      const candidate = dir ? `${dir}/${n}` : n;
      if (files.has(candidate)) return candidate;
    }
    if (kind === 'requirements.txt' || kind === 'pyproject.toml') {
      const pinned = [...pinnedRequirements].find((f) => dirName(f) === dir && f !== manifest);
      if (pinned) return pinned;
    }
    if (!dir || !SEARCH_ANCESTORS.has(kind)) return null;
    dir = dirName(dir);
  }
}

/** Read *.json OSV advisories under dir, keeping only those that name a locked package. Bounded in files and bytes. */
async function loadAdvisories(dir: string, wanted: ReadonlySet<string>): Promise<{ db: AdvisoryDatabase; advisories: Map<string, OsvAdvisory[]> }> {
  const db: AdvisoryDatabase = { dir, filesRead: 0, advisoriesLoaded: 0, unreadableFiles: 0, truncated: false, error: null };
  const advisories = new Map<string, OsvAdvisory[]>();
  const root = resolve(dir);
  try {
    if (!(await stat(root)).isDirectory()) throw new Error('not a directory');
  } catch (error) {
    db.error = `cannot read advisory directory ${dir}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`;
    return { db, advisories };
  }
  const listing = await listRepoFiles(root, { maxFiles: MAX_ADVISORY_FILES, maxDepth: 8 });
  db.truncated = listing.truncated;
  for (const file of listing.files) {
    if (!file.endsWith('.json')) continue;
    if ((listing.sizes.get(file) ?? 0) > MAX_ADVISORY_BYTES) {
      db.unreadableFiles++;
      continue;
    }
    const text = await readRepoFile(root, file, MAX_ADVISORY_BYTES);
    db.filesRead++;
    let json: unknown;
    try {
      json = JSON.parse(text ?? '');
    } catch {
      db.unreadableFiles++;
      continue;
    }
    const list = Array.isArray(json) ? json : [json];
    for (const item of list.slice(0, 10_000)) {
      if (!isOsvAdvisory(item)) {
        db.unreadableFiles += list.length === 1 ? 1 : 0;
        continue;
      }
      const keys = new Set<string>();
      for (const a of item.affected ?? []) {
        const eco = osvEcosystem(a?.package?.ecosystem);
        if (eco && typeof a.package?.name === 'string') keys.add(packageKey(eco, a.package.name));
      }
      let used = false;
      for (const k of keys)
        if (wanted.has(k)) {
          advisories.set(k, [...(advisories.get(k) ?? []), item]);
          used = true;
        }
      if (used) db.advisoriesLoaded++;
    }
  }
  return { db, advisories };
}

export interface AdvisoryAccess {
  net: NetContext;
}

export async function collectDeps(
  repo: string,
  advisoriesDir: string | null,
  progress: (note: string) => void = () => {},
  access?: AdvisoryAccess,
  index?: RepoIndex,
): Promise<DepsFacts> {
  const listing = await indexFor(repo, index).appFiles();
  const files = new Set(listing.files);
  const manifests: ManifestEntry[] = [];
  const lockfiles: LockfileEntry[] = [];
  const packages: (LockedPackage & { lockfile: string })[] = [];
  const pinnedRequirements = new Set<string>();
  const manifestTexts: { file: string; kind: string; ecosystem: string; dependencies: number; error: string | null }[] = [];
  progress('reading manifests and lockfiles');
  for (const file of listing.files) {
    const base = baseName(file);
    const lockKind = lockfileKind(base);
    const isManifest =
      ['package.json', 'pyproject.toml', 'Pipfile', 'Gemfile', 'go.mod', 'Cargo.toml', 'composer.json'].includes(base) || /^requirements(?:[-_.][\w.-]*)?\.(?:txt|in)$/.test(base);
    if (!lockKind && !isManifest) continue;
    const size = await listing.size(file);
    if (lockKind && size <= MAX_LOCKFILE_BYTES) {
      const text = await readRepoFile(repo, file, MAX_LOCKFILE_BYTES);
      const parsed = text === null ? null : parseLockfile(base, text, compareGoVersions);
      if (parsed && (lockKind !== 'requirements' || parsed.packages.length > 0)) {
        if (lockKind !== 'requirements') lockfiles.push({ file, kind: parsed.kind, packages: parsed.packages.length, error: parsed.error });
        for (const p of parsed.packages) packages.push({ ...p, lockfile: file });
      }
    }
    if (size > MAX_MANIFEST_BYTES) continue;
    const text = isManifest ? await readRepoFile(repo, file, MAX_MANIFEST_BYTES) : null;
    if (text === null) continue;
    const summary = summariseManifest(base, text);
    if (!summary) continue;
    if (summary.kind === 'requirements.txt' && summary.allPinned) {
      pinnedRequirements.add(file);
      lockfiles.push({ file, kind: 'requirements (pinned)', packages: summary.dependencies.length, error: null });
      continue;
    }
    if (summary.dependencies.length === 0 && !summary.error) continue;
    // fixture and test projects are not built or deployed: their lockfiles do not matter
    if (isTestClass(listing.classOf(file))) continue;
    manifestTexts.push({ file, kind: summary.kind, ecosystem: summary.ecosystem, dependencies: summary.dependencies.length, error: summary.error });
  }
  for (const m of manifestTexts) manifests.push({ ...m, lockfile: findLockfile(files, m.file, m.kind, pinnedRequirements) });

  let db: AdvisoryDatabase = { dir: null, filesRead: 0, advisoriesLoaded: 0, unreadableFiles: 0, truncated: false, error: null };
  let vulnerable: DepsFacts['vulnerable'] = [];
  if (advisoriesDir) {
    progress('matching locked versions against the advisory database');
    const loaded =
      isAdvisoryApi(advisoriesDir) && access
        ? await queryOsvApi(access.net, advisoriesDir, packages)
        : await loadAdvisories(advisoriesDir, new Set(packages.map((p) => packageKey(p.ecosystem, p.name))));
    db = loaded.db;
    vulnerable = matchAdvisories(packages, loaded.advisories);
  }
  const advisoriesOf = new Map<string, string[]>();
  for (const v of vulnerable) {
    const k = `${v.lockfile}\0${v.package}\0${v.version}`;
    advisoriesOf.set(k, [...(advisoriesOf.get(k) ?? []), v.advisory]);
  }
  // vulnerable packages first, so the bound never drops one
  const isVulnerable = (p: { lockfile: string; name: string; version: string }) => advisoriesOf.has(`${p.lockfile}\0${p.name}\0${p.version}`);
  const listed = packages
    .map((p) => ({ name: p.name, version: p.version, ecosystem: p.ecosystem, lockfile: p.lockfile }))
    .sort((a, b) => Number(isVulnerable(b)) - Number(isVulnerable(a)) || a.name.localeCompare(b.name));
  return {
    repo,
    filesScanned: listing.files.length,
    truncated: listing.truncated,
    manifests,
    lockfiles,
    packagesLocked: packages.length,
    advisoryDatabase: db,
    vulnerable,
    packages: listed.slice(0, MAX_LISTED_PACKAGES),
    packagesOmitted: Math.max(0, listed.length - MAX_LISTED_PACKAGES),
  };
}

export const depsCollector = defineCollector({
  source: 'deps',
  title: 'Dependencies',
  readsRepo: true,
  stages: ['repo'],
  missingInput: (plan) => (plan.repo ? null : NO_REPO),
  collect: (run) => collectDeps(run.plan.repo as string, run.plan.advisoriesDir, run.progress, { net: run.net }, run.repoIndex?.()),
});

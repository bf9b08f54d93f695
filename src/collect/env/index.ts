// The env collector: which environment variables the code reads, where each is documented or set,
// boot-time validation and .env loading at entry points. Reads files only; values are never kept.
import { promises as fs } from 'node:fs';
import { resolve } from 'node:path';
import {
  analyzeEnvFile,
  envFileRole,
  isEntryPoint,
  isTestRunnerConfig,
  isWellKnownEnvVar,
  packageEntryPoints,
  packageScriptVariables,
  startCommandScripts,
  startScriptFiles,
  startScriptLoadsDotenv,
  testHarnessFiles,
} from '../../analyze/env-refs.js';
import { type FileClass, isDevToolingPath, isScriptPath } from '../../analyze/file-class.js';
import type { DotenvLoadFacts, EnvFacts, EnvVarFacts } from '../../facts/env.js';
import type { CollectorFailure } from '../../facts/index.js';
import { defineCollector } from '../collector.js';
import type { RepoIndex } from '../repo-index.js';
import { NO_REPO_REASON } from '../secrets/index.js';
import { DEFAULT_REPO_LIMITS, forEachLimited, listRepoFiles, type RepoLimits, readRepoFile } from '../secrets/repo-files.js';

/** Files analysed at most (the relevant ones: code, manifests, docs). */
const MAX_ANALYSED = 30_000;
const MAX_PLACES = 20;
const MAX_NAMES = 50_000;
const NOT_THE_APPS = new Set<FileClass>(['test', 'fixture', 'vendored', 'generated']);

interface Accumulator {
  readAt: string[];
  reads: number;
  toolingReadAt: string[];
  documentedAt: string[];
  declared: boolean;
}

export async function collectEnvInventory(dir: string, limits: RepoLimits = DEFAULT_REPO_LIMITS, index?: RepoIndex): Promise<EnvFacts | CollectorFailure> {
  try {
    if (!(await fs.stat(dir)).isDirectory()) return { error: { code: 'REPO_NOT_DIRECTORY', message: `${dir} is not a directory` } };
  } catch {
    return { error: { code: 'REPO_NOT_FOUND', message: `repository ${dir} does not exist` } };
  }
  const listing = await listRepoFiles(dir, limits, index);
  const relevant = listing.entries.filter((e) => envFileRole(e.path) !== null);
  let truncated: string | null = listing.overFileLimit > 0 ? `${listing.overFileLimit} files past the ${limits.maxFiles}-file limit were not read` : null;
  if (relevant.length > MAX_ANALYSED) truncated = `only the first ${MAX_ANALYSED} of ${relevant.length} relevant files were analysed`;
  const names = new Map<string, Accumulator>();
  const entry = (name: string): Accumulator | undefined => {
    let acc = names.get(name);
    if (!acc && names.size < MAX_NAMES) names.set(name, (acc = { readAt: [], reads: 0, toolingReadAt: [], documentedAt: [], declared: false }));
    return acc;
  };
  const validation: EnvFacts['validation'] = [];
  const loads: { file: string; line: number; form: string; guarded: boolean }[] = [];
  const declaredEntries: string[] = [];
  const scriptLoads: DotenvLoadFacts[] = [];
  let filesScanned = 0;
  // Test files and fixtures neither read production configuration nor document it; third-party code and build output
  // are not the app's own reads.
  const analysed = relevant.filter((e) => !NOT_THE_APPS.has(e.class)).slice(0, MAX_ANALYSED);
  // First the files that say how the app starts and how its tests run: package.json scripts, Dockerfile CMD, Procfile,
  // test runner configs. A read in dev tooling, a test harness or an operator script is not a read of the running app.
  const startNames = new Set<string>();
  const harness = new Set<string>();
  const packages: { path: string; text: string }[] = [];
  const isProcfile = (path: string) => /(?:^|\/)Procfile$/.test(path);
  const starters = analysed.filter((e) => {
    const role = envFileRole(e.path);
    return role === 'package-json' || role === 'dockerfile' || isProcfile(e.path) || isTestRunnerConfig(e.path);
  });
  await forEachLimited(starters, 16, async (file) => {
    const read = await readRepoFile(file, limits.maxFileBytes);
    if ('skip' in read) return;
    const role = envFileRole(file.path);
    if (role === 'package-json') packages.push({ path: file.path, text: read.text });
    else if (role === 'dockerfile' || isProcfile(file.path)) for (const n of startCommandScripts(read.text)) startNames.add(n);
    else for (const h of testHarnessFiles(file.path, read.text)) harness.add(h);
  });
  packages.sort((a, b) => a.path.localeCompare(b.path));
  for (const pkg of packages) {
    const base = pkg.path.includes('/') ? pkg.path.slice(0, pkg.path.lastIndexOf('/') + 1) : '';
    declaredEntries.push(...packageEntryPoints(pkg.text).map((p) => base + p));
  }
  // scripts a start command runs (Dockerfile CMD -> start-docker -> check-db -> scripts/check-db.js) are the app at run time
  const runtimeScripts = new Set(packages.flatMap((p) => startScriptFiles(p.path, p.text, [...startNames])));
  const isTooling = (path: string): boolean =>
    isDevToolingPath(path) || harness.has(path) || (isScriptPath(path) && !runtimeScripts.has(path) && !isEntryPoint(path, declaredEntries));
  await forEachLimited(analysed, 16, async (file) => {
    const read = await readRepoFile(file, limits.maxFileBytes);
    if ('skip' in read) return;
    filesScanned++;
    const role = envFileRole(file.path);
    if (role === 'package-json') {
      const script = startScriptLoadsDotenv(read.text);
      if (script) scriptLoads.push({ at: `${file.path} scripts.start`, form: script, guarded: false, entryPoint: true });
      // A variable a script sets is provided by the tooling, not by the deploy.
      for (const name of packageScriptVariables(read.text)) {
        const acc = entry(name);
        if (acc && acc.documentedAt.length < MAX_PLACES) acc.documentedAt.push(`${file.path} (package.json script)`);
      }
      return;
    }
    const analysis = analyzeEnvFile(file.path, read.text, role);
    const tooling = isTooling(file.path);
    for (const r of analysis.reads) {
      const acc = entry(r.name);
      if (!acc) continue;
      if (tooling) {
        if (acc.toolingReadAt.length < MAX_PLACES) acc.toolingReadAt.push(`${file.path}:${r.line}`);
        continue;
      }
      acc.reads++;
      if (acc.readAt.length < MAX_PLACES) acc.readAt.push(`${file.path}:${r.line}`);
    }
    if (analysis.validation) validation.push({ library: analysis.validation.library, at: `${file.path}:${analysis.validation.line}` });
    for (const d of analysis.dotenv) loads.push({ file: file.path, ...d });
    for (const d of analysis.documents) {
      const acc = entry(d.name);
      if (!acc) continue;
      if (d.kind === 'env example' || d.kind === 'schema') acc.declared = true;
      if (acc.documentedAt.length < MAX_PLACES) acc.documentedAt.push(`${file.path}:${d.line} (${d.kind})`);
    }
  });
  const entryPoints = [...new Set(listing.entries.map((e) => e.path).filter((p) => isEntryPoint(p, declaredEntries)))].sort();
  const dotenv: DotenvLoadFacts[] = [
    ...scriptLoads,
    ...loads.map((l) => ({ at: `${l.file}:${l.line}`, form: l.form, guarded: l.guarded, entryPoint: isEntryPoint(l.file, declaredEntries) })),
  ].sort((a, b) => a.at.localeCompare(b.at));
  const vars: EnvVarFacts[] = [...names.entries()]
    .filter(([, acc]) => acc.reads > 0 || acc.declared || acc.toolingReadAt.length > 0)
    .map(([name, acc]) => ({
      name,
      readAt: acc.readAt.sort(),
      reads: acc.reads,
      ...(acc.toolingReadAt.length > 0 ? { toolingReadAt: acc.toolingReadAt.sort() } : {}),
      documentedAt: acc.documentedAt.sort(),
      wellKnown: isWellKnownEnvVar(name),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
  return {
    filesScanned,
    vars,
    validation: validation.sort((a, b) => a.at.localeCompare(b.at)),
    dotenv,
    entryPoints,
    truncated,
  };
}

export const envCollector = defineCollector({
  source: 'env',
  title: 'Environment variables',
  readsRepo: true,
  stages: ['repo'],
  missingInput: (plan) => (plan.repo ? null : NO_REPO_REASON),
  collect: async (run) => collectEnvInventory(resolve(run.plan.repo as string), DEFAULT_REPO_LIMITS, run.repoIndex?.()),
});

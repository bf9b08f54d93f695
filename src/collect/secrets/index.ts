// The secrets collector: credentials in tracked files at HEAD (or the working tree), in the full git history,
// committed .env files and whether .env is ignored. Raw values never leave this module: masked, and registered for redaction.
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { resolve } from 'node:path';
import { isEnvFileName, SECRET_RULES_BY_ID, type SecretHit, SecretScanner, secretFindingKey } from '../../analyze/secret-rules.js';
import type { CollectorFailure } from '../../facts/index.js';
import type { EnvFileFacts, HistorySecret, SecretLocation, SecretsFacts } from '../../facts/secrets.js';
import { maskSecret, type Redactor } from '../../mask.js';
import { readRegularFile } from '../../safe-file.js';
import { defineCollector } from '../collector.js';
import type { RepoIndex } from '../repo-index.js';
import { DEFAULT_HISTORY_LIMITS, type HistoryLimits, scanHistory } from './history.js';
import { DEFAULT_REPO_LIMITS, forEachLimited, listRepoFiles, type RepoLimits, readRepoFile, runGit } from './repo-files.js';

export const NO_REPO_REASON = 'no repository given: pass --repo DIR or run inside a git work tree';

/** Findings kept in the facts per list; the rest are counted. */
const MAX_STORED = 1000;
/** Distinct history credentials tracked while streaming (memory bound). */
const MAX_HISTORY_CANDIDATES = 20_000;

export interface SecretScanOptions {
  repo: RepoLimits;
  history: HistoryLimits | false;
  /** Wall-time budget of the tree scan; files left when it runs out are not read. */
  treeTimeoutMs?: number;
  progress?: (note: string) => void;
  /** The run's repository index (one walk per run); without it the scan lists the repository itself. */
  index?: RepoIndex;
  /** The run's redactor: live values found are registered so every other sink masks them; without one, only the facts hold them (masked). */
  redactor?: Redactor;
}

/** Same hash as the report's fingerprint (src/checks/run.ts fingerprintOf), so .launchreadyignore can list it. */
export function secretFingerprint(checkId: string, file: string, rule: string, maskedValue: string): string {
  return createHash('sha256')
    .update(`${checkId}\0${file}\0${secretFindingKey(rule, maskedValue)}`)
    .digest('hex')
    .slice(0, 16);
}

const valueDigest = (rule: string, value: string): string => createHash('sha256').update(`${rule}\0${value}`).digest('base64');

/** First MiB of a repository file, never following a symlink (the repository may be hostile). */
async function readSmallFile(path: string, maxBytes = 1024 * 1024): Promise<string> {
  return (await readRegularFile(path, { maxBytes, follow: false, truncate: true })).toString('utf8');
}

async function readIgnoreFile(dir: string): Promise<Set<string>> {
  try {
    const text = await readSmallFile(`${dir}/.launchreadyignore`);
    return new Set(
      text
        .split('\n')
        .map((l) => l.replace(/#.*/, '').trim())
        .filter((l) => /^[0-9a-f]{16}$/.test(l)),
    );
  } catch {
    return new Set();
  }
}

/** Variable names holding a non-empty value in a .env-style file. */
function envFileVariables(text: string): string[] {
  const names = new Set<string>();
  for (const line of text.split('\n').slice(0, 10_000)) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/.exec(line);
    if (!m) continue;
    const value = (m[2] ?? '')
      .replace(/\s+#.*$/, '')
      .trim()
      .replace(/^(["'])(.*)\1$/, '$2');
    if (value !== '') names.add(m[1] as string);
  }
  return [...names];
}

/** Minimal .gitignore matching for a plain directory: does any root rule ignore `.env`? */
function gitignoreIgnoresEnv(text: string): string | null {
  let matched: string | null = null;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const negated = line.startsWith('!');
    const pattern = (negated ? line.slice(1) : line).replace(/^\//, '').replace(/\/$/, '');
    const re = new RegExp(
      `^${pattern
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*\*?/g, '.*')
        .replace(/\?/g, '.')}$`,
    );
    if (re.test('.env')) matched = negated ? null : line;
  }
  return matched;
}

async function envIgnored(dir: string, gitRepo: boolean): Promise<SecretsFacts['envIgnored']> {
  if (gitRepo) {
    const r = await runGit(dir, ['check-ignore', '--no-index', '-v', '.env'], { timeoutMs: 15_000 });
    if (r.code === 0) return { ignored: true, method: 'git check-ignore', source: r.stdout.toString('utf8').split('\t')[0]?.trim() || null };
    if (r.code === 1) return { ignored: false, method: 'git check-ignore', source: null };
  }
  const text = await readSmallFile(`${dir}/.gitignore`).catch(() => '');
  const rule = gitignoreIgnoresEnv(text);
  return { ignored: rule !== null, method: '.gitignore', source: rule ? `.gitignore: ${rule}` : null };
}

export async function scanSecrets(dir: string, options: SecretScanOptions): Promise<SecretsFacts | CollectorFailure> {
  const started = performance.now();
  try {
    const st = await fs.stat(dir);
    if (!st.isDirectory()) return { error: { code: 'REPO_NOT_DIRECTORY', message: `${dir} is not a directory` } };
  } catch {
    return { error: { code: 'REPO_NOT_FOUND', message: `repository ${dir} does not exist` } };
  }
  const scanner = new SecretScanner();
  const ignored = await readIgnoreFile(dir);
  const listing = await listRepoFiles(dir, options.repo, options.index);
  const head = listing.gitRepo ? (await runGit(dir, ['rev-parse', '--verify', '-q', 'HEAD'], { timeoutMs: 15_000 })).stdout.toString().trim() || null : null;
  const facts: SecretsFacts = {
    gitRepo: listing.gitRepo,
    head,
    rules: scanner.ruleCount,
    hardcoded: [],
    omitted: 0,
    history: null,
    envFiles: [],
    envIgnored: await envIgnored(dir, listing.gitRepo),
    scanned: { files: 0, bytes: 0, ms: 0 },
    skipped: { binary: 0, tooLarge: 0, symlinks: 0, overFileLimit: listing.overFileLimit, unreadable: 0 },
    suppressed: { inline: 0, ignoreFile: 0 },
  };
  const atHead = new Set<string>();
  /** Returns true when the hit survives inline and .launchreadyignore suppression. */
  const keep = (hit: SecretHit, checkId: string, file: string, masked: string): boolean => {
    if (hit.suppressed) {
      facts.suppressed.inline++;
      return false;
    }
    if (ignored.size > 0 && ignored.has(secretFingerprint(checkId, file, hit.ruleId, masked))) {
      facts.suppressed.ignoreFile++;
      return false;
    }
    return true;
  };
  const envFiles: EnvFileFacts[] = [];
  const deadline = performance.now() + (options.treeTimeoutMs ?? 300_000);
  let unread = 0;
  await forEachLimited(listing.entries, 16, async (entry) => {
    if (performance.now() > deadline) {
      unread++;
      return;
    }
    const read = await readRepoFile(entry, options.repo.maxFileBytes);
    if ('skip' in read) {
      facts.skipped[read.skip]++;
      return;
    }
    facts.scanned.files++;
    facts.scanned.bytes += read.bytes;
    const base = entry.path.slice(entry.path.lastIndexOf('/') + 1);
    if (isEnvFileName(base)) {
      const variables = envFileVariables(read.text);
      if (variables.length > 0) envFiles.push({ path: entry.path, variables: variables.slice(0, 200) });
    }
    if (!scanner.mayContainSecrets(read.text)) return;
    for (const hit of scanner.scanLines(read.text.split('\n'), 1, entry.path)) {
      registerForRedaction(hit, options.redactor);
      const masked = maskSecret(hit.value);
      // Suppressed values still count as present at HEAD, so history does not report them as removed.
      atHead.add(valueDigest(hit.ruleId, hit.value));
      if (!keep(hit, 'secrets.hardcoded', entry.path, masked)) continue;
      if (facts.hardcoded.length >= MAX_STORED) {
        facts.omitted++;
        continue;
      }
      facts.hardcoded.push(location(hit, entry.path, masked));
    }
  });
  facts.hardcoded.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
  facts.envFiles = envFiles.sort((a, b) => a.path.localeCompare(b.path));
  facts.scanned.ms = Math.round(performance.now() - started);
  if (unread > 0) facts.scanned.truncated = `time limit of ${Math.round((options.treeTimeoutMs ?? 300_000) / 1000)} s reached: ${unread} files not read`;
  options.progress?.(`${facts.scanned.files} files scanned`);

  if (listing.gitRepo && head && options.history) {
    const t0 = performance.now();
    const counted = await runGit(dir, ['rev-list', '--all', '--count'], { timeoutMs: 30_000 });
    const totalCommits = counted.code === 0 ? Number.parseInt(counted.stdout.toString(), 10) || null : null;
    const candidates = new Map<string, HistorySecret>();
    let overflow = 0;
    const stats = await scanHistory(
      dir,
      scanner,
      (hit) => {
        const digest = valueDigest(hit.ruleId, hit.value);
        if (atHead.has(digest)) return;
        registerForRedaction(hit, options.redactor);
        const masked = maskSecret(hit.value);
        if (!keep(hit, 'secrets.in-history', hit.file, masked)) return;
        // Newest commit first: overwriting keeps the oldest commit that added the value.
        if (candidates.size >= MAX_HISTORY_CANDIDATES && !candidates.has(digest)) {
          overflow++;
          return;
        }
        candidates.set(digest, { ...location(hit, hit.file, masked), commit: hit.commit, authorDate: hit.authorDate });
      },
      options.history,
    );
    const secrets = [...candidates.values()].sort((a, b) => a.authorDate.localeCompare(b.authorDate) || a.file.localeCompare(b.file));
    facts.history = {
      ...stats,
      totalCommits,
      ms: Math.round(performance.now() - t0),
      secrets: secrets.slice(0, MAX_STORED),
      omitted: Math.max(0, secrets.length - MAX_STORED) + overflow,
    };
    options.progress?.(`${stats.commits} commits scanned`);
  }
  return facts;
}

function location(hit: SecretHit, file: string, masked: string): SecretLocation {
  return { rule: hit.ruleId, description: SECRET_RULES_BY_ID.get(hit.ruleId)?.description ?? hit.ruleId, file, line: hit.line, value: masked, context: hit.context };
}

/** Only values that can be live are masked across the whole report: a docs example or a local default such as
 * `formbricks` would otherwise mangle every path and package name that contains it. */
function registerForRedaction(hit: SecretHit, redactor: Redactor | undefined): void {
  if (hit.context === 'live') redactor?.add(hit.value);
}

export const secretsCollector = defineCollector({
  source: 'secrets',
  title: 'Secrets in the repository and its history',
  readsRepo: true,
  stages: ['repo'],
  missingInput: (plan) => (plan.repo ? null : NO_REPO_REASON),
  collect: async (run) =>
    scanSecrets(resolve(run.plan.repo as string), {
      repo: DEFAULT_REPO_LIMITS,
      history: DEFAULT_HISTORY_LIMITS,
      progress: run.progress,
      index: run.repoIndex?.(),
      redactor: run.redactor,
    }),
});

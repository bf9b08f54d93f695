// Facts produced by the secrets collector. Plain JSON-serialisable data; secret values only masked (maskSecret).
import type { SecretContext } from '../analyze/secret-context.js';

export interface SecretLocation {
  /** Rule id from src/analyze/secret-rules.ts. */
  rule: string;
  description: string;
  /** Path relative to the repository root (control characters escaped). */
  file: string;
  line: number;
  /** Masked value: first 4 characters, an ellipsis and the length. */
  value: string;
  /** live, or what else the value is (docs example, test fixture, emulator key, public client key, local default). */
  context: SecretContext;
}

export interface HistorySecret extends SecretLocation {
  commit: string;
  authorDate: string;
}

export interface EnvFileFacts {
  path: string;
  /** Names of the variables that hold a value (never the values). */
  variables: string[];
}

export interface SecretsSkipCounts {
  /** NUL byte in the first 8 KiB. */
  binary: number;
  /** Over the per-file size limit. */
  tooLarge: number;
  /** Symbolic links: never followed. */
  symlinks: number;
  /** Past the file-count limit. */
  overFileLimit: number;
  /** Vanished, unreadable, or not a regular file (sockets, devices, submodules). */
  unreadable: number;
}

export interface HistoryScan {
  /** Commits read from `git log` (commits that only delete add nothing to scan). */
  commits: number;
  /** Commits reachable from any ref (`git rev-list --all --count`), or null when git could not count them. */
  totalCommits: number | null;
  addedLines: number;
  bytes: number;
  /** Lines cut at the line-length limit. */
  longLines: number;
  /** Why the history scan stopped early (size or time limit, git error), or null when it read everything. */
  truncated: string | null;
  ms: number;
  /** Added in a past commit and absent at HEAD (oldest introducing commit first seen). */
  secrets: HistorySecret[];
  /** Distinct history credentials beyond the stored list. */
  omitted: number;
}

export interface SecretsFacts {
  /** Is plan.repo a git work tree (tracked files + history) or a plain directory (working tree only)? */
  gitRepo: boolean;
  head: string | null;
  rules: number;
  /** Credentials present at HEAD (tracked files) or in the working tree. */
  hardcoded: SecretLocation[];
  /** Credentials beyond the stored list. */
  omitted: number;
  history: HistoryScan | null;
  /** Tracked `.env`-style files holding values (templates excluded). */
  envFiles: EnvFileFacts[];
  /** Does the repository ignore `.env`? `method` says how it was decided. */
  envIgnored: { ignored: boolean; method: 'git check-ignore' | '.gitignore'; source: string | null };
  /** `truncated` says why the tree scan stopped early (time limit), when it did. */
  scanned: { files: number; bytes: number; ms: number; truncated?: string };
  skipped: SecretsSkipCounts;
  suppressed: { inline: number; ignoreFile: number };
}

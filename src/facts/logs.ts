// Facts produced by the logs collector: logger calls in code that pass sensitive data, and secrets found in supplied log files (masked).
import type { LogSample, LogSecretKind } from '../analyze/log-patterns.js';

export interface SensitiveLogCallSite {
  file: string;
  line: number;
  call: string;
  passes: string[];
}

export interface CodeLogScan {
  filesScanned: number;
  truncated: boolean;
  calls: SensitiveLogCallSite[];
}

export interface LogFileScan {
  /** As matched: repo-relative when inside the repo, else absolute. */
  file: string;
  bytes: number;
  lines: number;
  /** Lines longer than the per-line cap (only their start was scanned). */
  longLines: number;
  counts: Record<LogSecretKind, number>;
  distinctEmails: number;
  samples: LogSample[];
  error: string | null;
}

export interface LogsFacts {
  repo: string | null;
  /** null when no repository was given. */
  codeScan: CodeLogScan | null;
  /** The configured `logs:` patterns; empty when none. */
  patterns: string[];
  /** Patterns that matched no file. */
  unmatchedPatterns: string[];
  logFiles: LogFileScan[];
}

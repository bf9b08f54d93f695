// Messages between the collector and the sandbox process (sandbox-child.ts), over the fork IPC channel.
import type { MeasuredStatement } from '../../facts/migrations.js';

export interface SandboxStep {
  kind: string;
  text: string;
  nonTransactional: boolean;
  /** Existing tables the statement alters. */
  tables: string[];
  /** Seed the tables first (statements whose duration grows with the rows). */
  seed: boolean;
  /** Migration file the statement belongs to. */
  file: string;
}

export interface SeededTable {
  table: string;
  rows: number;
  error: string | null;
}

export type SandboxRequest =
  /** prebuiltPath: the data directory the build made (gzipped tar), tried first; cachePath: the user's cache. */
  | { op: 'start'; prebuiltPath: string | null; cachePath: string | null }
  /** targets: rows to seed per table (from the real database's row counts); fallbackRows for the others. */
  | { op: 'step'; step: SandboxStep; targets: Record<string, number>; fallbackRows: number };

export type SandboxReply =
  | { op: 'ready'; version: string; ms: number; cache: 'prebuilt' | 'loaded' | 'written' | 'none' }
  /** Sent before seeding and before the statement itself, so the parent times each phase on its own. */
  | { op: 'phase'; phase: 'seed' | 'statement' }
  | { op: 'result'; measured: MeasuredStatement; seeded: SeededTable[]; healthy: boolean }
  | { op: 'failed'; message: string };

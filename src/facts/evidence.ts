// Facts of the `evidence` source: what production already recorded (access logs, OTLP traces, HAR files), read
// offline by the evidence collector. Plain JSON-serialisable data, bounded by the readers' caps.
import type { AccessLogFormat } from '../evidence/access-formats.js';
import type { AccessRouteStats, AccessTotals, OtherRoutes } from '../evidence/access-stats.js';
import type { HarPage } from '../evidence/har.js';
import type { QueryStats, TraceRouteStats, TraceThresholds, TraceTotals } from '../evidence/trace-stats.js';

export type EvidenceKind = 'access-log' | 'traces' | 'har';

/** One file read (or refused), whatever its kind: the "inputs read" table. */
export interface EvidenceFileRead {
  kind: EvidenceKind;
  /** Path as given or matched, relative to the working directory when under it. */
  path: string;
  /** Access logs: the format detected or named. */
  format: AccessLogFormat | null;
  bytes: number;
  /** Lines (access logs, traces) or entries (HAR). */
  lines: number;
  /** Lines skipped as unreadable (over-long lines included). */
  malformed: number;
  /** Spans (traces) or API calls (HAR); null for access logs. */
  items: number | null;
  /** One line: why the file was rejected or cut short. */
  error: string | null;
}

export interface AccessLogEvidence {
  /** Routes by request count, with p50/p95/p99, 5xx rate, busiest minute, first and last timestamp. */
  routes: AccessRouteStats[];
  other: OtherRoutes | null;
  totals: AccessTotals;
  lines: number;
  parsed: number;
  malformed: number;
}

export interface TraceEvidence {
  routes: TraceRouteStats[];
  /** Query fingerprints over every request: calls, mean, max (bounded, heaviest first). */
  queries: QueryStats[];
  totals: TraceTotals;
  thresholds: TraceThresholds;
  malformedLines: number;
}

export interface HarEvidence {
  path: string;
  entries: number;
  pages: HarPage[];
}

/** A table the report renders as it is (same shape as the report's inventory tables). */
export interface FactTable {
  title: string;
  columns: string[];
  rows: string[][];
  omitted?: number;
}

export interface EvidenceFacts {
  /** The patterns given (flags and config together), per kind. */
  inputs: { accessLogs: string[]; traces: string[]; har: string[] };
  /** Patterns that matched no file. */
  unmatched: string[];
  /** Every file read, in order. */
  files: EvidenceFileRead[];
  /** Null when no access log was given or none could be read. */
  accessLog: AccessLogEvidence | null;
  traces: TraceEvidence | null;
  har: HarEvidence[];
  /** Tables for the report (inputs read; HAR repeated calls; trace routes), rendered generically. */
  inventories: FactTable[];
}

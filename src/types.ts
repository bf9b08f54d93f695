// Shared vocabulary of the pipeline: severities, bars, findings, check results and the report.

export const SEVERITIES = ['blocker', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const BARS = ['domain', 'ssl', 'deployments', 'secrets', 'caching', 'monitoring', 'email'] as const;
export type Bar = (typeof BARS)[number];

export const PIPELINE_STAGES = ['web', 'tls', 'dns', 'email', 'repo', 'migrations', 'perf', 'db', 'protection', 'monitoring'] as const;
export type PipelineStage = (typeof PIPELINE_STAGES)[number];

/** Roadmap stage: 1 audit, 2 domain and email, 3 deployment safety, 4 performance, 5 protection, 6 monitoring. */
export type RoadmapStage = 1 | 2 | 3 | 4 | 5 | 6;

export const ROADMAP_STAGE_NAMES: Record<RoadmapStage, string> = {
  1: 'Quick audit',
  2: 'Domain and email',
  3: 'Deployment safety',
  4: 'Performance baseline',
  5: 'Protection',
  6: 'Monitoring and handover',
};

/** What a check reports for one problem at one place. */
export interface FindingDraft {
  /** Where: a URL, host, file:line, route or domain. Part of the fingerprint. */
  target: string;
  /** What the check saw: headers, records, lines, measurements. Secrets only masked. */
  evidence: Record<string, unknown>;
  /** Overrides the catalog's default severity where CHECKS.md allows it. */
  severity?: Severity;
  /** Overrides the check's failure title for this finding. */
  title?: string;
  /** Overrides the check's generic fix with the exact record, header or SQL. */
  fix?: string;
  /** Extra stable parts for the fingerprint when target alone is not unique (e.g. rule id). */
  key?: string;
}

export interface Finding {
  id: string;
  fingerprint: string;
  severity: Severity;
  stage: RoadmapStage;
  bar: Bar | null;
  title: string;
  target: string;
  evidence: Record<string, unknown>;
  fix: string;
  owner: string | null;
  impactRank: number;
  fixOrder: number;
  baseline: 'new' | 'known' | null;
}

export type CheckStatus = 'passed' | 'failed' | 'not-applicable' | 'error' | 'skipped';

export interface CheckResult {
  id: string;
  status: CheckStatus;
  reason: string | null;
  durationMs: number;
}

export type BarStatus = 'pass' | 'fail' | 'unknown';

export interface MinimumBarRow {
  row: Bar;
  status: BarStatus;
  findings: string[];
  missing: string | null;
}

export interface BlockerEntry {
  fingerprint: string;
  id: string;
  owner: string | null;
  fixOrder: number;
  /** fixOrder numbers of the blockers this one waits on (DNS before TLS before redirects). */
  after: number[];
}

export interface RedirectHop {
  url: string;
  status: number | null;
  location?: string | null;
  error?: string | null;
}

export interface TlsSummary {
  issuer: string | null;
  subject?: string | null;
  validTo: string | null;
  daysLeft: number | null;
  protocols: string[];
  authorized: boolean | null;
  error?: string | null;
}

export interface DomainMapVariant {
  url: string;
  hops: RedirectHop[];
  final: string | null;
  tls: TlsSummary | null;
  error?: string | null;
}

export interface DomainMapEntry {
  host: string;
  addresses: string[];
  cname: string | null;
  cnameChain?: string[];
  role?: string;
  /** On the canonical host only, in plain words: "every variant ends on https://app.acme.example; apex redirects with 301". */
  canonicalRule?: string;
  variants: DomainMapVariant[];
}

export interface RouteMetrics {
  method: string;
  path: string;
  kind: string;
  budgetMs: number;
  requests: number;
  rps: number;
  errorsPct: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  breakingRps: number | null;
  queriesPerRequest: number | null;
  /** Production rows: the time window the access log covers. */
  window?: { from: string | null; to: string | null };
  /** latency samples per offered rate, for the latency-vs-rate chart */
  curve?: { rps: number; p95Ms: number; errorsPct: number }[];
  /** Where the numbers come from: the load stage, or production evidence (access logs, traces). */
  source?: RouteSource;
  /** Latency percentiles of the baseline (coordinated-omission corrected), for the distribution chart. */
  distribution?: { percentile: number; ms: number }[];
  /** Against the same route in the --baseline report. */
  change?: RouteChange;
  /** Set when (nearly) every answer was a 4xx refusal (wrong path, method or credentials): the numbers are the refusal's, not the route's. */
  refusal?: RouteRefusalMetrics;
}

/** How a route refused the load probe: the status it answered most (null when only the class is known), refused of outcomes. */
export interface RouteRefusalMetrics {
  status: number | null;
  refused: number;
  outcomes: number;
}

export type RouteSource = 'load' | 'production';

export interface RouteChange {
  previousP95Ms: number;
  p95DeltaMs: number;
  /** null when the previous p95 was 0. */
  p95DeltaPct: number | null;
  previousBreakingRps: number | null;
}

/** One of the top 3 bottlenecks: the route, the cause found and the fix. */
export interface Bottleneck {
  route: string;
  source: RouteSource;
  /** Short cause: "N+1 queries", "slow query", "unindexed filter", "errors under load", "saturation at 80 req/s", "over budget". */
  cause: string;
  /** What was seen, one line (the finding's title or the measurement). */
  detail: string;
  fix: string;
  severity: Severity | null;
  /** Finding ids behind the cause. */
  findings: string[];
}

export interface Report {
  schemaVersion: 1;
  tool: { name: 'launchready'; version: string };
  startedAt: string;
  durationMs: number;
  target: { canonical: string | null; hosts: string[]; domain: string | null; repo: string | null };
  score: number;
  grade: string;
  minimumBar: MinimumBarRow[];
  checks: CheckResult[];
  findings: Finding[];
  blockers: BlockerEntry[];
  fixed?: { id: string; fingerprint: string; target: string }[];
  domainMap: DomainMapEntry[];
  metrics: { routes: RouteMetrics[]; bottlenecks?: Bottleneck[] };
  /** Inventory tables (env vars, migrations, dependencies) when those stages ran. */
  inventory?: Record<string, unknown>;
  /** Where the html report was written, for the summary line. */
  reportFile?: string | null;
  /** Title and docs of each check that ran, by id, for reporters (SARIF rules); not part of the JSON report. */
  checkDocs?: Record<string, CheckDocsText>;
}

export interface CheckDocsText {
  title: string;
  why: string;
  fix: string;
}

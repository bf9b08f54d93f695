// The facts object: everything the collectors saw, versioned and saveable (--save-facts / --from-facts).
import type { DeployFacts } from './collect/deploy/types.js';
import type { DepsFacts } from './collect/deps/types.js';
import type { DnsFacts } from './collect/dns/types.js';
import type { EmailFacts } from './collect/email/types.js';
import type { EnvFacts } from './collect/env/types.js';
import type { LogsFacts } from './collect/logs/types.js';
import type { MigrationsFacts } from './collect/migrations/types.js';
import type { MonitoringFacts } from './collect/monitoring/types.js';
import type { SecretsFacts } from './collect/secrets/types.js';
import type { TlsFacts } from './collect/tls/types.js';
import type { WebFacts } from './collect/web/types.js';
import type { EvidenceFacts } from './facts/evidence.js';
import type { LoadFacts } from './facts/load.js';
import type { DatabaseFacts } from './facts/pgstats.js';
import type { ProtectionFacts } from './facts/protection.js';
import type { AuditPlan } from './plan.js';

export interface FactsMap {
  dns: DnsFacts;
  web: WebFacts;
  tls: TlsFacts;
  email: EmailFacts;
  secrets: SecretsFacts;
  env: EnvFacts;
  deploy: DeployFacts;
  deps: DepsFacts;
  logs: LogsFacts;
  monitoring: MonitoringFacts;
  migrations: MigrationsFacts;
  evidence: EvidenceFacts;
  protection: ProtectionFacts;
  database: DatabaseFacts;
  load: LoadFacts;
}

export type FactSource = keyof FactsMap;

export const FACT_SOURCES: readonly FactSource[] = [
  'dns',
  'web',
  'tls',
  'email',
  'secrets',
  'env',
  'deploy',
  'deps',
  'logs',
  'monitoring',
  'migrations',
  'evidence',
  'protection',
  'load',
  'database',
];

/** A collector that failed returns this instead of its facts. */
export interface CollectorFailure {
  error: { code: string; message: string };
}

export function isCollectorFailure(value: unknown): value is CollectorFailure {
  return typeof value === 'object' && value !== null && 'error' in value && typeof (value as CollectorFailure).error?.message === 'string' && Object.keys(value).length === 1;
}

export interface Facts {
  schemaVersion: 1;
  tool: { name: 'launchready'; version: string };
  collectedAt: string;
  durationMs: number;
  plan: AuditPlan;
  /** Why a source was not collected: missing input, or its stage left out. */
  missing: Partial<Record<FactSource, string>>;
  sources: { [K in FactSource]?: FactsMap[K] | CollectorFailure };
  /** Milliseconds each collector took. */
  timings: Partial<Record<FactSource, number>>;
}

export const FACTS_SCHEMA_VERSION = 1;

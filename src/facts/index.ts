// The facts object: everything the collectors saw, versioned and saveable (--save-facts / --from-facts).

import type { AuditPlan } from '../plan.js';
import type { DeployFacts } from './deploy.js';
import type { DepsFacts } from './deps.js';
import type { DnsFacts } from './dns.js';
import type { EmailFacts } from './email.js';
import type { EnvFacts } from './env.js';
import type { EvidenceFacts } from './evidence.js';
import type { LoadFacts } from './load.js';
import type { LogsFacts } from './logs.js';
import type { MigrationsFacts } from './migrations.js';
import type { MonitoringFacts } from './monitoring.js';
import type { DatabaseFacts } from './pgstats.js';
import type { ProtectionFacts } from './protection.js';
import type { SecretsFacts } from './secrets.js';
import type { TlsFacts } from './tls.js';
import type { WebFacts } from './web.js';

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

/** Target of repo-wide findings: the repo root, relative, so fingerprints survive a different checkout path. */
export const REPO_ROOT = '.';

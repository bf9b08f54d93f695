// Every collector, explicitly. A source with no collector yet is reported as "not implemented yet".
import type { Collector } from './collector.js';
import { deployCollector } from './deploy/index.js';
import { depsCollector } from './deps/index.js';
import { dnsCollector } from './dns/index.js';
import { emailCollector } from './email/index.js';
import { envCollector } from './env/index.js';
import { evidenceCollector } from './evidence/index.js';
import { loadCollector } from './load/index.js';
import { logsCollector } from './logs/index.js';
import { migrationsCollector } from './migrations/index.js';
import { monitoringCollector } from './monitoring/index.js';
import { databaseCollector } from './pgstats/index.js';
import { protectionCollector } from './protection/index.js';
import { secretsCollector } from './secrets/index.js';
import { tlsCollector } from './tls/index.js';
import { webCollector } from './web/index.js';

export const COLLECTORS: readonly (Collector | null)[] = [
  dnsCollector,
  webCollector,
  tlsCollector,
  emailCollector,
  secretsCollector,
  envCollector,
  deployCollector,
  depsCollector,
  logsCollector,
  monitoringCollector,
  migrationsCollector,
  evidenceCollector,
  protectionCollector,
  databaseCollector,
  loadCollector,
] as Collector[];

// Every check, explicitly, by stage. A catalog id without a check here is reported "skipped: not implemented yet".

import { dbChecks } from './db/index.js';
import type { AnyCheck } from './define.js';
import { dnsChecks } from './dns/index.js';
import { emailChecks } from './email/index.js';
import { migrationsChecks } from './migrations/index.js';
import { monitoringChecks } from './monitoring/index.js';
import { perfChecks } from './perf/index.js';
import { protectionChecks } from './protection/index.js';
import { repoChecks } from './repo/index.js';
import { tlsChecks } from './tls/index.js';
import { webChecks } from './web/index.js';

export const CHECKS: readonly AnyCheck[] = [
  ...dnsChecks,
  ...webChecks,
  ...tlsChecks,
  ...emailChecks,
  ...repoChecks,
  ...migrationsChecks,
  ...perfChecks,
  ...dbChecks,
  ...protectionChecks,
  ...monitoringChecks,
];

export const CHECKS_BY_ID: ReadonlyMap<string, AnyCheck> = new Map(CHECKS.map((c) => [c.meta.id, c]));

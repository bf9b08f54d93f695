// PostgreSQL statistics collector (source `database`, stage db): pg_stat_statements status and statements since the
// last reset, catalog and statistics views, and — when the load stage ran with the same database — the per-route
// deltas its observer measured. Read-only: every session has default_transaction_read_only on.

import type { DatabaseFacts } from '../../facts/pgstats.js';
import type { Redactor } from '../../mask.js';
import type { AuditPlan, AuditSecrets } from '../../plan.js';
import type { CollectRun } from '../collector.js';
import { defineCollector } from '../collector.js';
import { readForeignKeys, readIndexes, readTables } from './catalog.js';
import { PgStatsObserver, settleAfterWindows } from './observer.js';
import { statStatementsAccess, withSession } from './session.js';
import { snapshotStatements, topStatements } from './snapshot.js';

export { PgStatsObserver } from './observer.js';

const TOP_STATEMENTS = 100;

/**
 * The observer to pass to the load stage (pipeline `loadObservers`) when a database is configured, else null. The
 * database collector finds it among the run's load observers and reports its windows.
 */
export function databaseLoadObserver(plan: AuditPlan, secrets: AuditSecrets, timeoutMs: number, redactor: Redactor): PgStatsObserver | null {
  return plan.databaseConfigured && secrets.databaseUrl ? new PgStatsObserver(secrets.databaseUrl, Math.max(1000, timeoutMs), redactor) : null;
}

/** The PgStatsObserver among the run's load observers (CollectRun.loadObservers once the load stage is wired). */
function observerOf(run: CollectRun): PgStatsObserver | null {
  const given = (run as { loadObservers?: readonly unknown[] }).loadObservers ?? [];
  return (given.find((o) => o instanceof PgStatsObserver) as PgStatsObserver | undefined) ?? null;
}

/** Catalog, statistics and (when given) load-window facts of the database behind the URL; credentials in statement texts go to the redactor. */
export async function collectDatabaseFacts(connectionString: string, timeoutMs: number, redactor: Redactor, observer: PgStatsObserver | null = null): Promise<DatabaseFacts> {
  if (observer) await settleAfterWindows(observer);
  return withSession(connectionString, timeoutMs, async (client) => {
    const info = await client.query(
      `SELECT /* launchready:pgstats */ current_setting('server_version') AS version, current_database() AS db,
              (SELECT stats_reset FROM pg_catalog.pg_stat_database WHERE datname = current_database()) AS reset`,
    );
    const access = await statStatementsAccess(client);
    const truncated: string[] = [];
    const top = access.view ? topStatements(await snapshotStatements(client, access), TOP_STATEMENTS, redactor) : [];
    const foreignKeys = await readForeignKeys(client, truncated);
    const tables = await readTables(client, truncated);
    const indexes = await readIndexes(client, truncated, redactor);
    const reset = info.rows[0]?.reset;
    const { view: _view, totalColumn: _column, ...status } = access;
    if (observer?.problem && !status.problem) status.problem = observer.problem;
    return {
      server: { version: info.rows[0]?.version ?? null, database: info.rows[0]?.db ?? null },
      statStatements: status,
      statsResetAt: reset instanceof Date ? reset.toISOString() : reset ? String(reset) : null,
      routes: observer ? [...observer.windows] : null,
      topStatements: top,
      foreignKeys,
      tables,
      indexes,
      truncated,
    };
  });
}

export const databaseCollector = defineCollector({
  source: 'database',
  title: 'PostgreSQL statistics',
  // perf too: perf.n-plus-one, perf.queries-per-request and perf.slow-query read these facts
  stages: ['db', 'perf'],
  // after the load stage when it exists: its observer fills the per-route windows this collector reports
  after: ['load'],
  missingInput: (plan) => (plan.databaseConfigured ? null : 'no database: give --database-url or database.urlEnv in the config'),
  async collect(run) {
    const url = run.secrets.databaseUrl;
    if (!url) return { error: { code: 'NO_DATABASE_URL', message: 'the database URL is empty (database.urlEnv names an unset variable?)' } };
    run.progress('reading pg_stat_statements and catalog statistics (read-only)');
    try {
      return await collectDatabaseFacts(url, Math.max(1000, run.net.timeoutMs), run.redactor, observerOf(run));
    } catch (error) {
      const e = error as NodeJS.ErrnoException;
      return {
        error: {
          code: e?.code ?? 'DATABASE',
          message: `PostgreSQL: ${String(e?.message ?? error)
            .split('\n')[0]
            ?.slice(0, 300)}`,
        },
      };
    }
  },
});

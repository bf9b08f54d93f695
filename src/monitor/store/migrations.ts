// Versioned schema migrations, applied at start under the store lock so several workers starting together apply each once.
// The same DDL runs on SQLite and PostgreSQL (BIGINT and DOUBLE PRECISION get the right affinity in SQLite).
import type { SqlDriver } from './sql.js';

export interface Migration {
  version: number;
  description: string;
  statements: string[];
}

const rollupTable = (name: string) => `CREATE TABLE ${name} (
  monitor TEXT NOT NULL,
  bucket BIGINT NOT NULL,
  checks INTEGER NOT NULL,
  failures INTEGER NOT NULL,
  timed INTEGER NOT NULL,
  sum_ms DOUBLE PRECISION NOT NULL,
  min_ms DOUBLE PRECISION,
  max_ms DOUBLE PRECISION,
  p50_ms DOUBLE PRECISION,
  p95_ms DOUBLE PRECISION,
  hist TEXT NOT NULL,
  PRIMARY KEY (monitor, bucket)
)`;

const MIGRATIONS: Migration[] = [
  {
    version: 1,
    description: 'results, roll-ups, incidents, alerts sent, monitor state',
    statements: [
      `CREATE TABLE results (
        monitor TEXT NOT NULL,
        at BIGINT NOT NULL,
        ok INTEGER NOT NULL,
        response_ms DOUBLE PRECISION,
        error TEXT,
        worker TEXT
      )`,
      'CREATE INDEX results_monitor_at ON results (monitor, at)',
      'CREATE INDEX results_at ON results (at)',
      rollupTable('rollup_minute'),
      'CREATE INDEX rollup_minute_bucket ON rollup_minute (bucket)',
      rollupTable('rollup_hour'),
      'CREATE INDEX rollup_hour_bucket ON rollup_hour (bucket)',
      'CREATE TABLE rollup_state (name TEXT PRIMARY KEY, through_ms BIGINT NOT NULL)',
      `CREATE TABLE incidents (
        id TEXT PRIMARY KEY,
        monitor TEXT NOT NULL,
        started_at BIGINT NOT NULL,
        ended_at BIGINT,
        last_error TEXT NOT NULL,
        opened_by TEXT
      )`,
      // at most one open incident per monitor, whatever the number of workers racing to open it
      'CREATE UNIQUE INDEX incidents_one_open ON incidents (monitor) WHERE ended_at IS NULL',
      'CREATE INDEX incidents_monitor_started ON incidents (monitor, started_at)',
      `CREATE TABLE alerts_sent (
        incident_id TEXT NOT NULL,
        event TEXT NOT NULL,
        claimed_at BIGINT NOT NULL,
        worker TEXT,
        delivered_at BIGINT,
        PRIMARY KEY (incident_id, event)
      )`,
      'CREATE TABLE monitor_state (monitor TEXT PRIMARY KEY, state TEXT NOT NULL, updated_at BIGINT NOT NULL)',
    ],
  },
  {
    version: 2,
    description: 'monitors_schedule: next run and lease per monitor, shared by every worker',
    statements: [
      `CREATE TABLE monitors_schedule (
        monitor TEXT PRIMARY KEY,
        interval_ms BIGINT NOT NULL,
        next_run_at BIGINT NOT NULL,
        lease_until BIGINT,
        leased_by TEXT
      )`,
      'CREATE INDEX monitors_schedule_next ON monitors_schedule (next_run_at)',
    ],
  },
  {
    version: 3,
    description: 'monitor_latest (last result and certificate expiry per monitor) and heartbeats, for the dashboard and heartbeat monitors',
    statements: [
      `CREATE TABLE monitor_latest (
        monitor TEXT PRIMARY KEY,
        at BIGINT NOT NULL,
        ok INTEGER NOT NULL,
        response_ms DOUBLE PRECISION,
        error TEXT,
        cert_expires_at BIGINT,
        cert_checked_at BIGINT
      )`,
      'CREATE TABLE heartbeats (monitor TEXT PRIMARY KEY, last_at BIGINT NOT NULL, received BIGINT NOT NULL)',
    ],
  },
  {
    version: 4,
    description: 'results: one row per check (unique monitor, at, worker), so a batch written again after a lost commit confirmation adds nothing',
    statements: [
      // a worker that lost the confirmation of a committed batch (database restart) wrote it again: keep one copy of each
      // check (the copies are identical; rows without a worker are not constrained by the index and stay as they are)
      `CREATE TABLE results_duplicates AS
        SELECT monitor, at, worker, MAX(ok) AS ok, MAX(response_ms) AS response_ms, MAX(error) AS error
        FROM results WHERE worker IS NOT NULL GROUP BY monitor, at, worker HAVING COUNT(*) > 1`,
      `DELETE FROM results WHERE worker IS NOT NULL
        AND EXISTS (SELECT 1 FROM results_duplicates d WHERE d.monitor = results.monitor AND d.at = results.at AND d.worker = results.worker)`,
      'INSERT INTO results (monitor, at, ok, response_ms, error, worker) SELECT monitor, at, ok, response_ms, error, worker FROM results_duplicates',
      'DROP TABLE results_duplicates',
      // one worker runs a monitor at most once at a time and at least one interval (>= 1 ms) apart, so (monitor, at in
      // ms, worker) names one check; the index also serves every (monitor, at) lookup the old index did
      'CREATE UNIQUE INDEX results_check ON results (monitor, at, worker)',
      'DROP INDEX results_monitor_at',
    ],
  },
];

/** Advisory lock key for migrations (PostgreSQL); any constant distinct from the roll-up key. */
const MIGRATION_LOCK = 7_310_001;

/** Apply every migration newer than the database's schema_version; returns the version reached. */
export async function migrate(db: SqlDriver, migrations: Migration[] = MIGRATIONS): Promise<number> {
  return db.transaction(MIGRATION_LOCK, async (tx) => {
    await tx.run('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at BIGINT NOT NULL)');
    const [row] = await tx.all<{ v: number | string | null }>('SELECT MAX(version) AS v FROM schema_version');
    let current = row?.v === null || row?.v === undefined ? 0 : Number(row.v);
    const known = Math.max(0, ...migrations.map((m) => m.version));
    if (current > known) throw new Error(`the monitor store has schema version ${current}, newer than this launchready knows (${known}): upgrade launchready`);
    for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
      if (m.version <= current) continue;
      for (const statement of m.statements) await tx.run(statement);
      await tx.run('INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)', [m.version, m.description, Date.now()]);
      current = m.version;
    }
    return current;
  });
}

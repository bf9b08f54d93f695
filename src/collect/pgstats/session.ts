// A read-only session on the user's database: default_transaction_read_only, a statement timeout, and a marker in
// every statement so our own reads are left out of the pg_stat_statements deltas.
import pg from 'pg';
import type { StatStatementsStatus } from '../../facts/pgstats.js';

/** Inside every statement we send (pg_stat_statements keeps inner comments in its text). */
export const OWN_QUERY_MARKER = 'launchready:pgstats';
export const MARK = `/* ${OWN_QUERY_MARKER} */`;

export async function readOnlySession(connectionString: string, timeoutMs: number): Promise<pg.Client> {
  const ms = Math.max(1000, Math.floor(timeoutMs));
  const client = new pg.Client({
    connectionString,
    connectionTimeoutMillis: ms,
    query_timeout: ms,
    application_name: 'launchready',
    // read-only by default for every transaction of the session: the analysis never writes to the user's database
    options: `-c default_transaction_read_only=on -c statement_timeout=${ms} -c lock_timeout=${Math.min(ms, 2000)}`,
  });
  client.on('error', () => {}); // a dropped connection surfaces on the next query
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => {});
    throw error;
  }
  return client;
}

export async function withSession<T>(connectionString: string, timeoutMs: number, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = await readOnlySession(connectionString, timeoutMs);
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => {});
  }
}

const CREATE_EXTENSION_LINE = 'CREATE EXTENSION IF NOT EXISTS pg_stat_statements;';

/** The postgresql.conf line that preloads pg_stat_statements, keeping the libraries already there. */
function preloadLine(current: string | null): string {
  const libs = (current ?? '')
    .split(',')
    .map((s) => s.trim().replace(/^"|"$/g, ''))
    .filter((s) => s !== '' && s !== 'pg_stat_statements');
  return `shared_preload_libraries = '${[...libs, 'pg_stat_statements'].join(', ')}'   # in postgresql.conf, then restart PostgreSQL`;
}

export interface StatStatementsAccess extends StatStatementsStatus {
  /** schema-qualified view name when usable. */
  view: string | null;
  /** total_exec_time (PostgreSQL 13+) or total_time. */
  totalColumn: string;
}

function qualified(schema: string, name: string): string {
  return `"${schema.replace(/"/g, '""')}"."${name}"`;
}

/** Whether pg_stat_statements is preloaded and created here, and which fix lines apply when not. */
export async function statStatementsAccess(client: pg.Client): Promise<StatStatementsAccess> {
  const { rows } = await client.query(
    `SELECT ${MARK} current_setting('shared_preload_libraries', true) AS preload,
            (SELECT n.nspname FROM pg_catalog.pg_extension e JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_stat_statements') AS schema`,
  );
  const preloadSetting: string | null = rows[0]?.preload ?? null;
  const schema: string | null = rows[0]?.schema ?? null;
  const preloaded = preloadSetting === null ? null : /(?:^|[\s,"])pg_stat_statements(?:$|[\s,"])/.test(preloadSetting);
  const created = schema !== null;
  const fix: string[] = [];
  const problems: string[] = [];
  if (preloaded === false) {
    problems.push('pg_stat_statements is not in shared_preload_libraries');
    fix.push(preloadLine(preloadSetting));
  }
  if (!created) {
    problems.push('the pg_stat_statements extension is not created in this database');
    fix.push(CREATE_EXTENSION_LINE);
  }
  const base = { preloaded, created, schema, textHidden: false };
  if (problems.length > 0) return { ...base, problem: problems.join('; '), fix, view: null, totalColumn: 'total_exec_time' };
  const view = qualified(schema as string, 'pg_stat_statements');
  const cols = await client.query(
    `SELECT ${MARK} attname FROM pg_catalog.pg_attribute WHERE attrelid = to_regclass($1) AND attname IN ('total_exec_time', 'total_time') AND NOT attisdropped`,
    [view],
  );
  const totalColumn = cols.rows.some((r) => r.attname === 'total_exec_time') ? 'total_exec_time' : 'total_time';
  try {
    // created but not preloaded (the setting unreadable) fails here: "must be loaded via shared_preload_libraries"
    const probe = await client.query(`SELECT ${MARK} count(*) FILTER (WHERE query = '<insufficient privilege>')::int AS hidden FROM ${view} LIMIT 1`);
    return { ...base, textHidden: Number(probe.rows[0]?.hidden ?? 0) > 0, problem: null, fix: [], view, totalColumn };
  } catch (error) {
    const message = String((error as Error).message ?? error).split('\n')[0] ?? '';
    if (/shared_preload_libraries/i.test(message))
      return { ...base, preloaded: false, problem: 'pg_stat_statements is not in shared_preload_libraries', fix: [preloadLine(preloadSetting)], view: null, totalColumn };
    return {
      ...base,
      problem: `pg_stat_statements cannot be read: ${message.slice(0, 200)}`,
      fix: ['GRANT pg_read_all_stats TO <the role in --database-url>;'],
      view: null,
      totalColumn,
    };
  }
}

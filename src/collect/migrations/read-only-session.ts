// The one way the migrations stage talks to the user's database: a read-only session, bounded in time, closed after use.
import pg from 'pg';

/** Runs `use` on a session with default_transaction_read_only and a statement timeout; always closes it. */
export async function withReadOnlySession<T>(databaseUrl: string, timeoutMs: number, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({
    connectionString: databaseUrl,
    connectionTimeoutMillis: timeoutMs,
    query_timeout: timeoutMs,
    options: `-c default_transaction_read_only=on -c statement_timeout=${Math.max(1, Math.floor(timeoutMs))}`,
  });
  client.on('error', () => {}); // a dropped connection surfaces on the query
  try {
    await client.connect();
    return await use(client);
  } finally {
    await client.end().catch(() => {});
  }
}

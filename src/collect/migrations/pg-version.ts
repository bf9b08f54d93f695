// The PostgreSQL major version of the server behind --database-url: the version-dependent migration rules follow it.
import pg from 'pg';

/** server_version_num / 10000, or null when the server cannot be asked (the caller falls back to the default). */
export async function serverMajorVersion(connectionString: string, timeoutMs: number): Promise<number | null> {
  const client = new pg.Client({ connectionString, connectionTimeoutMillis: timeoutMs, query_timeout: timeoutMs });
  try {
    await client.connect();
    const result = await client.query<{ v: string }>('SHOW server_version_num');
    const num = Number(result.rows[0]?.v);
    return Number.isInteger(num) && num >= 90000 ? Math.floor(num / 10000) : null;
  } catch {
    return null;
  } finally {
    await client.end().catch(() => undefined);
  }
}

// The load stage's observer: a pg_stat_statements snapshot before and after each route's load window (routes are
// loaded one at a time), call deltas ÷ requests sent = queries per request. A short read-only session per snapshot,
// so nothing stays open when the load stage stops early.
import type { RouteQueryWindow } from '../../facts/pgstats.js';
import type { Redactor } from '../../mask.js';
import type { LoadWindowObserver } from '../load/window.js';
import { type StatStatementsAccess, statStatementsAccess, withSession } from './session.js';
import { type StatementSnapshot, snapshotStatements, statementDelta } from './snapshot.js';

const MAX_WINDOW_STATEMENTS = 50;
/** Backends flush table and index counters at most once a second when idle (PostgreSQL 15+ PGSTAT_MIN_INTERVAL). */
const STATS_FLUSH_MS = 1200;

/** Waits until the app's backends have flushed the counters of the last window. */
export async function settleAfterWindows(observer: PgStatsObserver): Promise<void> {
  if (observer.lastEndedAt === null) return;
  const wait = observer.lastEndedAt + STATS_FLUSH_MS - performance.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
}

export class PgStatsObserver implements LoadWindowObserver {
  readonly windows: RouteQueryWindow[] = [];
  /** performance.now() when the last window ended (null: none yet). */
  lastEndedAt: number | null = null;
  /** Why windows could not be measured (pg_stat_statements unusable, connection failed), or null. */
  problem: string | null = null;
  private access: StatStatementsAccess | null = null;
  private readonly open = new Map<string, { snapshot: StatementSnapshot; startedAt: number }>();

  constructor(
    private readonly connectionString: string,
    private readonly timeoutMs: number,
    /** This run's: credentials masked out of the statement texts are registered here. */
    private readonly redactor: Redactor,
  ) {}

  private async snapshot(): Promise<StatementSnapshot | null> {
    try {
      return await withSession(this.connectionString, this.timeoutMs, async (client) => {
        this.access ??= await statStatementsAccess(client);
        if (!this.access.view) {
          this.problem = this.access.problem;
          return null;
        }
        return snapshotStatements(client, this.access);
      });
    } catch (error) {
      this.problem = `pg_stat_statements snapshot failed: ${String((error as Error)?.message ?? error)
        .split('\n')[0]
        ?.slice(0, 200)}`;
      return null;
    }
  }

  async begin(routeKey: string): Promise<void> {
    const snapshot = await this.snapshot();
    if (snapshot) this.open.set(routeKey, { snapshot, startedAt: performance.now() });
  }

  async end(routeKey: string, requestsSent: number): Promise<{ queriesPerRequest: number | null }> {
    const started = this.open.get(routeKey);
    this.open.delete(routeKey);
    if (!started) return { queriesPerRequest: null };
    const after = await this.snapshot();
    if (!after) return { queriesPerRequest: null };
    const windowMs = Math.round(performance.now() - started.startedAt);
    const statements = statementDelta(started.snapshot, after, this.redactor);
    const totalCalls = statements.reduce((sum, s) => sum + s.calls, 0);
    const queriesPerRequest = requestsSent > 0 ? Math.round((totalCalls / requestsSent) * 100) / 100 : null;
    const window: RouteQueryWindow = {
      route: routeKey,
      requestsSent,
      windowMs,
      totalCalls,
      queriesPerRequest,
      statements: statements.slice(0, MAX_WINDOW_STATEMENTS),
      omittedStatements: Math.max(0, statements.length - MAX_WINDOW_STATEMENTS),
    };
    this.windows.push(window);
    this.lastEndedAt = performance.now();
    return { queriesPerRequest };
  }
}

// Hooks around each route's load window (routes are loaded one at a time): the PostgreSQL statistics observer
// snapshots pg_stat_statements in begin/end and answers the route's queries per request.
export interface LoadWindowObserver {
  begin(routeKey: string): Promise<void>;
  end(routeKey: string, requestsSent: number): Promise<{ queriesPerRequest: number | null } | void>;
}

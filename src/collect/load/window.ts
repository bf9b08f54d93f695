// Hook around each route's load window: routes are loaded one at a time, so a database observer can snapshot its
// statistics before and after and divide the deltas by the requests sent (queries per request, N+1).

export interface LoadWindowObserver {
  begin(routeKey: string): Promise<void>;
  // biome-ignore lint/suspicious/noConfusingVoidType: the shared hook contract lets an observer return nothing
  end(routeKey: string, requestsSent: number): Promise<{ queriesPerRequest: number | null } | void>;
}

// Fact builders for the database (PostgreSQL statistics) checks.

import type { Facts } from '../../src/facts/index.ts';
import type { DatabaseFacts, RouteQueryWindow, StatementStat, TableScanFact } from '../../src/facts/pgstats.ts';
import { factsWith } from './facts.ts';

export function databaseFacts(overrides: Partial<DatabaseFacts> = {}): DatabaseFacts {
  return {
    server: { version: '15.8', database: 'app' },
    statStatements: { preloaded: true, created: true, schema: 'public', textHidden: false, problem: null, fix: [] },
    statsResetAt: null,
    routes: null,
    topStatements: [],
    foreignKeys: [],
    tables: [],
    indexes: [],
    truncated: [],
    ...overrides,
  };
}

export function statement(query: string, calls: number, meanMs: number, fingerprint = String(query.length * 7919 + calls)): StatementStat {
  return { fingerprint, query, calls, totalMs: calls * meanMs, meanMs, rows: calls };
}

export function routeWindow(route: string, requestsSent: number, statements: StatementStat[]): RouteQueryWindow {
  const totalCalls = statements.reduce((n, s) => n + s.calls, 0);
  return { route, requestsSent, windowMs: 1000, totalCalls, queriesPerRequest: requestsSent > 0 ? totalCalls / requestsSent : null, statements, omittedStatements: 0 };
}

export function table(name: string, rows: number, seqScan: number, idxScan: number, columns: string[] = ['id'], indexedLeadingColumns: string[] = ['id']): TableScanFact {
  return { schema: 'public', table: name, rows, seqScan, seqTupRead: seqScan * rows, idxScan, sizeBytes: rows * 100, columns, indexedLeadingColumns };
}

export function withDatabase(overrides: Partial<DatabaseFacts> = {}): Facts {
  return factsWith({ database: databaseFacts(overrides) });
}

export const NOT_PRELOADED = {
  preloaded: false,
  created: false,
  schema: null,
  textHidden: false,
  problem: 'pg_stat_statements is not in shared_preload_libraries; the pg_stat_statements extension is not created in this database',
  fix: ["shared_preload_libraries = 'pg_stat_statements'   # in postgresql.conf, then restart PostgreSQL", 'CREATE EXTENSION IF NOT EXISTS pg_stat_statements;'],
};

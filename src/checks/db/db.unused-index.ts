import { quoteIdent } from '../../analyze/sql/normalise-query.js';
import { defineCheck, notApplicable } from '../define.js';

const UNUSED_INDEX_MIN_ROWS = 10_000;

export default defineCheck(
  {
    id: 'db.unused-index',
    title: 'Indexes on large tables are used',
    failureTitle: 'An index on a large table has never been scanned',
    requires: ['database'],
    fix: 'Confirm it is unused on every replica and since a representative period, then DROP INDEX CONCURRENTLY.',
    docs: {
      why: `An index that is never scanned still costs on every INSERT and UPDATE of its table, takes disk and cache, and slows vacuum. Reported for tables with ${UNUSED_INDEX_MIN_ROWS.toLocaleString('en-US')}+ rows, never for unique, primary-key or other constraint indexes. Counts are since the statistics were last reset (in the evidence) and for this server only: check replicas before dropping.`,
      fix: 'Check `idx_scan` in `pg_stat_user_indexes` on the primary and every replica after a representative period (a month-end report may be the only user), then `DROP INDEX CONCURRENTLY IF EXISTS the_index;` (outside a transaction).',
      references: [
        'https://www.postgresql.org/docs/current/monitoring-stats.html#MONITORING-PG-STAT-ALL-INDEXES-VIEW',
        'https://www.postgresql.org/docs/current/sql-dropindex.html',
      ],
    },
  },
  ({ database }) => {
    const candidates = database.indexes.filter((i) => !i.unique && !i.primary && !i.constraint && i.tableRows >= UNUSED_INDEX_MIN_ROWS);
    if (candidates.length === 0) return notApplicable(`no non-unique index on a table with ${UNUSED_INDEX_MIN_ROWS}+ rows`);
    return candidates
      .filter((i) => i.idxScan === 0)
      .map((i) => {
        const name = i.schema === 'public' ? quoteIdent(i.index) : `${quoteIdent(i.schema)}.${quoteIdent(i.index)}`;
        return {
          target: i.schema === 'public' ? i.index : `${i.schema}.${i.index}`,
          title: `Index ${i.index} on ${i.table} (${i.tableRows.toLocaleString('en-US')} rows) has 0 scans`,
          evidence: {
            index: i.index,
            table: i.table,
            definition: i.definition,
            sizeBytes: i.sizeBytes,
            tableRows: i.tableRows,
            idxScan: 0,
            statsSince: database.statsResetAt ?? 'the cluster was created (never reset)',
          },
          fix: `DROP INDEX CONCURRENTLY IF EXISTS ${name};  -- after confirming 0 scans on every replica over a representative period`,
        };
      });
  },
);

import check from '../../../src/checks/db/db.unused-index.ts';
import type { IndexUsageFact } from '../../../src/facts/pgstats.ts';
import { checkTester } from '../../support/check-tester.ts';
import { withDatabase } from '../../support/database-facts.ts';

const index = (name: string, idxScan: number, tableRows: number, extra: Partial<IndexUsageFact> = {}): IndexUsageFact => ({
  schema: 'public',
  table: 'events',
  index: name,
  idxScan,
  sizeBytes: 4_407_296,
  unique: false,
  primary: false,
  constraint: false,
  tableRows,
  definition: `CREATE INDEX ${name} ON public.events USING btree (kind)`,
  ...extra,
});

checkTester(check, {
  pass: [{ name: 'the index is scanned', facts: withDatabase({ indexes: [index('events_kind_idx', 12, 200_000)] }) }],
  fail: [
    {
      name: 'unused on a large table; unique, primary, constraint and small-table indexes left alone',
      facts: withDatabase({
        statsResetAt: '2026-11-01T00:00:00.000Z',
        indexes: [
          index('events_kind_idx', 0, 200_000),
          index('events_pkey', 0, 200_000, { primary: true, unique: true }),
          index('events_code_key', 0, 200_000, { unique: true, constraint: true }),
          index('tiny_idx', 0, 9_999),
        ],
      }),
      findings: [
        {
          target: 'events_kind_idx',
          evidence: { sizeBytes: 4_407_296, tableRows: 200_000, statsSince: '2026-11-01T00:00:00.000Z' },
          fix: /^DROP INDEX CONCURRENTLY IF EXISTS events_kind_idx;/,
        },
      ],
    },
  ],
  notApplicable: [{ name: 'only small tables', facts: withDatabase({ indexes: [index('tiny_idx', 0, 100)] }) }],
});

import check from '../../../src/checks/db/db.missing-fk-index.ts';
import type { ForeignKeyFact } from '../../../src/facts/pgstats.ts';
import { checkTester } from '../../support/check-tester.ts';
import { withDatabase } from '../../support/database-facts.ts';

const fk = (table: string, columns: string[], coveringIndex: string | null, schema = 'public'): ForeignKeyFact => ({
  schema,
  table,
  constraint: `${table}_${columns.join('_')}_fkey`,
  columns,
  referencedTable: 'accounts',
  referencedColumns: columns.map(() => 'id'),
  coveringIndex,
  tableRows: 5000,
});

checkTester(check, {
  pass: [{ name: 'every foreign key covered', facts: withDatabase({ foreignKeys: [fk('posts', ['author_id'], 'posts_author_id_idx')] }) }],
  fail: [
    {
      name: 'one covered, two not (one in another schema, one multi-column)',
      facts: withDatabase({
        foreignKeys: [fk('posts', ['author_id'], 'posts_author_id_idx'), fk('invoices', ['account_id', 'region'], null, 'billing'), fk('Order', ['account_id'], null)],
      }),
      findings: [
        {
          target: 'billing.invoices.invoices_account_id_region_fkey',
          fix: /^CREATE INDEX CONCURRENTLY IF NOT EXISTS invoices_account_id_region_idx ON billing\.invoices \(account_id, region\);$/,
          evidence: { columns: ['account_id', 'region'] },
        },
        { target: 'Order.Order_account_id_fkey', fix: /ON "Order" \(account_id\);$/ },
      ],
    },
  ],
  notApplicable: [{ name: 'no foreign keys', facts: withDatabase() }],
});

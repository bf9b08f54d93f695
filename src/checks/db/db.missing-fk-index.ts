import { createIndexStatement } from '../../analyze/sql/suggest-index.js';
import { defineCheck, notApplicable } from '../define.js';

export default defineCheck(
  {
    id: 'db.missing-fk-index',
    title: 'Every foreign key has an index on its referencing columns',
    failureTitle: 'A foreign key has no index on its referencing columns',
    requires: ['database'],
    fix: 'CREATE INDEX CONCURRENTLY on the referencing columns of the foreign key.',
    docs: {
      why: 'PostgreSQL indexes the referenced side of a foreign key (its primary key) but not the referencing columns. Without that index every join or lookup by the key scans the child table, and every DELETE or key UPDATE on the parent scans the child table once per row while holding locks.',
      fix: 'Create an index whose leading columns are the foreign key’s columns, without blocking writes: `CREATE INDEX CONCURRENTLY IF NOT EXISTS posts_author_id_idx ON posts (author_id);` (outside a transaction; in a migration tool, disable its transaction for that migration).',
      references: [
        'https://www.postgresql.org/docs/current/ddl-constraints.html#DDL-CONSTRAINTS-FK',
        'https://www.postgresql.org/docs/current/sql-createindex.html#SQL-CREATEINDEX-CONCURRENTLY',
      ],
    },
  },
  ({ database }) => {
    if (database.foreignKeys.length === 0) return notApplicable('the database has no foreign keys');
    return database.foreignKeys
      .filter((fk) => fk.coveringIndex === null && fk.columns.length > 0)
      .map((fk) => {
        const table = fk.schema === 'public' ? fk.table : `${fk.schema}.${fk.table}`;
        return {
          target: `${table}.${fk.constraint}`,
          title: `Foreign key ${table} (${fk.columns.join(', ')}) → ${fk.referencedTable} has no index`,
          evidence: { table, constraint: fk.constraint, columns: fk.columns, references: `${fk.referencedTable} (${fk.referencedColumns.join(', ')})`, tableRows: fk.tableRows },
          fix: createIndexStatement(fk.schema, fk.table, fk.columns),
        };
      });
  },
);

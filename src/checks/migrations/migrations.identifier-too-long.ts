import { hazardFindings, noMigrationsReason } from '../../analyze/sql/migration-findings.js';
import { defineCheck, notApplicable } from '../define.js';

export default defineCheck(
  {
    id: 'migrations.identifier-too-long',
    title: 'Identifiers fit in 63 bytes',
    failureTitle: 'An identifier is longer than 63 bytes and will be truncated',
    requires: ['migrations'],
    fix: 'Shorten the identifier to 63 bytes or fewer.',
    docs: {
      why: 'PostgreSQL truncates identifiers longer than 63 bytes (NAMEDATALEN - 1) with only a NOTICE: two long index or constraint names that differ after byte 63 collide, and a later migration or ORM that refers to the full name does not find the object.',
      fix: 'Rename the table, column, index or constraint to 63 bytes or fewer (multi-byte characters count by bytes). ORMs that generate names (Prisma `map:`, Django `name=`, Rails `name:`) accept an explicit shorter one.',
      references: ['https://www.postgresql.org/docs/current/sql-syntax-lexical.html#SQL-SYNTAX-IDENTIFIERS', 'https://squawkhq.com/docs/identifier-too-long'],
    },
  },
  ({ migrations }) => {
    const none = noMigrationsReason(migrations);
    if (none) return notApplicable(none);
    return hazardFindings(migrations, 'identifier-too-long', (s) => `${s.file}:${s.line}: an identifier longer than 63 bytes`);
  },
);

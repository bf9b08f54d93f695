import { hazardFindings, noMigrationsReason } from '../../analyze/sql/migration-findings.js';
import { defineCheck, notApplicable } from '../define.js';

export default defineCheck(
  {
    id: 'migrations.timestamp-without-tz',
    title: 'New timestamp columns carry a time zone',
    failureTitle: 'A new column is timestamp without time zone',
    requires: ['migrations'],
    fix: 'Use timestamptz (timestamp with time zone).',
    docs: {
      why: 'timestamp without time zone stores wall-clock values with no zone: the same instant is written differently by servers, jobs and clients in different zones or across a daylight-saving change, and comparisons and date arithmetic go wrong silently. timestamptz stores an absolute instant and converts on output, at the same size.',
      fix: 'Declare the column `timestamptz`. Prisma: `DateTime @db.Timestamptz(3)`; Rails 7+: `ActiveRecord::ConnectionAdapters::PostgreSQLAdapter.datetime_type = :timestamptz` or `t.timestamptz`; SQLAlchemy/Alembic: `sa.DateTime(timezone=True)`. Converting an existing column later (`ALTER COLUMN ... TYPE timestamptz`) rewrites the table unless the session time zone is UTC.',
      references: [
        'https://www.postgresql.org/docs/current/datatype-datetime.html',
        'https://wiki.postgresql.org/wiki/Don%27t_Do_This#Don.27t_use_timestamp_.28without_time_zone.29',
        'https://squawkhq.com/docs/prefer-timestamp-tz',
      ],
    },
  },
  ({ migrations }) => {
    const none = noMigrationsReason(migrations);
    if (none) return notApplicable(none);
    // one finding per statement: an ORM's CREATE TABLE often declares several timestamp columns at once
    const drafts = hazardFindings(migrations, 'timestamp-without-tz', (s, h) => `${s.file}:${s.line}: ${h.message.split(':')[0]}`);
    const byTarget = new Map<string, (typeof drafts)[number] & { evidence: { columns?: string[] } }>();
    for (const draft of drafts) {
      const column = String(draft.title).split(': ')[1]?.split(' is ')[0] ?? '';
      const first = byTarget.get(draft.target);
      if (!first) byTarget.set(draft.target, { ...draft, key: draft.target, evidence: { ...draft.evidence, columns: [column] } });
      else {
        first.evidence.columns?.push(column);
        first.title = `${draft.target}: ${first.evidence.columns?.join(', ')} are timestamp without time zone`;
      }
    }
    return [...byTarget.values()];
  },
);

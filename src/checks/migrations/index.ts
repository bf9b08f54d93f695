// Checks of the migrations stage, one file per catalog id.
import type { AnyCheck } from '../define.js';
import backfillInMigration from './migrations.backfill-in-migration.js';
import blockingLock from './migrations.blocking-lock.js';
import breakingChange from './migrations.breaking-change.js';
import concurrentInTransaction from './migrations.concurrent-in-transaction.js';
import identifierTooLong from './migrations.identifier-too-long.js';
import intPrimaryKey from './migrations.int-primary-key.js';
import noLockTimeout from './migrations.no-lock-timeout.js';
import notIdempotent from './migrations.not-idempotent.js';
import timestampWithoutTz from './migrations.timestamp-without-tz.js';
import transactionControl from './migrations.transaction-control.js';

export const migrationsChecks: AnyCheck[] = [
  blockingLock,
  breakingChange,
  noLockTimeout,
  concurrentInTransaction,
  backfillInMigration,
  transactionControl,
  intPrimaryKey,
  timestampWithoutTz,
  identifierTooLong,
  notIdempotent,
];

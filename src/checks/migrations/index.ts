// Checks of the migrations stage, one file per catalog id.
import type { AnyCheck } from '../define.js';
import blockingLock from './migrations.blocking-lock.js';
import breakingChange from './migrations.breaking-change.js';
import concurrentInTransaction from './migrations.concurrent-in-transaction.js';
import noLockTimeout from './migrations.no-lock-timeout.js';

export const migrationsChecks: AnyCheck[] = [blockingLock, breakingChange, noLockTimeout, concurrentInTransaction];

// Checks of the protection stage, one file per catalog id.
import type { AnyCheck } from '../define.js';
import protection_no_edge from './protection.no-edge.js';
import ratelimit_missing from './ratelimit.missing.js';
import ratelimit_no_retry_after from './ratelimit.no-retry-after.js';

export const protectionChecks: AnyCheck[] = [ratelimit_missing, ratelimit_no_retry_after, protection_no_edge];

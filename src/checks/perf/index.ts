// Checks of the perf stage, one file per catalog id.
import type { AnyCheck } from '../define.js';
import perf_inline_long_work from './perf.inline-long-work.js';
import nPlusOne from './perf.n-plus-one.js';
import queriesPerRequest from './perf.queries-per-request.js';
import perf_repeated_api_calls from './perf.repeated-api-calls.js';
import slowQuery from './perf.slow-query.js';

export const perfChecks: AnyCheck[] = [perf_inline_long_work, perf_repeated_api_calls, nPlusOne, queriesPerRequest, slowQuery];

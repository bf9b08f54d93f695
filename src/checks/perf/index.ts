// Checks of the perf stage, one file per catalog id.
import type { AnyCheck } from '../define.js';
import errorsUnderLoad from './perf.errors-under-load.js';
import perf_inline_long_work from './perf.inline-long-work.js';
import lowHeadroom from './perf.low-headroom.js';
import nPlusOne from './perf.n-plus-one.js';
import p95OverBudget from './perf.p95-over-budget.js';
import queriesPerRequest from './perf.queries-per-request.js';
import perf_repeated_api_calls from './perf.repeated-api-calls.js';
import slowQuery from './perf.slow-query.js';

export const perfChecks: AnyCheck[] = [p95OverBudget, errorsUnderLoad, lowHeadroom, nPlusOne, queriesPerRequest, slowQuery, perf_inline_long_work, perf_repeated_api_calls];

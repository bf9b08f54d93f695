// Checks of the perf stage, one file per catalog id.
import type { AnyCheck } from '../define.js';
import nPlusOne from './perf.n-plus-one.js';
import queriesPerRequest from './perf.queries-per-request.js';
import slowQuery from './perf.slow-query.js';

export const perfChecks: AnyCheck[] = [nPlusOne, queriesPerRequest, slowQuery];

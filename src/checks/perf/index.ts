// Checks of the perf stage, one file per catalog id.
import type { AnyCheck } from '../define.js';
import errorsUnderLoad from './perf.errors-under-load.js';
import lowHeadroom from './perf.low-headroom.js';
import p95OverBudget from './perf.p95-over-budget.js';

export const perfChecks: AnyCheck[] = [p95OverBudget, errorsUnderLoad, lowHeadroom];

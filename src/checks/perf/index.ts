// Checks of the perf stage, one file per catalog id.
import type { AnyCheck } from '../define.js';

export const perfChecks: AnyCheck[] = [];

// Checks of the monitoring stage, one file per catalog id.
import type { AnyCheck } from '../define.js';

export const monitoringChecks: AnyCheck[] = [];

// Checks of the db stage, one file per catalog id.
import type { AnyCheck } from '../define.js';

export const dbChecks: AnyCheck[] = [];

// Checks of the protection stage, one file per catalog id.
import type { AnyCheck } from '../define.js';

export const protectionChecks: AnyCheck[] = [];

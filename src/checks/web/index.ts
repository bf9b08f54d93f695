// Checks of the web stage, one file per catalog id.
import type { AnyCheck } from '../define.js';

export const webChecks: AnyCheck[] = [];

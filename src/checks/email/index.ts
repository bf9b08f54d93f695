// Checks of the email stage, one file per catalog id.
import type { AnyCheck } from '../define.js';

export const emailChecks: AnyCheck[] = [];

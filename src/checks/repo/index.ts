// Checks of the repo stage, one file per catalog id.
import type { AnyCheck } from '../define.js';

export const repoChecks: AnyCheck[] = [];

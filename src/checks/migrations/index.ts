// Checks of the migrations stage, one file per catalog id.
import type { AnyCheck } from '../define.js';

export const migrationsChecks: AnyCheck[] = [];

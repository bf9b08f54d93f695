// Checks of the dns stage, one file per catalog id.
import type { AnyCheck } from '../define.js';

export const dnsChecks: AnyCheck[] = [];

// Checks of the tls stage, one file per catalog id.
import type { AnyCheck } from '../define.js';

export const tlsChecks: AnyCheck[] = [];

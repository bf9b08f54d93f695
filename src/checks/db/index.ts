// Checks of the db stage, one file per catalog id.
import type { AnyCheck } from '../define.js';
import missingFkIndex from './db.missing-fk-index.js';
import seqScanHeavy from './db.seq-scan-heavy.js';
import unusedIndex from './db.unused-index.js';

export const dbChecks: AnyCheck[] = [missingFkIndex, seqScanHeavy, unusedIndex];

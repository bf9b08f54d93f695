// Files named on the command line: read and written through src/safe-file.ts, problems become one-line usage errors naming the flag.
import { UsageError } from '../config/load.js';
import { readRegularFileSync, SafeFileError, writeFileAtomicSync } from '../safe-file.js';

/** Memory budget of a facts or baseline file: parsing JSON takes several times its size. */
export const MAX_JSON_INPUT_BYTES = 64 * 1024 * 1024;

/** Reads a file named by `what` (e.g. "--from-facts file"); a missing, special or oversized file is a UsageError. */
export function readInputFile(path: string, what: string, maxBytes: number, hint = 'check the path'): string {
  try {
    return readRegularFileSync(path, { maxBytes }).toString('utf8');
  } catch (error) {
    if (!(error instanceof SafeFileError)) throw error;
    if (error.problem === 'not-found') throw new UsageError(`${what} not found: ${path}`, hint);
    throw new UsageError(`${what} ${error.message}`, error.problem === 'too-large' ? 'pass the file written by launchready' : hint);
  }
}

/** Writes a file named by `what` (e.g. "--out"): temp file + rename, never through a symlink. */
export function writeOutputFile(path: string, what: string, data: string): void {
  try {
    writeFileAtomicSync(path, data);
  } catch (error) {
    if (!(error instanceof SafeFileError)) throw error;
    throw new UsageError(`${what} ${error.message}`, error.problem === 'symlink' ? 'remove the link or choose another path' : 'choose a writable path');
  }
}

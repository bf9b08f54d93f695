// Files named on the command line: read and written through src/safe-file.ts, problems become one-line usage errors naming the flag.
import { lstatSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
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

/** Files this process has written in full, in order: an interrupted run says which (see interrupt.ts). */
export const writtenOutputs: string[] = [];

/** Writes a file named by `what` (e.g. "--out"): temp file + rename, never through a symlink. */
export function writeOutputFile(path: string, what: string, data: string): void {
  try {
    writeFileAtomicSync(path, data);
    if (writtenOutputs.length < 100) writtenOutputs.push(path);
  } catch (error) {
    if (!(error instanceof SafeFileError)) throw error;
    throw new UsageError(`${what} ${error.message}`, error.problem === 'symlink' ? 'remove the link or choose another path' : 'choose a writable path');
  }
}

/** Fails fast, before an audit runs, on an output path that writeOutputFile would refuse at the end. */
export function checkOutputPath(path: string, what: string): void {
  let problem: string | null = null;
  try {
    const st = lstatSync(path);
    if (st.isSymbolicLink()) problem = 'is a symbolic link; refusing to write through it';
    else if (!st.isFile()) problem = 'is not a regular file';
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') problem = `cannot be written (${(error as NodeJS.ErrnoException).code ?? 'error'})`;
    else {
      try {
        if (!statSync(dirname(path)).isDirectory()) problem = 'cannot be written (its directory is not a directory)';
      } catch {
        problem = 'cannot be written (its directory does not exist)';
      }
    }
  }
  if (problem) throw new UsageError(`${what} ${path} ${problem}`, problem.includes('symbolic') ? 'remove the link or choose another path' : 'choose a writable path');
}

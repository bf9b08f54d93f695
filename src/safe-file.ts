// Every file launchready reads or writes goes through here: one open, regular files only, a byte cap that does not
// trust stat (a symlink to /dev/zero, a FIFO, a file growing while read), and writes that never follow a planted symlink.
import { closeSync, constants, fstatSync, fsyncSync, lstatSync, openSync, readSync, renameSync, type Stats, unlinkSync, writeSync } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export type SafeFileProblem = 'not-found' | 'not-regular' | 'symlink' | 'too-large' | 'unreadable' | 'unwritable';

/** Repository paths may be raw bytes (not valid UTF-8). */
export type FilePath = string | Buffer;

export class SafeFileError extends Error {
  readonly path: string;
  constructor(
    path: FilePath,
    readonly problem: SafeFileProblem,
    /** What is wrong, to follow the file's name: "is not a regular file (a FIFO)". */
    readonly reason: string,
    /** Bytes seen before stopping (too-large: at least maxBytes + 1). */
    readonly bytes?: number,
  ) {
    const shown = displayName(path);
    super(`${shown} ${reason}`);
    this.path = shown;
  }
}

/** The path as text with control characters escaped: it is printed in messages and may come from a hostile repository. */
function displayName(path: FilePath): string {
  return path.toString().replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

export interface ReadOptions {
  maxBytes: number;
  /** Follow a symlink at the last path component (default true; repository files pass false). */
  follow?: boolean;
  /** Return the first maxBytes instead of failing when the file is longer. */
  truncate?: boolean;
}

function describeSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MiB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KiB`;
  return `${bytes} bytes`;
}

function kindOf(st: Stats): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a FIFO';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  return 'not a regular file';
}

function openFlags(follow: boolean): number {
  // O_NONBLOCK: opening a FIFO with no writer returns at once instead of blocking; fstat then rejects it.
  return constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY | (follow ? 0 : constants.O_NOFOLLOW);
}

function openError(path: FilePath, error: unknown, follow: boolean): SafeFileError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new SafeFileError(path, 'not-found', 'does not exist');
  if (code === 'ELOOP' && !follow) return new SafeFileError(path, 'symlink', 'is a symbolic link');
  if (code === 'EISDIR') return new SafeFileError(path, 'not-regular', 'is not a regular file (a directory)');
  return new SafeFileError(path, 'unreadable', `cannot be read (${code ?? 'error'})`);
}

function notRegular(path: FilePath, st: Stats): SafeFileError | null {
  return st.isFile() ? null : new SafeFileError(path, 'not-regular', `is not a regular file (${kindOf(st)})`);
}

function tooLarge(path: FilePath, maxBytes: number, bytes: number): SafeFileError {
  return new SafeFileError(path, 'too-large', `is larger than ${describeSize(maxBytes)}`, bytes);
}

/**
 * The read loop both readers share. The first read is sized from fstat (+1 to see growth), later ones 1 MiB, so a tiny
 * file never costs a 1 MiB buffer; past maxBytes it truncates or throws, whatever stat said.
 */
class BoundedRead {
  private readonly chunks: Buffer[] = [];
  private total = 0;
  private next: number;
  private truncated = false;

  constructor(
    private readonly path: FilePath,
    statSize: number,
    private readonly options: ReadOptions,
  ) {
    this.next = Math.max(statSize + 1, 64);
  }

  nextSize(): number {
    const size = Math.min(this.next, 1024 * 1024, this.options.maxBytes + 1 - this.total);
    this.next = 1024 * 1024;
    return size;
  }

  /** Keeps a chunk; true when reading should stop (truncated at maxBytes). Throws past maxBytes unless truncating. */
  add(chunk: Buffer): boolean {
    this.chunks.push(chunk);
    this.total += chunk.length;
    if (this.total <= this.options.maxBytes) return false;
    if (!this.options.truncate) throw tooLarge(this.path, this.options.maxBytes, this.total);
    this.truncated = true;
    return true;
  }

  result(): Buffer {
    const all = Buffer.concat(this.chunks);
    return this.truncated ? all.subarray(0, this.options.maxBytes) : all;
  }
}

function readError(path: FilePath, error: unknown): SafeFileError {
  return error instanceof SafeFileError ? error : new SafeFileError(path, 'unreadable', `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
}

/** Reads a whole regular file, at most maxBytes. Throws SafeFileError. */
export function readRegularFileSync(path: FilePath, options: ReadOptions): Buffer {
  const follow = options.follow ?? true;
  let fd: number;
  try {
    fd = openSync(path, openFlags(follow));
  } catch (error) {
    throw openError(path, error, follow);
  }
  try {
    const st = fstatSync(fd);
    const bad = notRegular(path, st);
    if (bad) throw bad;
    const read = new BoundedRead(path, st.size, options);
    for (;;) {
      const chunk = Buffer.allocUnsafe(read.nextSize());
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0 || read.add(chunk.subarray(0, n))) break;
    }
    return read.result();
  } catch (error) {
    throw readError(path, error);
  } finally {
    closeSync(fd);
  }
}

/** Opens a regular file for streaming (logs); the caller bounds what it reads and closes the handle. */
export async function openRegularFile(path: FilePath, options: { follow?: boolean } = {}): Promise<FileHandle> {
  return (await openChecked(path, options.follow ?? true)).handle;
}

/** Opens and checks a regular file; size is fstat's word, used only to size the first read (never trusted as a bound). */
async function openChecked(path: FilePath, follow: boolean): Promise<{ handle: FileHandle; size: number }> {
  let handle: FileHandle;
  try {
    handle = await open(path, openFlags(follow));
  } catch (error) {
    throw openError(path, error, follow);
  }
  const st = await handle.stat().catch(() => null);
  const bad = st ? notRegular(path, st) : new SafeFileError(path, 'unreadable', 'cannot be read (fstat failed)');
  if (bad || !st) {
    await handle.close().catch(() => {});
    throw bad;
  }
  return { handle, size: st.size };
}

/** Async form of readRegularFileSync, for collectors. Throws SafeFileError. */
export async function readRegularFile(path: FilePath, options: ReadOptions): Promise<Buffer> {
  const { handle, size } = await openChecked(path, options.follow ?? true);
  try {
    const read = new BoundedRead(path, size, options);
    for (;;) {
      const want = read.nextSize();
      const { bytesRead, buffer } = await handle.read(Buffer.allocUnsafe(want), 0, want, null);
      if (bytesRead === 0 || read.add(buffer.subarray(0, bytesRead))) break;
    }
    return read.result();
  } catch (error) {
    throw readError(path, error);
  } finally {
    await handle.close().catch(() => {});
  }
}

/**
 * Writes through a temporary file in the same directory, then renames it over path. Refuses a symlink or any
 * non-regular file at path (a planted `report.html -> ../important.txt` is never written through). Throws SafeFileError.
 */
export function writeFileAtomicSync(path: string, data: string | Buffer): void {
  let existing: Stats | null = null;
  try {
    existing = lstatSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new SafeFileError(path, 'unwritable', `cannot be written (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  if (existing?.isSymbolicLink()) throw new SafeFileError(path, 'symlink', 'is a symbolic link; refusing to write through it');
  if (existing && !existing.isFile()) throw new SafeFileError(path, 'not-regular', `is not a regular file (${kindOf(existing)})`);
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${Math.random().toString(36).slice(2, 10)}.tmp`);
  let fd: number | null = null;
  try {
    fd = openSync(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, existing ? existing.mode & 0o777 : 0o644);
    const bytes = typeof data === 'string' ? Buffer.from(data) : data;
    for (let off = 0; off < bytes.length; ) off += writeSync(fd, bytes, off, bytes.length - off);
    fsyncSync(fd);
    closeSync(fd);
    fd = null;
    renameSync(temp, path);
  } catch (error) {
    if (fd !== null) closeSync(fd);
    try {
      unlinkSync(temp);
    } catch {}
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    const why =
      code === 'ENOSPC' ? 'no space left on device' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'ENOENT' ? 'its directory does not exist' : code;
    throw new SafeFileError(path, 'unwritable', `cannot be written (${why})`);
  }
}

// Temp directories for tests, all named launchready-*: removed by removeTempDirs() in an after() hook, and in any case
// when the test process exits (node --test runs each file in its own process), so a failed test leaves none behind.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const made = new Set<string>();

/** A fresh directory under os.tmpdir() named launchready-<what>-XXXXXX. */
export function makeTempDir(what: string): string {
  const dir = mkdtempSync(join(tmpdir(), `launchready-${what}-`));
  made.add(dir);
  return dir;
}

/** Removes every directory makeTempDir made in this process. */
export function removeTempDirs(): void {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
  made.clear();
}

process.once('exit', removeTempDirs);

/**
 * For a harness that removes dir itself: removes it at process exit if a crashed test never did. Exit listeners run in
 * order, so register this after the harness's own exit hook (postfix's needs its config dir). Returns the cancel.
 */
export function removeTempDirOnExit(dir: string): () => void {
  const remove = () => rmSync(dir, { recursive: true, force: true });
  process.once('exit', remove);
  return () => process.removeListener('exit', remove);
}

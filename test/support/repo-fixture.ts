// Writes a fixture repository (path → content) into a fresh temp dir; remove() deletes it.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { removeTempDirOnExit } from './temp-dir.ts';

export interface RepoFixture {
  dir: string;
  remove(): Promise<void>;
}

export async function writeRepo(files: Record<string, string>): Promise<RepoFixture> {
  const dir = await mkdtemp(join(tmpdir(), 'launchready-repo-'));
  const keepDir = removeTempDirOnExit(dir);
  for (const [path, content] of Object.entries(files)) {
    const full = join(dir, ...path.split('/'));
    await mkdir(dirname(full), { recursive: true });
    await writeFile(full, content);
  }
  return {
    dir,
    remove: async () => {
      await rm(dir, { recursive: true, force: true });
      keepDir();
    },
  };
}

// Part of the build: an initialised PGlite data directory, shipped in dist/ so the migrations sandbox loads it instead
// of running initdb on a user's first run (about 4 s of CPU and 900 MB at peak, against under 1 s and 450 MB). Made
// here, on the installing machine, from the installed PGlite; nothing is downloaded. A failure only costs that speed:
// the sandbox then runs initdb once and caches the result in the user's cache directory, as it did before.
// --if-missing: keep a data directory already there (npm test, after the build npm ci ran).
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const root = new URL('..', import.meta.url);
try {
  const { PGlite } = await import('@electric-sql/pglite');
  const pkg = new URL('package.json', new URL('.', import.meta.resolve('@electric-sql/pglite')).href.replace(/dist\/$/, ''));
  const version = String(JSON.parse(readFileSync(pkg, 'utf8')).version).replace(/[^\w.-]/g, '_');
  const dir = new URL('dist/pglite/', root);
  const target = new URL(`pglite-${version}-data.tar.gz`, dir);
  if (process.argv.includes('--if-missing') && existsSync(target)) process.exit(0);
  const started = performance.now();
  // the same fresh cluster the sandbox makes (src/collect/migrations/sandbox-child.ts), before any migration ran
  const db = await PGlite.create({ relaxedDurability: true });
  const tar = Buffer.from(await (await db.dumpDataDir('none')).arrayBuffer());
  await db.close();
  mkdirSync(dir, { recursive: true });
  const temp = new URL(`pglite-${version}-data.tar.gz.${process.pid}.tmp`, dir);
  writeFileSync(temp, gzipSync(tar, { level: 6 }));
  renameSync(temp, target);
  console.log(`prebuilt PGlite ${version} data directory in ${Math.round(performance.now() - started)} ms`);
} catch (error) {
  console.warn(`no prebuilt PGlite data directory (${String(error?.message ?? error).split('\n')[0]}): the first migrations run makes one`);
}

// Writes docs/checks/<id>.md and docs/checks/README.md from the catalog and each check's meta.
import { mkdirSync, writeFileSync } from 'node:fs';
import { CATALOG } from '../src/catalog.ts';
import { CHECKS_BY_ID } from '../src/checks/registry.ts';
import { renderCheckIndex, renderCheckPage } from '../src/docs/check-page.ts';

const dir = new URL('../docs/checks/', import.meta.url);
mkdirSync(dir, { recursive: true });
for (const entry of CATALOG) writeFileSync(new URL(`${entry.id}.md`, dir), renderCheckPage(entry, CHECKS_BY_ID.get(entry.id)));
writeFileSync(
  new URL('README.md', dir),
  renderCheckIndex(CATALOG, (id) => CHECKS_BY_ID.has(id)),
);
console.log(`wrote ${CATALOG.length} check pages to docs/checks/`);

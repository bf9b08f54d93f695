// Inventory tables in the human formats: long paths keep what tells rows apart, and an empty table says why it is empty.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { shortenColumn, shortenPath } from '../../src/report/formats/common.ts';
import { renderHtml } from '../../src/report/formats/html.ts';
import { renderMarkdown } from '../../src/report/formats/markdown.ts';
import { renderTerminal } from '../../src/report/formats/terminal.ts';
import type { Report } from '../../src/types.ts';
import { sampleReport } from '../support/sample-report.ts';

const plain = { color: false, width: 80, htmlPath: null };

/** A Prisma project: every migration is <dir>/migration.sql under one folder (cal.com, documenso, formbricks). */
const PRISMA = ['20240101_add_index', '20240215_add_status', '20240301_init_users'].map((d) => `prisma/migrations/${d}/migration.sql`);

function migrationsReport(files: string[]): Report {
  const report = sampleReport();
  report.inventory = {
    migrations: {
      title: 'Migrations',
      columns: ['file', 'line', 'statement', 'lock mode', 'table', 'measured ms'],
      rows: files.map((f, i) => [f, '1', `ALTER TABLE "Order${i}" ADD COLUMN "status" TEXT NOT NULL DEFAULT 'new'`, 'AccessExclusiveLock', `Order${i}`, '']),
      omitted: 0,
    },
  };
  return report;
}

function section(text: string, heading: string, next: string): string {
  return text.slice(text.indexOf(heading), text.indexOf(next, text.indexOf(heading)));
}

describe('inventory paths', () => {
  it('shortenPath keeps the first directory, the file name and the last directories', () => {
    assert.equal(shortenPath('prisma/migrations/20240101_add_index/migration.sql', 45), 'prisma/…/20240101_add_index/migration.sql');
    assert.equal(shortenPath('prisma/migrations/20240101_add_index/migration.sql', 36), '…/20240101_add_index/migration.sql');
    assert.equal(shortenPath('packages/trpc/server/document-router/signing-status.ts', 30), 'packages/…/signing-status.ts');
    assert.equal(shortenPath('short/path.ts', 40), 'short/path.ts');
    assert.ok([...shortenPath(`${'a/'.repeat(5000)}b.ts`, 20)].length <= 20);
    // a hostile column: 200 cells of 100 KB each are cut in well under a second
    const started = performance.now();
    const huge = Array.from({ length: 200 }, (_, i) => `${'dir/'.repeat(25_000)}${i}.sql`);
    const shown = shortenColumn(huge, 30);
    assert.ok(shown.every((c) => [...c].length <= 30));
    assert.ok(performance.now() - started < 1000, `${Math.round(performance.now() - started)} ms`);
  });

  it('shortenColumn keeps rows apart when a shared file name would make them equal', () => {
    for (const width of [12, 16, 22, 30, 36, 45]) {
      const shown = shortenColumn(PRISMA, width);
      assert.equal(new Set(shown).size, PRISMA.length, `width ${width}: ${shown.join(' | ')}`);
      assert.ok(
        shown.every((s) => [...s].length <= width),
        `width ${width}`,
      );
    }
    assert.deepEqual(shortenColumn(PRISMA, 24), ['…/20240101_add_index/…', '…/20240215_add_status/…', '…/20240301_init_users/…']);
  });

  it('the terminal migrations table at 80 columns tells every migration apart', () => {
    const text = section(renderTerminal(migrationsReport(PRISMA), plain), 'MIGRATIONS', 'WHAT DID NOT RUN');
    const rows = text.split('\n').filter((l) => /AccessExc/.test(l));
    assert.equal(rows.length, 3, text);
    const fileCells = rows.map((r) => r.trim().split(/\s{2,}/)[0]);
    assert.equal(new Set(fileCells).size, 3, `file cells: ${fileCells.join(' | ')}`);
    for (const [i, cell] of fileCells.entries()) assert.ok(cell?.includes(PRISMA[i]?.split('/')[2]?.slice(0, 10) ?? '?'), `${cell} shows its folder's date`);
  });

  it('the markdown table keeps file names and tells long paths apart', () => {
    const deep = PRISMA.map((p) => `${'services/billing/internal/database/'.repeat(3)}${p}`);
    const md = renderMarkdown(migrationsReport(deep), plain);
    const cells = md
      .split('\n')
      .filter((l) => l.includes('AccessExclusiveLock'))
      .map((l) => l.split(' | ')[0]?.replace(/^\| /, ''));
    assert.equal(cells.length, 3);
    assert.equal(new Set(cells).size, 3, cells.join('\n'));
    for (const c of cells) assert.match(c ?? '', /migration\.sql$/);
  });
});

describe('an empty inventory says why', () => {
  function noLockfileReport(): Report {
    const report = sampleReport({
      findings: [{ id: 'deps.no-lockfile', target: 'package.json', evidence: { manifest: 'package.json' } }],
    });
    report.inventory = { dependencies: { title: 'Dependencies', columns: ['package', 'version', 'ecosystem', 'lockfile', 'advisories'], rows: [], omitted: 0 } };
    return report;
  }
  const WHY = /No locked packages to list: package\.json has no lockfile \(deps\.no-lockfile\)\./;

  it('terminal, markdown and html print the same reason instead of a bare header row', () => {
    const report = noLockfileReport();
    const terminal = section(renderTerminal(report, plain), 'DEPENDENCIES', 'WHAT DID NOT RUN');
    assert.match(terminal.replace(/\s+/g, ' '), WHY);
    assert.doesNotMatch(terminal, /package\s+version/);
    const md = renderMarkdown(report, plain);
    assert.match(section(md, '<b>Dependencies</b>', '</details>'), WHY);
    assert.doesNotMatch(md, /\| package \| version \|/);
    const html = renderHtml(report, plain);
    assert.match(section(html, 'id="inventory"', '</section>'), WHY);
    assert.doesNotMatch(section(html, 'id="inventory"', '</section>'), /<th>package<\/th>/);
  });

  it('without a manifest it says there is nothing to lock', () => {
    const report = sampleReport({ findings: [] });
    const check = report.checks.find((c) => c.id === 'deps.no-lockfile');
    assert.ok(check);
    Object.assign(check, { status: 'not-applicable', reason: 'no package manifest with dependencies in the repository' });
    report.inventory = { dependencies: { title: 'Dependencies', columns: ['package'], rows: [], omitted: 0 } };
    assert.match(renderTerminal(report, plain).replace(/\s+/g, ' '), /No locked packages to list: no package manifest with dependencies in the repository\./);
  });
});

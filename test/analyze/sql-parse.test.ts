import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { loadSqlParser, parseSqlScript } from '../../src/analyze/sql/parse.ts';

describe('parseSqlScript', () => {
  before(() => loadSqlParser());

  it('gives each statement its kind, first line (after comments) and text', () => {
    const script = 'BEGIN;\n\n-- add an index\nCREATE INDEX orders_user_idx\n  ON orders (user_id);\n/* block */ ALTER TABLE orders ADD COLUMN note text;\nCOMMIT;\n';
    const parsed = parseSqlScript(script);
    assert.ok('statements' in parsed);
    assert.deepEqual(
      parsed.statements.map((s) => [s.kind, s.line]),
      [
        ['TransactionStmt', 1],
        ['IndexStmt', 4],
        ['AlterTableStmt', 6],
        ['TransactionStmt', 7],
      ],
    );
    assert.equal(parsed.statements[1]?.text, 'CREATE INDEX orders_user_idx\n  ON orders (user_id)');
  });

  it('counts lines in characters, not bytes, after non-ASCII text', () => {
    const parsed = parseSqlScript("COMMENT ON TABLE t IS 'commandes – été';\nDROP TABLE t;", 10);
    assert.ok('statements' in parsed);
    assert.equal(parsed.statements[1]?.line, 11);
    assert.equal(parsed.statements[1]?.text, 'DROP TABLE t;'.replace(';', ''));
  });

  it('returns a syntax error with its line instead of throwing', () => {
    const parsed = parseSqlScript('SELECT 1;\n\nCREATE TABL x (id int);\n');
    assert.ok('error' in parsed);
    assert.match(parsed.error.message, /syntax error at or near "TABL"/);
    assert.equal(parsed.error.line, 3);
  });

  it('counts the error line in characters after non-ASCII text', () => {
    const parsed = parseSqlScript("SELECT 'ééééééééééééééééééééé';\nSELECT 2;\nCREATE TABL x;");
    assert.deepEqual(parsed, { error: { message: 'syntax error at or near "TABL"', line: 3 } });
  });

  it('parses an empty script to no statements', () => {
    const parsed = parseSqlScript('-- nothing here\n');
    assert.deepEqual(parsed, { statements: [] });
  });
});

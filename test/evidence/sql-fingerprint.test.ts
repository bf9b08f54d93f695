import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normaliseQuery, queryId } from '../../src/evidence/sql-fingerprint.ts';

describe('query fingerprints', () => {
  it('normalises literals, placeholders, lists, keywords case and whitespace', () => {
    const cases: [string, string][] = [
      ['select * from items where order_id = 17', 'SELECT * FROM items WHERE order_id = ?'],
      ['SELECT  *\n  FROM items\tWHERE order_id=$1 -- by order\n', 'SELECT * FROM items WHERE order_id = ?'],
      ["SELECT id FROM users WHERE id IN (1, 2, 3) AND status = 'it''s' LIMIT 10;", 'SELECT id FROM users WHERE id IN (?) AND status = ? LIMIT ?'],
      ["insert into t (a,b) values (1,'x'), (2,'y'), (3, 'z')", 'INSERT INTO t(a, b) VALUES (?)'],
      ["SELECT * FROM t WHERE x = -5 AND y > 1.5e3 AND z = E'a\\'b' AND w = 0xFF /* c */", 'SELECT * FROM t WHERE x = ? AND y > ? AND z = ? AND w = ?'],
      ['select count(*) from o where o.id = :id and p = @p1 and q = ?', 'SELECT COUNT(*) FROM o WHERE o.id = ? AND p = ? AND q = ?'],
      ['SELECT $$body$$, x::text FROM t1', 'SELECT ?, x::text FROM t1'],
      ['SELECT "User"."id" FROM "User" WHERE "User"."email" = $1', 'SELECT "User"."id" FROM "User" WHERE "User"."email" = ?'],
      ['{"find":"users","filter":{"_id":"abc123","age":42}}', '{ "find":?, "filter":{ "_id":?, "age":? } }'],
    ];
    for (const [input, want] of cases) assert.equal(normaliseQuery(input), want, input);
  });

  it('gives the same id to the same statement with other literals, and different ids to different statements', () => {
    const a = queryId(normaliseQuery('SELECT * FROM items WHERE id IN (1,2)'));
    const b = queryId(normaliseQuery('select *  from items where id in (7, 8, 9, 10)'));
    const c = queryId(normaliseQuery('SELECT * FROM orders WHERE id IN (1,2)'));
    assert.equal(a, b);
    assert.notEqual(a, c);
    assert.match(a, /^[0-9a-f]{12}$/);
  });

  it('bounds the work on a huge statement', () => {
    const huge = `SELECT * FROM t WHERE id IN (${Array.from({ length: 100_000 }, (_, i) => i).join(',')})`;
    const t0 = performance.now();
    const out = normaliseQuery(huge);
    assert.ok(performance.now() - t0 < 1000);
    assert.ok(out.length < 20_000);
  });
});
